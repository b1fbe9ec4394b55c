# syntax=docker/dockerfile:1
#
# profile-cdc: one image for every command (source, sink, run, setup, generate, ...).
#   docker build -t profile-cdc .
#   docker run --rm profile-cdc --help
#
# The image mirrors the repository's layout under /app: the code resolves connectors/ (connector files) and
# fixture/ relative to its own location (dist/ has the same depth as src/), so they sit beside dist/ here;
# each profile kind's Avro schema and index mapping are copied beside its compiled code by `npm run build`;
# kibana/ holds the saved objects (`kibana import --file`).
# test/integration/deploy.test.ts rebuilds this layout from the COPY lines below and runs it.

ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# --- build: compile TypeScript (src/ -> dist/, relative imports rewritten from .ts to .js) ---
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build

# --- deps: production dependencies only ---
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- runtime ---
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Everything stays owned by root and read-only for the process (Kubernetes runs it with a read-only root
# file system); the pipeline writes nothing to disk.
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY connectors ./connectors
COPY fixture ./fixture
COPY kibana ./kibana
# The node image's unprivileged user, numeric so that Kubernetes can verify runAsNonRoot.
USER 1000:1000
# /metrics, /healthz, /readyz (metrics.port; the health check follows PROFILE_CDC_METRICS_PORT when it is set)
EXPOSE 9464
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PROFILE_CDC_METRICS_PORT || 9464) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "dist/cli/main.js"]
CMD ["run"]

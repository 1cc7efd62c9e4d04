#!/usr/bin/env bash
# A running Docker engine on this machine: Debian's docker.io, dockerd started in the background.
#
#   deployments/docker/engine.sh          # idempotent: exits at once if `docker info` works
#
# No engine runs on a fresh machine and there is no systemd to start one, so this script
# installs docker.io (and debootstrap, for base-image.sh) with apt when dockerd is missing,
# starts dockerd detached (log: $QATRON_DOCKERD_LOG) and waits until it answers.
# Settings (environment): QATRON_DOCKERD_LOG, QATRON_DOCKERD_TIMEOUT (seconds, default 60).
set -euo pipefail

LOG=${QATRON_DOCKERD_LOG:-/var/log/qatron-dockerd.log}
TIMEOUT=${QATRON_DOCKERD_TIMEOUT:-60}
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
# Debian's CLI matches Debian's daemon (API 1.41); a newer CLI earlier on PATH
# (/usr/local/bin/docker) negotiates down, but prefer the matching one when present.
DOCKER=$([ -x /usr/bin/docker ] && echo /usr/bin/docker || command -v docker || echo docker)

engine_answers() { "$DOCKER" info >/dev/null 2>&1; }

if engine_answers; then
  exit 0
fi

if ! command -v dockerd >/dev/null 2>&1 || ! command -v debootstrap >/dev/null 2>&1; then
  echo "engine.sh: installing docker.io and debootstrap with apt" >&2
  # the lock timeout lets `make -j` run this beside another apt-get (system-deps)
  $SUDO apt-get -o DPkg::Lock::Timeout=300 update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
    --no-install-recommends docker.io debootstrap >/dev/null
  DOCKER=$([ -x /usr/bin/docker ] && echo /usr/bin/docker || command -v docker)
fi

if ! pgrep -x dockerd >/dev/null; then
  echo "engine.sh: starting dockerd (log: $LOG)" >&2
  $SUDO mkdir -p "$(dirname "$LOG")"
  # setsid + nohup: the daemon outlives this script, its shell and `make`.
  $SUDO setsid nohup dockerd >>"$LOG" 2>&1 </dev/null &
fi

for _ in $(seq "$((TIMEOUT * 2))"); do
  engine_answers && exit 0
  sleep 0.5
done
echo "engine.sh: dockerd did not answer \`$DOCKER info\` within ${TIMEOUT} s;" \
     "last lines of $LOG:" >&2
tail -n 20 "$LOG" >&2 || true
exit 1

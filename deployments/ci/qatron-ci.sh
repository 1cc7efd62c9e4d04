#!/usr/bin/env bash
# Start a QAtron suite through the Prefect API, wait for it, fetch its reports and exit
# with QAtron's exit code. Needs only curl and python3 (no Prefect client).
#
#   PREFECT_API_URL=https://prefect.example.com/api deployments/ci/qatron-ci.sh \
#     --deployment run-suite/smoke --branch "$BRANCH" --commit "$SHA" \
#     [--param key=value ...] [--timeout S] [--artifacts DIR] [--poll S]
#
# --param values are JSON when they parse as JSON, else strings (as `prefect deployment run`).
# --artifacts DIR receives the run's markdown artifacts (<key>.md: summary, failures) and,
# when the run folder the artifacts link to is on this machine, junit.xml and report.html.
#
# Exit codes (README, "Run statuses and exit codes"), from the final state's name:
#   Completed 0, Failed 1, PartialFailed 3, TimedOut 4, InfraFailed 5, DatasetFailed 6,
#   Cancelled 130, Crashed 5, any other 1; a flow that raised (Prefect's "Flow run
#   encountered an exception") 5;
#   2 bad usage or unknown deployment, 4 --timeout reached (the run is cancelled),
#   5 Prefect API unreachable or failing, 130 this script interrupted (the run is cancelled).
# Environment: PREFECT_API_URL (required); PREFECT_API_KEY (Prefect Cloud) or
# PREFECT_API_AUTH_STRING (user:password, a self-hosted server's basic auth; it wins when
# both are set, except on Prefect Cloud); PREFECT_UI_URL. Credentials never reach a file
# or a command line.
# SIGINT/SIGTERM cancel the flow run and exit 130; after SIGKILL the flow run goes on
# (nothing can cancel it) and only the response bodies are left in $TMPDIR/qatron-ci.*.
set -euo pipefail

readonly EXIT_USAGE=2 EXIT_TIMED_OUT=4 EXIT_API=5 EXIT_INTERRUPTED=130
readonly TERMINAL_TYPES=" COMPLETED FAILED CRASHED CANCELLED "

die() { local code=$1; shift; echo "qatron-ci: $*" >&2; exit "$code"; }
say() { echo "qatron-ci: $*"; }
usage() { sed -n '5,7s/^#  //p' "$0"; }

# --- options ------------------------------------------------------------------------------
DEPLOYMENT="" BRANCH="" COMMIT="" TIMEOUT="" ARTIFACTS="" POLL=5 PARAMS=()
need_value() { [ "$2" -ge 2 ] || die $EXIT_USAGE "$1 needs a value; see --help"; }
while [ $# -gt 0 ]; do
  case $1 in
    --deployment) need_value "$1" $#; DEPLOYMENT=$2; shift 2 ;;
    --branch) need_value "$1" $#; BRANCH=$2; shift 2 ;;
    --commit) need_value "$1" $#; COMMIT=$2; shift 2 ;;
    --param) need_value "$1" $#; PARAMS+=("$2"); shift 2 ;;
    --timeout) need_value "$1" $#; TIMEOUT=$2; shift 2 ;;
    --artifacts) need_value "$1" $#; ARTIFACTS=$2; shift 2 ;;
    --poll) need_value "$1" $#; POLL=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) die $EXIT_USAGE "unknown option $1; expected --deployment, --branch, --commit," \
         "--param, --timeout, --artifacts or --poll" ;;
  esac
done
[[ $DEPLOYMENT == ?*/?* ]] \
  || die $EXIT_USAGE "--deployment FLOW/NAME is required, e.g. --deployment run-suite/smoke"
[[ -z $TIMEOUT || $TIMEOUT =~ ^[1-9][0-9]*$ ]] \
  || die $EXIT_USAGE "--timeout takes whole seconds > 0; got '$TIMEOUT'"
[[ $POLL =~ ^[0-9]+(\.[0-9]+)?$ ]] || die $EXIT_USAGE "--poll takes seconds; got '$POLL'"
for param in ${PARAMS[@]+"${PARAMS[@]}"}; do
  [[ $param == ?*=* ]] || die $EXIT_USAGE "--param takes key=value; got '$param'"
done
[ -n "${PREFECT_API_URL:-}" ] \
  || die $EXIT_USAGE "PREFECT_API_URL is not set; set it to your server's API, e.g. http://prefect:4200/api"
command -v curl >/dev/null || die $EXIT_USAGE "curl is not installed"
command -v python3 >/dev/null || die $EXIT_USAGE "python3 is not installed"
API=${PREFECT_API_URL%/}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/qatron-ci.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# --- HTTP and JSON ------------------------------------------------------------------------
# The Authorization header lives only in this shell's memory: curl reads it as a config
# from a pipe (<(...)), so it is neither on a command line nor in a file a kill -9 leaves.
# As Prefect's own client: the auth string (basic auth of a self-hosted server with
# PREFECT_SERVER_API_AUTH_STRING) wins over the key, except on Prefect Cloud.
AUTHORIZATION=""
if [ -n "${PREFECT_API_AUTH_STRING:-}" ] \
   && { [ -z "${PREFECT_API_KEY:-}" ] || [[ $API != https://api.prefect.cloud/* ]]; }; then
  AUTHORIZATION="Basic $(python3 -c 'import base64, os
print(base64.b64encode(os.environ["PREFECT_API_AUTH_STRING"].encode()).decode())')"
elif [ -n "${PREFECT_API_KEY:-}" ]; then
  AUTHORIZATION="Bearer $PREFECT_API_KEY"
fi

# curl's config for the credentials, on stdout (printf is a builtin: no process shows it).
auth_config() {
  [ -z "$AUTHORIZATION" ] && return
  local value=${AUTHORIZATION//\\/\\\\}
  printf 'header = "Authorization: %s"\n' "${value//\"/\\\"}"
}

# api METHOD PATH [JSON]: the response body goes to $WORK/body, its HTTP status to STATUS.
# RETRY holds extra curl options (set while polling a started run).
RETRY=()
api() {
  local args=(-sS -X "$1" --max-time 30 -H "Content-Type: application/json" -o "$WORK/body"
              -w '%{http_code}' ${RETRY[@]+"${RETRY[@]}"})
  if [ $# -ge 3 ]; then
    printf '%s' "$3" >"$WORK/request"
    args+=(--data-binary "@$WORK/request")
  fi
  if ! STATUS=$(curl --config <(auth_config) "${args[@]}" "$API$2" 2>"$WORK/curl.err"); then
    die $EXIT_API "cannot reach the Prefect API at $API ($(tail -n 1 "$WORK/curl.err"));" \
      "check PREFECT_API_URL and that the server is up"
  fi
}

# api_ok METHOD PATH [JSON]: like api, and exit with a one-line error unless it is a 2xx.
api_ok() { api "$@"; check "$1" "$2"; }

# check METHOD PATH: exit with a one-line error unless the last response is a 2xx.
check() {
  case $STATUS in
    2??) return ;;
    401|403) die $EXIT_USAGE "$1 $2: HTTP $STATUS; check PREFECT_API_KEY or PREFECT_API_AUTH_STRING" ;;
    4??) die $EXIT_USAGE "$1 $2: HTTP $STATUS: $(detail)" ;;
    *) die $EXIT_API "$1 $2: HTTP $STATUS from the Prefect API: $(detail)" ;;
  esac
}

# py CODE [ARGS...]: python3 with `body`, the last response's JSON (None if not JSON).
py() {
  local code=$1; shift
  python3 -c "import json, sys
try:
    body = json.load(open(sys.argv[1]))
except ValueError:
    body = None
$code" "$WORK/body" "$@"
}

# The error a response describes, on one line.
detail() {
  py 'd = body if isinstance(body, dict) else {"detail": body}
errors = d.get("exception_detail") or []
text = "; ".join(".".join(map(str, e.get("loc", []))) + ": " + str(e.get("msg")) for e in errors)
print(" ".join((text or str(d.get("detail", d))).split())[:300])'
}

# --- the run ------------------------------------------------------------------------------
DEPLOYMENT_ID="" FLOW_RUN=""

# Print "flow/deployment, ..." for every deployment on the server.
list_deployments() {
  api_ok POST /flows/filter '{}'
  cp "$WORK/body" "$WORK/flows.json"
  api_ok POST /deployments/filter '{}'
  py 'flows = {f["id"]: f["name"] for f in json.load(open(sys.argv[2]))}
names = sorted(flows.get(d["flow_id"], "?") + "/" + d["name"] for d in body)
print(", ".join(names) or "none")' "$WORK/flows.json"
}

# Set DEPLOYMENT_ID from FLOW/NAME; an unknown one exits 2 with the list of deployments.
resolve_deployment() {
  local path
  path=$(python3 -c 'import sys, urllib.parse as u; print(*map(u.quote, sys.argv[1:]), sep="/")' \
    "${DEPLOYMENT%%/*}" "${DEPLOYMENT#*/}")
  api GET "/deployments/name/$path"
  if [ "$STATUS" = 404 ]; then
    list_deployments >"$WORK/deployments"
    die $EXIT_USAGE "no deployment $DEPLOYMENT on $API; deployments: $(cat "$WORK/deployments")"
  fi
  api_ok GET "/deployments/name/$path"
  DEPLOYMENT_ID=$(py 'print(body["id"])')
}

parameters() {
  python3 -c 'import json, sys
branch, commit, *pairs = sys.argv[1:]
params = {}
for pair in pairs:
    key, _, value = pair.partition("=")
    try:
        params[key] = json.loads(value)
    except ValueError:
        params[key] = value
params.update({k: v for k, v in (("branch", branch), ("commit", commit)) if v})
print(json.dumps({"parameters": params}))' "$BRANCH" "$COMMIT" ${PARAMS[@]+"${PARAMS[@]}"}
}

ui_url() {
  python3 -c 'import os, sys
api, run = sys.argv[1:]
ui = os.environ.get("PREFECT_UI_URL", "").rstrip("/")
if not ui:
    ui = api.replace("https://api.prefect.cloud/api", "https://app.prefect.cloud")
    ui = ui[:-4] if ui.endswith("/api") else ui.replace("/api/", "/")
    ui = ui.replace("/accounts/", "/account/").replace("/workspaces/", "/workspace/")
print(f"{ui}/runs/flow-run/{run}")' "$API" "$1"
}

cancel_run() {
  local reason=$1
  api POST "/flow_runs/$FLOW_RUN/set_state" "$(python3 -c 'import json, sys
print(json.dumps({"state": {"type": "CANCELLING", "name": "Cancelling", "message": sys.argv[1]}}))' \
    "qatron-ci: $reason")"
  say "$reason; cancelling flow run $FLOW_RUN (HTTP $STATUS)"
}

# A cancelled CI job (SIGINT, SIGTERM) cancels its flow run too.
# shellcheck disable=SC2317  # invoked by trap
on_interrupt() {
  trap - INT TERM
  [ -z "$FLOW_RUN" ] || cancel_run "interrupted"
  exit "$EXIT_INTERRUPTED"
}

# Poll the flow run until its state type is terminal; print each new state; set STATE_TYPE,
# STATE_NAME. Past the deadline, cancel it and exit 4.
wait_for_run() {
  local deadline="" seen="" state
  [ -z "$TIMEOUT" ] || deadline=$((SECONDS + TIMEOUT))
  RETRY=(--retry 5 --retry-connrefused)  # the run goes on: ride out a brief API outage
  while :; do
    api_ok GET "/flow_runs/$FLOW_RUN"
    state=$(py 's = body.get("state") or {}
print(s.get("type") or "SCHEDULED", s.get("name") or "Scheduled", " ".join((s.get("message") or "").split())[:300], sep="\t")')
    IFS=$'\t' read -r STATE_TYPE STATE_NAME STATE_MESSAGE <<<"$state"
    if [ "$STATE_TYPE/$STATE_NAME" != "$seen" ]; then
      seen="$STATE_TYPE/$STATE_NAME"
      say "state: $STATE_NAME${STATE_MESSAGE:+ ($STATE_MESSAGE)}"
    fi
    [[ $TERMINAL_TYPES == *" $STATE_TYPE "* ]] && return
    if [ -n "$deadline" ] && [ "$SECONDS" -ge "$deadline" ]; then
      cancel_run "timed out after ${TIMEOUT}s (--timeout)"
      exit $EXIT_TIMED_OUT
    fi
    sleep "$POLL"
  done
}

# The exit code of the final state, as `qatron run`'s (README, "Run statuses and exit codes").
# A flow that raised ends in Prefect's own "Failed" state, not QAtron's verdict: like a
# crash, that is an infrastructure fault (5), as `qatron run` reports it.
exit_code() {
  [ "$STATE_TYPE" = CRASHED ] && { echo 5; return; }
  [[ $STATE_TYPE == FAILED && $STATE_MESSAGE == "Flow run encountered an exception"* ]] \
    && { echo 5; return; }
  case $STATE_NAME in
    Completed) echo 0 ;; Failed) echo 1 ;; PartialFailed) echo 3 ;; TimedOut) echo 4 ;;
    InfraFailed|Crashed) echo 5 ;; DatasetFailed) echo 6 ;; Cancelled) echo 130 ;; *) echo 1 ;;
  esac
}

# Write markdown and table artifacts as DIR/<key>.md; copy junit.xml and report.html from
# the run folders that link artifacts point at, when they are on this machine.
download_artifacts() {
  mkdir -p "$ARTIFACTS"
  api_ok POST /artifacts/filter "{\"artifacts\": {\"flow_run_id\": {\"any_\": [\"$FLOW_RUN\"]}},
    \"sort\": \"KEY_ASC\", \"limit\": 200}"
  py '
import os, re, shutil, urllib.parse
out = sys.argv[2]
folders = []
def table(data):
    rows = json.loads(data) if isinstance(data, str) else data
    if not rows:
        return ""
    cols = list(rows[0])
    cell = lambda v: " ".join(str(v).split()).replace("|", "\\|")
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    return "\n".join(lines + ["| " + " | ".join(cell(r.get(c, "")) for c in cols) + " |"
                              for r in rows]) + "\n"
for number, artifact in enumerate(body, start=1):
    kind, data = artifact.get("type"), artifact.get("data")
    name = artifact.get("key") or f"artifact-{number}"
    link = re.fullmatch(r"\[[^\]]*\]\((\S+)\)", (data or "").strip()) if kind == "markdown" else None
    if link:  # Prefect stores a link artifact as markdown: [text](url)
        url = urllib.parse.urlparse(link.group(1))
        folder = os.path.dirname(urllib.parse.unquote(url.path))
        if url.scheme != "file" or not os.path.isdir(folder):
            print(f"qatron-ci: {link.group(1)} is not on this machine")
        elif folder not in folders:
            folders.append(folder)
    elif kind in ("markdown", "table"):
        with open(os.path.join(out, name + ".md"), "w", encoding="utf-8") as handle:
            handle.write(data if kind == "markdown" else table(data))
        print(f"qatron-ci: wrote {os.path.join(out, name)}.md")
for folder in folders:
    for report in ("junit.xml", "report.html"):
        if os.path.isfile(os.path.join(folder, report)):
            shutil.copyfile(os.path.join(folder, report), os.path.join(out, report))
            print(f"qatron-ci: copied {os.path.join(folder, report)}")
' "$ARTIFACTS"
}

main() {
  local code
  resolve_deployment
  trap on_interrupt INT TERM
  api POST "/deployments/$DEPLOYMENT_ID/create_flow_run" "$(parameters)"
  case $STATUS in
    409|422) die $EXIT_USAGE "$DEPLOYMENT rejected the parameters: $(detail)" ;;
  esac
  check POST "/deployments/$DEPLOYMENT_ID/create_flow_run"
  FLOW_RUN=$(py 'print(body["id"])')
  say "flow run $FLOW_RUN ($(py 'print(body["name"])')) of $DEPLOYMENT"
  say "$(ui_url "$FLOW_RUN")"
  wait_for_run
  code=$(exit_code)
  # the run's verdict stands even if its artifacts can't be fetched (the error is printed)
  [ -z "$ARTIFACTS" ] || (download_artifacts) || echo "qatron-ci: artifacts not downloaded" >&2
  say "$DEPLOYMENT ended $STATE_NAME: exit $code"
  exit "$code"
}

main

# Shared by the example scripts: start a demo server, call the API, read fields.
# Source it after setting `ictgate` (the binary) and `port`.
set -euo pipefail
api="http://127.0.0.1:$port/api/v1"
work=$(mktemp -d)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

# Starts `ictgate serve --demo` on a fresh database; its tokens land in $work/tokens.
start_demo() {
  "$ictgate" serve --demo --db "$work/demo.db" --listen "127.0.0.1:$port" >"$work/tokens" 2>"$work/log" &
  server=$!
  for _ in $(seq 100); do curl -sf "$api/health/live" >/dev/null && return; sleep 0.1; done
  echo "the server did not start:" >&2
  cat "$work/log" >&2
  exit 1
}

# The demo token of ROLE in department DEPT (default BZK).
token() { awk -v r="$1" -v d="${2:-BZK}" '$1 == r && $2 == d { print $3 }' "$work/tokens"; }

# call TOKEN METHOD PATH [BODY] EXPECTED_STATUS: the answer lands in $work/body;
# any other status ends the script.
call() {
  local who=$1 method=$2 path=$3 body=${4:-} expected=${5:-}
  if [[ -z $expected ]]; then expected=$body; body=""; fi
  local args=(-s -o "$work/body" -w '%{http_code}' -X "$method" -H "Authorization: Bearer $who")
  [[ -n $body ]] && args+=(-H 'Content-Type: application/json' -d "$body")
  local status
  status=$(curl "${args[@]}" "$api$path")
  echo "> $method $path -> $status"
  if [[ $status != "$expected" ]]; then
    echo "expected $expected:" >&2
    cat "$work/body" >&2
    exit 1
  fi
}

# The first string value of member NAME in the last answer.
field() { grep -o "\"$1\":\"[^\"]*\"" "$work/body" | head -1 | cut -d'"' -f4; }

# The example dossier NAME (green, orange, red) written for the pack in force
# on the server: examples/dossiers/<version>/NAME.json for a later version,
# examples/dossiers/NAME.json for 2026.1. A new registration is judged under
# the pack in force, and each version declares its own dossier fields.
dossier() {
  local version
  version=$(curl -s -H "Authorization: Bearer $(token owner)" "$api/policy-packs" |
    grep -o '{[^{}]*"active":true[^{}]*}' | grep -o '"version":"[^"]*"' | cut -d'"' -f4)
  if [[ -f $here/dossiers/$version/$1.json ]]; then
    cat "$here/dossiers/$version/$1.json"
  else
    cat "$here/dossiers/$1.json"
  fi
}

# Stops the server and runs the auditor's check on its database.
stop_and_verify() {
  kill "$server"
  wait "$server" 2>/dev/null || true
  "$ictgate" audit verify --db "$work/demo.db"
}

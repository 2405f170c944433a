#!/usr/bin/env bash
# Runs the HTTP tests while recording every exchange they make, then checks
# each recorded status and body against api/openapi.json (tests/validate_responses.mjs).
#   bash scripts/validate-responses.sh path/to/ictgate_http_tests
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tests_binary=$1
tools="$root/tools/schema-check"
[[ -d $tools/node_modules/ajv ]] || npm ci --prefix "$tools" --no-audit --no-fund --loglevel=error >&2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
ICTGATE_EXCHANGE_LOG=$log "$tests_binary" "[http]" >/dev/null
node "$root/tests/validate_responses.mjs" "$root/api/openapi.json" "$log"

#!/usr/bin/env bash
# Sign-in through a real OpenID Provider (oidc-provider, tests/oidc/provider.mjs)
# on loopback, before `ictgate serve --demo --oidc`: the dashboard's code flow
# in headless Chromium, and the provider's access tokens on the API
# (tests/browser/oidc.mjs), then the whole walk-through with each person
# signed in through the provider (tests/browser/dashboard.mjs). Also: serve refuses to start with a provider that
# does not answer, or with a configuration that lacks what it needs.
#   bash scripts/oidc-test.sh path/to/ictgate PORT PROVIDER_PORT SCREENSHOT_DIR
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
ictgate=$1 port=$2 op_port=$3 shots=$4
command -v chromium >/dev/null || { echo "chromium is not installed (scripts/install-deps.sh)" >&2; exit 1; }
tools="$root/tools/browser-test"
source "$root/scripts/npm-tools.sh"
install_tools "$tools" playwright-core oidc-provider
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT

wait_for() {  # URL LOGFILE
  for _ in $(seq 150); do curl -sf "$1" >/dev/null && return; sleep 0.1; done
  echo "no answer from $1:" >&2; cat "$2" >&2; exit 1
}

printf '%s\n' dashboard-secret-for-tests-only > "$work/client.secret"
config() {  # ISSUER_PORT
  cat <<JSON
{"issuer": "http://127.0.0.1:$1", "clientId": "ictgate-dashboard",
 "clientSecretFile": "$work/client.secret",
 "redirectUri": "http://127.0.0.1:$port/auth/callback",
 "apiAudience": "ictgate-api", "scope": "openid profile groups", "clockSkewSeconds": 0,
 "grants": [{"value": "ictgate-owner-bzk", "role": "owner", "department": "BZK"},
            {"value": "ictgate-cio-bzk", "role": "cio", "department": "BZK"},
            {"value": "ictgate-fez-bzk", "role": "finance", "department": "BZK"},
            {"value": "ictgate-auditor", "role": "auditor", "department": "*"}]}
JSON
}

# A provider that does not answer, and a configuration without grants: serve
# says what is wrong and does not start.
config "$op_port" > "$work/oidc.json"
if "$ictgate" serve --db "$work/x.db" --listen "127.0.0.1:$port" --oidc "$work/oidc.json" \
    >"$work/out" 2>&1; then
  echo "serve started without its identity provider" >&2; exit 1
fi
grep -q "identity provider did not answer" "$work/out" || { cat "$work/out" >&2; exit 1; }
config "$op_port" | head -4 | sed 's/0,$/0}/' > "$work/bad.json"
if "$ictgate" serve --db "$work/x.db" --listen "127.0.0.1:$port" --oidc "$work/bad.json" \
    >"$work/out" 2>&1; then
  echo "serve started without grants" >&2; exit 1
fi
grep -q '"grants" must list' "$work/out" || { cat "$work/out" >&2; exit 1; }

node "$root/tests/oidc/provider.mjs" "$op_port" "$port" >"$work/provider.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$op_port/.well-known/openid-configuration" "$work/provider.log"
"$ictgate" serve --demo --db "$work/demo.db" --listen "127.0.0.1:$port" --oidc "$work/oidc.json" \
  >"$work/tokens" 2>"$work/serve.log" &
pids+=($!)
wait_for "http://127.0.0.1:$port/api/v1/health/live" "$work/serve.log"
node "$root/tests/browser/oidc.mjs" "http://127.0.0.1:$port" "http://127.0.0.1:$op_port" "$shots"
# The whole walk-through (tests/browser/dashboard.mjs's story), each person
# signed in through the provider, in Dutch and in English.
node "$root/tests/browser/dashboard.mjs" "http://127.0.0.1:$port" "$work/tokens" "$shots/oidc-walkthrough" \
  "$root/examples/dossiers" "http://127.0.0.1:$op_port"

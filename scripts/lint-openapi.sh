#!/usr/bin/env bash
# Lints api/openapi.json with both NL GOV API Design Rules rulesets in
# third_party/nlgov-adr-rulesets/ (2.1.0 and 2.2.0-rc.1). Fails on any error; warnings are
# printed. Installs the pinned linter (tools/openapi-lint/) on first use.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rulesets="$root/third_party/nlgov-adr-rulesets"
tools="$root/tools/openapi-lint"
spectral="$tools/node_modules/.bin/spectral"
if [[ ! -x $spectral ]]; then
  npm ci --prefix "$tools" --no-audit --no-fund --loglevel=error >&2
fi
status=0
for ruleset in "$rulesets"/adr-2.1.0.spectral.yml "$rulesets"/adr-2.2.0-rc.1.spectral.yml; do
  echo "== $(basename "$ruleset")"
  "$spectral" lint --fail-severity=error -r "$ruleset" "$root/api/openapi.json" || status=1
done
exit $status

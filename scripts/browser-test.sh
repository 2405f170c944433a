#!/usr/bin/env bash
# The dashboard in headless Chromium (Debian's chromium, driven by
# playwright-core and axe-core pinned in tools/browser-test) against `ictgate serve --demo`
# on a temporary database. Screenshots are kept in SCREENSHOT_DIR.
#   bash scripts/browser-test.sh path/to/ictgate PORT SCREENSHOT_DIR
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
ictgate=$1
port=$2
shots=$3
command -v chromium >/dev/null || { echo "chromium is not installed (scripts/install-deps.sh)" >&2; exit 1; }
tools="$root/tools/browser-test"
source "$root/scripts/npm-tools.sh"
install_tools "$tools" playwright-core axe-core
source "$root/examples/lib.sh"
start_demo
# The story runs `ictgate retention apply` beside the service on its database.
ICTGATE_BINARY=$ictgate ICTGATE_DB="$work/demo.db" node "$root/tests/browser/dashboard.mjs" "http://127.0.0.1:$port" "$work/tokens" "$shots" "$root/examples/dossiers"

#!/usr/bin/env bash
# The run command: installs what is missing, builds, and serves the dashboard
# on http://127.0.0.1:8080/ (sign in as a demo user) and the API on
# http://127.0.0.1:8080/api/v1 with a seeded demo database (ictgate-demo.db),
# printing demo tokens for the command line. Extra arguments go to `ictgate serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
exec "${BUILD_DIR:-build}/ictgate" serve --demo --db "${ICTGATE_DB:-ictgate-demo.db}" "$@"

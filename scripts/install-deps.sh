#!/usr/bin/env bash
# Installs the Debian packages ictgate needs to build and test. Idempotent:
# apt-get skips what is already installed, and the package index is refreshed
# only when a package is missing (so reruns are fast and work offline).
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libboost-dev            # Boost.MSM state machine (header-only)
  libsqlitecpp-dev libsqlite3-dev
  libcpp-httplib-dev      # HTTP server/client (compiled library, see docs/platform-notes.md)
  nlohmann-json3-dev
  libssl-dev              # SHA-256 for the audit chain and token hashes
  libcli11-dev            # command line parsing
  libspdlog-dev           # structured JSON logs (thread-safe sinks)
  catch2                  # unit tests
  clang libclang-rt-14-dev  # libFuzzer targets (scripts/fuzz.sh)
  curl                    # used by the examples and the demo smoke check
  chromium fonts-dejavu-core  # the dashboard's browser test (headless); prints the CIO-oordeel PDF
  poppler-utils           # pdftotext: the CIO-oordeel PDF's test reads its text
  zip sqlite3             # examples/documents.sh: an ODF file, and an edit behind the service's back
  # The production front (packaging/nginx) and its test (scripts/nginx-test.sh),
  # which makes a throwaway certificate with openssl. Debian starts nginx's own
  # service on install; the test runs a separate nginx on its own ports.
  nginx openssl
)

# Node.js and npm run the OpenAPI linter (test tooling only). Machines that
# already have them (possibly not from Debian) keep theirs.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"

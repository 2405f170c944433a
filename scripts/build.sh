#!/usr/bin/env bash
# Installs the dependencies (if missing) and builds ictgate into build/.
# BUILD_DIR and CMAKE_BUILD_TYPE may be overridden from the environment.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
build_dir=${BUILD_DIR:-build}
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE="${CMAKE_BUILD_TYPE:-RelWithDebInfo}" >/dev/null
# Two jobs: the machines this is built on have two cores.
cmake --build "$build_dir" -j "${JOBS:-2}"

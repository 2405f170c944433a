#!/usr/bin/env bash
# Fails when a source file includes across a forbidden edge of the layers:
#   engine/ -> anything of ours outside engine/ (the functional core)
#   common/ -> anything of ours outside common/
#   store/  -> app/ or api/
#   api/    -> store/, or names store:: or SQLite:: (api talks only to app)
# Usage: check-layers.sh [ROOT]        check the tree at ROOT (default: this repo)
#        check-layers.sh --self-test   show that each edge is caught, on a copy
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

# check ROOT: prints each violation; exit status 1 when there is any.
check() {
  local root=$1 found=0
  # layer:forbidden include pattern (an extended regex on the quoted path)
  local rules=(
    'engine:#include "(common|store|app|api|cli)/'
    'common:#include "(engine|store|app|api|cli)/'
    'store:#include "(app|api|cli)/'
    'api:#include "(store|cli)/'
  )
  for rule in "${rules[@]}"; do
    local layer=${rule%%:*} pattern=${rule#*:}
    [[ -d $root/$layer ]] || continue
    if grep -rnE "$pattern" "$root/$layer" --include='*.h' --include='*.cc'; then found=1; fi
  done
  # api/ may not even name the store's types or the SQLite library.
  if [[ -d $root/api ]] && grep -rnE '\b(store|SQLite)::' "$root/api" --include='*.h' --include='*.cc'; then
    found=1
  fi
  return $found
}

if [[ ${1:-} == --self-test ]]; then
  # The real tree passes; each forbidden edge added to a copy of it fails.
  check "$here" >/dev/null || { echo "the tree itself violates the layers"; exit 1; }
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  for edge in 'engine/event.h:#include "store/store.h"' 'engine/event.h:#include "common/hex.h"' \
              'store/chain.h:#include "app/service.h"' 'store/chain.h:#include "api/server.h"' \
              'api/views.h:#include "store/store.h"' 'api/views.cc:using X = store::Store;' \
              'api/views.cc:void F(SQLite::Database&);' 'common/hex.h:#include "engine/event.h"'; do
    file=${edge%%:*} line=${edge#*:}
    rm -rf "$tmp/tree" && mkdir "$tmp/tree"
    cp -r "$here"/{engine,common,store,app,api} "$tmp/tree/"
    echo "$line" >>"$tmp/tree/$file"
    if check "$tmp/tree" >/dev/null; then
      echo "not caught: '$line' in $file"
      exit 1
    fi
    echo "caught: '$line' in $file"
  done
  echo "layers: every forbidden edge is caught"
  exit 0
fi

if check "${1:-$here}"; then
  echo "layers: no forbidden include"
else
  echo "layers: forbidden includes above"
  exit 1
fi

# Sourced by the test scripts that share a pinned npm tool directory
# (tools/browser-test: the browser test and the sign-in test, which ctest -j
# may start at once).
#   install_tools DIR MODULE...
# Installs DIR's pinned packages unless every MODULE is there, under a lock
# on DIR's lock file: a second test waits for the first's `npm ci` instead
# of checking a half-written node_modules or emptying it under the first.
install_tools() {
  local dir=$1
  shift
  flock "$dir/package-lock.json" bash -c '
    dir=$1; shift
    for module; do
      [[ -d $dir/node_modules/$module ]] || exec npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error >&2
    done' _ "$dir" "$@"
}

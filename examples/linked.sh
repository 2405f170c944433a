#!/usr/bin/env bash
# Linked activities through the HTTP API: an owner splits an effort into two
# parts under the 5 million threshold. The first is submitted alone and is
# exempt; linking the second makes their group reach the threshold, so the
# exempt part needs an assessment after all. Finance is refused until then.
# Starts its own `ictgate serve --demo` on a temporary database.
#
#   bash examples/linked.sh [path/to/ictgate] [port]
#
# Exits non-zero at the first answer that is not what the walk-through expects.
set -euo pipefail
ictgate=${1:-build/ictgate}
port=${2:-18092}
source "$(dirname "$0")/lib.sh"
start_demo
OWNER=$(token owner) FINANCE=$(token finance)

register() {
  call "$OWNER" POST /activities "{\"title\":\"$1\",\"department\":\"BZK\",\"kind\":\"project\",
    \"ictCostEur\":$2,\"plannedStart\":\"2027-03-01\",\"plannedEnd\":\"2028-02-29\",
    \"dossier\":$(dossier green)}" 201
  id=$(field id)
}

echo "## Part one, EUR 3 million, is submitted alone: below the threshold, exempt"
register "Portaal deel 1" 3000000
one=$id
call "$OWNER" POST "/activities/$one/submissions" '{}' 201
echo "  state $(field state)"

echo "## Part two, EUR 2.5 million, is registered and linked to part one"
register "Portaal deel 2" 2500000
two=$id
call "$OWNER" POST "/activities/$two/links" "{\"activityId\":\"$one\"}" 201
echo "  $two: $(grep -o '"links":\[[^]]*\]' "$work/body" | head -1), linked cost $(grep -o '"linkedCostEur":[0-9]*' "$work/body" | head -1 | cut -d: -f2)"

echo "## Together they reach 5.5 million: part one must be assessed after all"
call "$OWNER" GET "/activities/$one" 200
echo "  $one state $(field state), gate $(field gate)"
call "$FINANCE" GET "/activities/$one/eligibility" 200
echo "  eligibility $(field status): $(grep -o '"reasons":\[[^]]*\]' "$work/body")"
call "$FINANCE" POST "/activities/$one/funding-decisions" '{"amountEur":1000000}' 409
echo "  $(field detail)"

echo "## Part two's submission is gated too"
call "$OWNER" POST "/activities/$two/submissions" '{}' 201
echo "  state $(field state)"

echo "## The log of part one shows who linked what"
call "$OWNER" GET "/activities/$one/events" 200
echo "  $(grep -o '"type":"[a-z-]*"' "$work/body" | cut -d'"' -f4 | tr '\n' ' ')"
stop_and_verify

#!/usr/bin/env bash
# The three example dossiers (examples/dossiers/) through a running service:
# each is registered, its provisional advisory verdict read from the gate
# view, submitted, accepted, and assessed by the CIO, who scores every area
# ok and records findings for the two criteria only a person can judge. The
# advisory verdicts come out green, orange and red.
#
#   bash examples/verdicts.sh [path/to/ictgate] [port]
set -euo pipefail
ictgate=${1:-build/ictgate}
port=${2:-18091}
source "$(dirname "$0")/lib.sh"
start_demo
OWNER=$(token owner) CIO=$(token cio)

areas='{"business-case":"ok","ownership":"ok","risks":"ok","processes":"ok","scope":"ok",
  "architecture":"ok","planning":"ok","sourcing":"ok","operations":"ok","security":"ok","archiving":"ok"}'
findings='[{"criterion":"scope-delineation","result":"met","note":"scope is delineated"},
  {"criterion":"planning-realism","result":"met","note":"planning is realistic"}]'
due=$(date -u -d '+90 days' +%F)

for colour in green orange red; do
  echo "## $colour.json"
  call "$OWNER" POST /activities "{\"title\":\"Example $colour\",\"department\":\"BZK\",\"kind\":\"project\",
    \"ictCostEur\":8000000,\"plannedStart\":\"2027-01-01\",\"plannedEnd\":\"2028-12-31\",
    \"dossier\":$(dossier "$colour")}" 201
  id=$(field id)
  call "$OWNER" GET "/activities/$id/gate" 200
  preview=$(grep -o '"provisionalAdvisory":{"advisory":"[a-z]*"' "$work/body" | cut -d'"' -f6)
  echo "  provisional advisory for the owner: $preview"
  call "$OWNER" POST "/activities/$id/submissions" '{}' 201
  call "$CIO" POST "/activities/$id/intake-decisions" '{"decision":"accept"}' 201
  conditions=""
  if [[ $colour == orange ]]; then
    conditions=",\"conditions\":[{\"text\":\"Perform the EU-alternatives gap analysis\",\"criterion\":\"eu-alternatives-gap-analysis\",\"dueDate\":\"$due\"}]"
  fi
  call "$CIO" POST "/activities/$id/assessments" \
    "{\"verdict\":\"$colour\",\"areaScores\":$areas,\"findings\":$findings$conditions}" 201
  advisory=$(grep -o '"advisory":"[a-z]*"' "$work/body" | head -1 | cut -d'"' -f4)
  decided=$(grep -o '"decidedBy":\[[^]]*\]' "$work/body" | head -1)
  echo "  advisory $advisory, recorded $colour, state $(field state); $decided"
  if [[ $advisory != "$colour" || $preview != "$colour" ]]; then
    echo "expected $colour" >&2
    exit 1
  fi
done
stop_and_verify
echo "green, orange and red as expected"

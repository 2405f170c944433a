#!/usr/bin/env bash
# A whole gate through the HTTP API, as a newcomer would drive it by hand:
# an owner registers and submits an activity, the CIO accepts the intake,
# finance asks too early and is refused, the CIO records an orange verdict
# with a condition, the owner tries a transition the state forbids, the
# condition is met, finance funds, the CIO office moves the activity to the
# corrected pack 2026.2 (and a tranche past the assessed cost is refused),
# the owner responds to the CIO's recommendation, the record is verified and
# the CIO-oordeel is printed to PDF (needs chromium and poppler-utils). Starts its own `ictgate serve --demo` on a temporary database.
#
#   bash examples/walkthrough.sh [path/to/ictgate] [port]
#
# Exits non-zero at the first answer that is not what the walk-through expects.
set -euo pipefail
ictgate=${1:-build/ictgate}
port=${2:-18090}
source "$(dirname "$0")/lib.sh"
start_demo
OWNER=$(token owner) CIO=$(token cio) FINANCE=$(token finance)

echo "## The owner registers an activity of EUR 7.5 million, with the dossier of"
echo "## examples/dossiers/green.json, and submits it"
call "$OWNER" POST /activities "{\"title\":\"Zaakgericht werken platform\",\"department\":\"BZK\",
  \"kind\":\"project\",\"ictCostEur\":7500000,\"plannedStart\":\"2027-03-01\",\"plannedEnd\":\"2029-02-28\",
  \"dossier\":$(dossier green)}" 201
id=$(field id)
echo "  id $id"
call "$OWNER" POST "/activities/$id/submissions" '{}' 201
echo "  state $(field state) (gated: 7.5 million reaches the 5 million threshold)"

echo "## The CIO accepts the intake; finance asks to fund before any verdict: refused"
call "$CIO" POST "/activities/$id/intake-decisions" '{"decision":"accept"}' 201
call "$FINANCE" POST "/activities/$id/funding-decisions" '{"amountEur":2500000,"reference":"FEZ-2027-040"}' 409
echo "  $(field detail)"

echo "## The CIO scores the eleven areas (sourcing needs attention),"
echo "## records findings for the two criteria only a person can judge, and so gets an"
echo "## orange advisory verdict; the CIO records orange with one condition"
call "$CIO" GET "/activities/$id/gate" 200
echo "  unmet criteria: $(grep -o '"id":"[a-z-]*","kind":"[a-z_]*","recommendation":"[^"]*","result":"[a-z_]*"' "$work/body" | sed 's/"recommendation":"[^"]*",//g' | tr '\n' ' ')"
due=$(date -u -d '+60 days' +%F)
call "$CIO" POST "/activities/$id/assessments" "{\"verdict\":\"orange\",
  \"areaScores\":{\"business-case\":\"ok\",\"ownership\":\"ok\",\"risks\":\"ok\",\"processes\":\"ok\",
    \"scope\":\"ok\",\"architecture\":\"ok\",\"planning\":\"ok\",\"sourcing\":\"attention\",
    \"operations\":\"ok\",\"security\":\"ok\",\"archiving\":\"ok\"},
  \"findings\":[{\"criterion\":\"scope-delineation\",\"result\":\"met\",\"note\":\"scope document v2 is clear\"},
    {\"criterion\":\"planning-realism\",\"result\":\"met\",\"note\":\"planning has 20% contingency\"}],
  \"recommendations\":[\"Test the data export before go-live\"],
  \"conditions\":[{\"text\":\"Exit strategy with a tested data export\",\"criterion\":\"exit-strategy\",\"dueDate\":\"$due\"}]}" 201
echo "  state $(field state); advisory $(grep -o '"advisory":"[a-z]*"' "$work/body" | head -1 | cut -d'"' -f4)"

echo "## The owner tries to submit again: the state forbids it"
call "$OWNER" POST "/activities/$id/submissions" '{}' 409
echo "  $(grep -o '"allowedEvents":\[[^]]*\]' "$work/body")"

echo "## The CIO finds the condition met; finance grants the first tranche"
call "$CIO" POST "/activities/$id/condition-reviews" '{"conditionId":"C1","outcome":"met","note":"export tested"}' 201
echo "  state $(field state)"
call "$FINANCE" POST "/activities/$id/funding-decisions" '{"amountEur":2500000,"reference":"FEZ-2027-041"}' 201
echo "  state $(field state)"

echo "## A corrected version of the pack is registered (2026.2 corrects 2026.1 against"
echo "## public sources). The CIO office moves the funded activity to it: the verdict"
echo "## stands, and a tranche past the assessed cost is now a herijking"
pinned=$(grep -o '"pack":{[^}]*}' "$work/body" | head -1 | grep -o '"version":"[^"]*"' | cut -d'"' -f4)
if [[ $pinned == 2026.1 ]]; then
  call "$CIO" POST "/activities/$id/pack-adoptions" '{"version":"2026.2","reason":"BIO2 kent geen basisbeveiligingsniveaus meer"}' 201
  echo "  state $(field state); dropped from the dossier: $(grep -o '"droppedFields":\[[^]]*\]' "$work/body")"
  call "$CIO" GET "/activities/$id/gate" 200
  echo "  unmet under 2026.2: $(grep -o '"id":"[a-z0-9-]*","kind"' "$work/body" | cut -d'"' -f4 | tr '\n' ' ')"
else
  echo "  (the activity was submitted under $pinned already)"
fi
call "$FINANCE" POST "/activities/$id/funding-decisions" '{"amountEur":9000000,"reference":"FEZ-2027-042"}' 409
echo "  $(grep -o '"reason":"FUNDING_PAST_ASSESSED_COST[^"]*"' "$work/body")"

echo "## The opdrachtgever responds to the CIO's recommendation (once: a second answer"
echo "## to it is refused), and finance reads the CIO-oordeel as a document"
call "$OWNER" POST "/activities/$id/recommendation-responses" '{"recommendation":1,"position":"adopted",
  "response":"The export is tested in the acceptance environment before go-live"}' 201
call "$OWNER" POST "/activities/$id/recommendation-responses" '{"recommendation":1,"position":"not_adopted",
  "response":"changed my mind"}' 409
echo "  $(field detail)"
call "$FINANCE" GET "/activities/$id/verdict-document" 200
echo "  $(grep -o '<h2>[^<]*</h2>' "$work/body" | sed 's/<[^>]*>//g' | paste -sd '|' -)"

echo "## Anyone with access reads the chained log; the auditor's check passes"
call "$OWNER" GET "/activities/$id/events" 200
echo "  $(grep -o '"type":"[a-z-]*"' "$work/body" | cut -d'"' -f4 | tr '\n' ' ')"
stop_and_verify

echo "## The CIO-oordeel printed to PDF from the command line (headless Chromium);"
echo "## the chain head it names is the one audit head gives"
"$ictgate" oordeel "$id" --db "$work/demo.db" --pdf "$work/oordeel.pdf"
pdftotext -enc UTF-8 -layout "$work/oordeel.pdf" - | grep -E 'CIO-oordeel|Vastgesteld|Advies|Reactie|Overgenomen|ketenpositie' | sed 's/^ */  /'
head=$("$ictgate" audit head --db "$work/demo.db" | cut -d' ' -f1)
pdftotext -enc UTF-8 "$work/oordeel.pdf" - | tr -d ' \n' | grep -q "$head"
echo "  the PDF names the chain head $head"
echo "walk-through complete"

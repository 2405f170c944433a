#!/usr/bin/env bash
# Retention, as a records manager (DIV) would run it beside a live service:
# an activity is cancelled and another is completed; the department's
# schedule (examples/retention/bewaartermijnen.json) has nothing due yet, a
# schedule with a mistake is refused with its problems, and a schedule whose
# periods have run out destroys the cancelled activity and transfers the
# completed one to the e-depot as a package whose manifest hashes every
# file. The chain head does not move, audit verify passes through the
# tombstones, the running service answers 410 in Dutch for the destroyed
# activity (404 to another department), the record log lists both, the
# package's files match the manifest, an export imported elsewhere keeps the
# head, and the cancelled activity's title is gone from the database file.
# Starts its own `ictgate serve --demo` on a temporary database.
#
#   bash examples/retention.sh [path/to/ictgate] [port]
#
# Exits non-zero at the first answer that is not what the walk-through expects.
set -euo pipefail
ictgate=${1:-build/ictgate}
port=${2:-18098}
source "$(dirname "$0")/lib.sh"
start_demo
OWNER=$(token owner) CIO=$(token cio) FINANCE=$(token finance) OTHER=$(token owner EZK)
AUDITOR=$(token auditor '*')
db="$work/demo.db"

echo "## The opdrachtgever registers a pilot and cancels it before submission"
call "$OWNER" POST /activities "{\"title\":\"Proef Archiefkoppeling\",\"department\":\"BZK\",
  \"kind\":\"project\",\"ictCostEur\":6000000,\"plannedStart\":\"2027-03-01\",\"plannedEnd\":\"2028-02-28\",
  \"dossier\":$(dossier green)}" 201
cancelled=$(field id)
call "$OWNER" POST "/activities/$cancelled/cancellations" '{"reason":"opgegaan in het programma"}' 201
echo "  $cancelled: $(field state)"

echo "## A second activity gets a green verdict, is funded and completed"
call "$OWNER" POST /activities "{\"title\":\"Zaaksysteem Vergunningen\",\"department\":\"BZK\",
  \"kind\":\"project\",\"ictCostEur\":7000000,\"plannedStart\":\"2027-03-01\",\"plannedEnd\":\"2028-12-31\",
  \"dossier\":$(dossier green)}" 201
closed=$(field id)
printf '%%PDF-1.7\n%% Businesscase Zaaksysteem Vergunningen\n%%%%EOF\n' >"$work/bc.pdf"
curl -sf -o /dev/null -H "Authorization: Bearer $OWNER" -H 'Content-Type: application/pdf' \
  --data-binary @"$work/bc.pdf" "$api/activities/$closed/documents/businessCase?title=Businesscase"
call "$OWNER" POST "/activities/$closed/submissions" '{}' 201
call "$CIO" POST "/activities/$closed/intake-decisions" '{"decision":"accept"}' 201
call "$CIO" POST "/activities/$closed/assessments" "{\"verdict\":\"green\",
  \"areaScores\":{\"business-case\":\"ok\",\"ownership\":\"ok\",\"risks\":\"ok\",\"processes\":\"ok\",
    \"scope\":\"ok\",\"architecture\":\"ok\",\"planning\":\"ok\",\"sourcing\":\"ok\",
    \"operations\":\"ok\",\"security\":\"ok\",\"archiving\":\"ok\"},
  \"findings\":[{\"criterion\":\"scope-delineation\",\"result\":\"met\",\"note\":\"helder\"},
    {\"criterion\":\"planning-realism\",\"result\":\"met\",\"note\":\"realistisch\"}]}" 201
call "$FINANCE" POST "/activities/$closed/funding-decisions" '{"amountEur":7000000,"reference":"FEZ-2027-300"}' 201
call "$OWNER" POST "/activities/$closed/completions" '{}' 201
echo "  $closed: $(field state)"
head_before=$("$ictgate" audit head --db "$db")

echo "## The department's schedule: nothing is due yet (its periods are years)"
"$ictgate" retention plan --db "$db" --schedule "$here/retention/bewaartermijnen.json" | tee "$work/plan"
grep -q "$cancelled" "$work/plan" && { echo "nothing should be due yet" >&2; exit 1; }

echo "## A schedule with mistakes is refused, naming each"
cat >"$work/wrong.json" <<'JSON'
{"schedule": "fout", "version": "1", "rules": [
  {"id": "a", "recordType": "activity", "states": ["in_execution"], "retain": {"years": -1},
   "action": "erase", "basis": "selectielijst"}]}
JSON
if "$ictgate" retention plan --db "$db" --schedule "$work/wrong.json" >"$work/err" 2>&1; then
  echo "a wrong schedule should be refused" >&2; exit 1
fi
cat "$work/err"
grep -q "/rules/0/states/0" "$work/err"
grep -q "/rules/0/retain/years" "$work/err"
grep -q "/rules/0/action" "$work/err"

echo "## A schedule whose periods have run out (zero years, for the walk-through)"
sed 's/"years": [0-9]*/"years": 0/' "$here/retention/bewaartermijnen.json" >"$work/now.json"
"$ictgate" retention plan --db "$db" --schedule "$work/now.json" | tee "$work/plan"
grep -q "activity $cancelled: destroy" "$work/plan"
grep -q "activity $closed: transfer" "$work/plan"
grep -q "HELD: holds an active API token" "$work/plan"

echo "## Applying it without a place for the transfer package changes nothing"
if "$ictgate" retention apply --db "$db" --schedule "$work/now.json" 2>"$work/err" >/dev/null; then
  echo "a transfer without --transfer-dir should be refused" >&2; exit 1
fi
cat "$work/err"
call "$OWNER" GET "/activities/$cancelled" 200

echo "## Applied, with the e-depot's drop directory"
mkdir "$work/e-depot"
"$ictgate" retention apply --db "$db" --schedule "$work/now.json" --transfer-dir "$work/e-depot"
[[ $("$ictgate" audit head --db "$db") == "$head_before" ]] || { echo "the head moved" >&2; exit 1; }
"$ictgate" audit verify --db "$db" | tee "$work/verify"
grep -q "destroyed under retention" "$work/verify"

echo "## The running service: gone for its department, in Dutch; unknown to another"
status=$(curl -s -o "$work/body" -w '%{http_code}' -H "Authorization: Bearer $OWNER" \
  -H 'Accept-Language: nl' "$api/activities/$cancelled")
echo "> GET /activities/$cancelled -> $status"
[[ $status == 410 ]] || { cat "$work/body" >&2; exit 1; }
echo "  $(field detail)"
call "$OTHER" GET "/activities/$cancelled" 404
call "$FINANCE" GET "/activities/$closed/eligibility" 410
call "$AUDITOR" GET /audit/record-log 200
grep -o '"kind":"[a-z]*-activity"' "$work/body" | sort | uniq -c
[[ $(grep -o '"kind":"[a-z]*-activity"' "$work/body" | wc -l) == 2 ]]

echo "## The transfer package: every file matches the manifest"
package="$work/e-depot/$closed"
grep -o '"path": "[^"]*"' "$package/manifest.json" | cut -d'"' -f4 >"$work/paths"
grep -o '"sha256": "[^"]*"' "$package/manifest.json" | cut -d'"' -f4 >"$work/hashes"
paste -d' ' "$work/hashes" "$work/paths" | sed 's/ /  /' | (cd "$package" && sha256sum -c -)
[[ $(wc -l <"$work/paths") -ge 4 ]]

echo "## An export imported into a new database keeps the head, tombstones and all"
"$ictgate" export --db "$db" >"$work/export.json"
"$ictgate" import --db "$work/copy.db" "$work/export.json"
[[ $("$ictgate" audit head --db "$work/copy.db") == "$head_before" ]]
"$ictgate" audit verify --db "$work/copy.db"

echo "## The destroyed activity's title is gone from the database file"
kill "$server"
wait "$server" 2>/dev/null || true
if grep -q "Proef Archiefkoppeling" "$db" "$db-wal" 2>/dev/null; then
  echo "the destroyed title is still in the database file" >&2; exit 1
fi
"$ictgate" audit verify --db "$db"
echo "retention walk-through done"

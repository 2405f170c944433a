#!/usr/bin/env bash
# Dossier documents by content, as a newcomer would drive them by hand: the
# opdrachtgever uploads the business case (a PDF) and the architecture
# sketch (an OpenDocument text, made with zip); a text file named .pdf is
# refused, in Dutch; the CIO office accepts the intake and records a green
# verdict, which records the versions it judged; a new version of the
# business case then shows on the gate view as changed since the verdict;
# another department cannot download it, finance of the department can, and
# the download is the uploaded bytes. The record is exported and imported
# with its documents (equal heads, audit verify on the copy), and a document
# edited behind the service's back is caught by audit verify. Then the
# opdrachtgever reports progress for the government ICT dashboard, the record
# is exported in the dashboard's own format, and the opdrachtgever's name is
# erased: the chain head stays, audit verify passes, and the name's bytes
# are gone from the database file. Starts its own `ictgate serve --demo` on
# a temporary database.
#
#   bash examples/documents.sh [path/to/ictgate] [port]
#
# Exits non-zero at the first answer that is not what the walk-through expects.
set -euo pipefail
ictgate=${1:-build/ictgate}
port=${2:-18095}
source "$(dirname "$0")/lib.sh"
start_demo
OWNER=$(token owner) CIO=$(token cio) FINANCE=$(token finance) OTHER=$(token owner EZK)

# upload TOKEN ID KIND TITLE FILE TYPE [EXPECTED]: the file's bytes as the body.
upload() {
  local status
  status=$(curl -s -o "$work/body" -w '%{http_code}' -H "Authorization: Bearer $1" \
    -H 'Accept-Language: nl' -H "Content-Type: $6" --data-binary @"$5" \
    "$api/activities/$2/documents/$3?title=$(printf '%s' "$4" | sed 's/ /%20/g')")
  echo "> POST /activities/$2/documents/$3 ($(basename "$5"), $6) -> $status"
  [[ $status == "${7:-201}" ]] || { cat "$work/body" >&2; exit 1; }
}
# Member NAME of the upload's event (the answer's last copy of it).
recorded() { grep -o "\"$1\":[^,}]*" "$work/body" | tail -1 | cut -d: -f2 | tr -d '"'; }
# A small PDF whose text is $2.
pdf() { printf '%%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%% %s\ntrailer << /Root 1 0 R >>\n%%%%EOF\n' "$2" >"$1"; }

echo "## The opdrachtgever registers and uploads the business case and the architecture sketch"
call "$OWNER" POST /activities "{\"title\":\"Digitaal Loket Subsidies\",\"department\":\"BZK\",
  \"kind\":\"project\",\"ictCostEur\":8000000,\"plannedStart\":\"2027-09-01\",\"plannedEnd\":\"2029-12-31\",
  \"dossier\":$(dossier green)}" 201
id=$(field id)
pdf "$work/businesscase-v1.pdf" "Businesscase Digitaal Loket Subsidies v1.0"
upload "$OWNER" "$id" businessCase "Businesscase Digitaal Loket Subsidies v1.0" "$work/businesscase-v1.pdf" application/pdf
echo "  version $(recorded documentVersion), sha256 $(recorded sha256)"
(cd "$work" && mkdir odt && cd odt && printf 'application/vnd.oasis.opendocument.text' >mimetype &&
  printf '<office:document-content>Architectuurschets</office:document-content>' >content.xml &&
  zip -q -X -0 ../architectuur.odt mimetype && zip -q -X ../architectuur.odt content.xml)
upload "$OWNER" "$id" architectureSketch "Architectuurschets v0.9" "$work/architectuur.odt" application/octet-stream
echo "  version $(recorded documentVersion), its type read from the bytes: $(recorded mediaType)"

echo "## A text file named .pdf is refused: the type is read from the bytes"
printf 'Dit is geen PDF.\n' >"$work/vals.pdf"
upload "$OWNER" "$id" planning "Planning" "$work/vals.pdf" application/pdf 415
echo "  $(field detail)"

echo "## The CIO office accepts the intake and records green: the verdict records the versions it judged"
call "$OWNER" POST "/activities/$id/submissions" '{}' 201
call "$CIO" POST "/activities/$id/intake-decisions" '{"decision":"accept"}' 201
call "$CIO" POST "/activities/$id/assessments" "{\"verdict\":\"green\",
  \"areaScores\":{\"business-case\":\"ok\",\"ownership\":\"ok\",\"risks\":\"ok\",\"processes\":\"ok\",
    \"scope\":\"ok\",\"architecture\":\"ok\",\"planning\":\"ok\",\"sourcing\":\"ok\",
    \"operations\":\"ok\",\"security\":\"ok\",\"archiving\":\"ok\"},
  \"findings\":[{\"criterion\":\"scope-delineation\",\"result\":\"met\",\"note\":\"scope helder\"},
    {\"criterion\":\"planning-realism\",\"result\":\"met\",\"note\":\"planning met marge\"}]}" 201
grep -o '"documents":\[{"kind":"businessCase"[^]]*\]' "$work/body" | head -1
call "$OWNER" GET "/activities/$id/gate" 200
grep -q '"changedSinceVerdict":true' "$work/body" && { echo "nothing should have changed yet" >&2; exit 1; }
echo "  gate: nothing changed since the verdict"

echo "## A new version of the business case: the gate view marks it changed since the verdict"
pdf "$work/businesscase-v2.pdf" "Businesscase Digitaal Loket Subsidies v2.0 (scope uitgebreid)"
upload "$OWNER" "$id" businessCase "Businesscase Digitaal Loket Subsidies v2.0" "$work/businesscase-v2.pdf" application/pdf
call "$OWNER" GET "/activities/$id/gate" 200
changed=$(grep -o '"changedSinceVerdict":true,[^}]*"judgedVersion":1,[^}]*"kind":"businessCase"' "$work/body" || true)
[[ -n $changed ]] || { echo "the gate does not show the change:" >&2; cat "$work/body" >&2; exit 1; }
echo "  businessCase: version 2, judged version 1, changedSinceVerdict true"

echo "## Downloads are authorised like the activity, and are the uploaded bytes"
call "$OTHER" GET "/activities/$id/documents/businessCase/1" 404
curl -sf -H "Authorization: Bearer $FINANCE" -o "$work/download.pdf" "$api/activities/$id/documents/businessCase/1"
cmp "$work/download.pdf" "$work/businesscase-v1.pdf"
echo "  finance downloaded version 1: $(sha256sum <"$work/download.pdf" | cut -d' ' -f1), the same bytes"

echo "## The opdrachtgever keeps the dashboard's figures up to date: a progress report, no herijking"
call "$OWNER" POST "/activities/$id/changes" '{"dashboard":{"subject":"Subsidieverlening",
  "costs":{"internalStaff":{"currentEur":2000000,"actualEur":150000},
           "externalStaff":{"currentEur":5500000,"actualEur":400000}},
  "cumulativeSpendEur":550000,
  "milestones":[{"description":"Aanbesteding gegund","expectedDate":"2027-10-01","realisedDate":"2027-09-20"},
                {"description":"Eerste release","expectedDate":"2028-06-01"}]}}' 201
grep -q '"cumulativeSpendEur":550000' "$work/body"
echo "  the dossier's dashboard part holds the spend and the milestones"

echo "## Export and import carry the documents; the copy verifies"
kill "$server"; wait "$server" 2>/dev/null || true
"$ictgate" export --db "$work/demo.db" >"$work/export.json"
"$ictgate" import --db "$work/copy.db" "$work/export.json"
[[ $("$ictgate" audit head --db "$work/demo.db") == $("$ictgate" audit head --db "$work/copy.db") ]]
"$ictgate" audit verify --db "$work/copy.db"

echo "## A document edited behind the service's back: audit verify says which"
sqlite3 "$work/copy.db" "DROP TRIGGER document_contents_immutable;
  UPDATE document_contents SET content = CAST('%PDF-1.7 vervalst %%EOF' AS BLOB), size_bytes = 23
  WHERE media_type = 'application/pdf' AND rowid = (SELECT min(rowid) FROM document_contents WHERE media_type = 'application/pdf');"
if "$ictgate" audit verify --db "$work/copy.db" >"$work/verify" 2>&1; then
  echo "audit verify passed a tampered document" >&2; exit 1
fi
grep 'document DAMAGED' "$work/verify"

echo "## The export in the government ICT dashboard's format: its column names and Dutch values"
mkdir "$work/dashboard"
"$ictgate" export --db "$work/demo.db" --dashboard "$work/dashboard" --department BZK
overview="$work/dashboard/activiteitenoverzicht.csv"
head -1 "$overview" | cut -d, -f1-8
row=$(grep "^$id," "$overview")
echo "$row" | cut -d, -f1-8
[[ $row == "$id,BZK,Digitaal Loket Subsidies,Nog niet gestart,,Subsidieverlening,1,Nee,"* ]]
grep "^$id," "$work/dashboard/mijlpalen.csv"
grep -q "^$id,.*,CIO BZK,CIO-oordeel,Groen (go)" "$work/dashboard/kwaliteitstoetsen.csv"

echo "## The opdrachtgever leaves: their name is erased, the chain still verifies"
name=demo-owner-BZK
head_before=$("$ictgate" audit head --db "$work/demo.db")
grep -c "$name" "$work/demo.db" >/dev/null || { echo "the name should be in the record now" >&2; exit 1; }
"$ictgate" privacy erase --db "$work/demo.db" --actor "$name"
[[ $("$ictgate" audit head --db "$work/demo.db") == "$head_before" ]]
"$ictgate" audit verify --db "$work/demo.db"
if grep -q "$name" "$work/demo.db"; then echo "the name is still in the database file" >&2; exit 1; fi
"$ictgate" oordeel "$id" --db "$work/demo.db" | grep -o '<dt>Opdrachtgever</dt><dd>verwijderde persoon</dd>'
if "$ictgate" privacy erase --db "$work/demo.db" --actor "$name" 2>"$work/erase"; then
  echo "a second erasure of the same name should find nobody" >&2; exit 1
fi
cat "$work/erase"
echo "documents walk-through done"

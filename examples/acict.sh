#!/usr/bin/env bash
# The AcICT track through the HTTP API (Wet AcICT art. 11), as a newcomer
# would drive it by hand: a project lead registers a project and the
# opdrachtgever submits it; the department's CISO advises on the residual
# risk; the CIO records an orange verdict with a condition; the CIO office
# moves the activity to pack 2026.3, under which funding waits for the
# request for the AcICT's advice, so finance is refused until the CIO office
# asks it (the letter referenced by its SHA-256); then the AcICT selects and
# advises, the CIO office records the minister's bestuurlijke reactie, the
# AcICT adds a naschrift, the opdrachtgever follows a recommendation up, and
# another department reads the public register. The record is verified and
# the CIO-oordeel printed to PDF, whose text is checked (needs chromium and
# poppler-utils). Starts its own `ictgate serve --demo` on a temporary
# database.
#
#   bash examples/acict.sh [path/to/ictgate] [port]
#
# Exits non-zero at the first answer that is not what the walk-through expects.
set -euo pipefail
ictgate=${1:-build/ictgate}
port=${2:-18094}
source "$(dirname "$0")/lib.sh"
start_demo
LEAD=$(token project_lead) OWNER=$(token owner) CIO=$(token cio) FINANCE=$(token finance)
CISO=$(token ciso) ACICT=$(token acict '*') OTHER=$(token owner EZK)

# A document is recorded by the SHA-256 of its file: here, files written on the spot.
document() {  # TITLE FILE TEXT: writes FILE, prints the document's JSON
  printf '%s\n' "$3" >"$work/$2"
  printf '{"title":"%s","sha256":"%s","reference":"DMS %s"}' "$1" "$(sha256sum "$work/$2" | cut -d' ' -f1)" "$2"
}

echo "## The project lead registers a project of EUR 12 million; the opdrachtgever submits it"
call "$LEAD" POST /activities "{\"title\":\"Landelijk Zaaksysteem Toezicht\",\"department\":\"BZK\",
  \"kind\":\"project\",\"ictCostEur\":12000000,\"plannedStart\":\"2027-09-01\",\"plannedEnd\":\"2030-08-31\",
  \"dossier\":$(dossier green)}" 201
id=$(field id)
echo "  id $id, prepared by $(field projectLead)"
call "$OWNER" POST "/activities/$id/submissions" '{}' 201
call "$CIO" POST "/activities/$id/intake-decisions" '{"decision":"accept"}' 201
echo "  state $(field state)"

echo "## The CISO advises on the residual risk of the assessment in progress (once)"
call "$CISO" POST "/activities/$id/ciso-advices" '{"residualRisk":"medium",
  "advice":"Restrisico aanvaardbaar na segmentatie van het netwerk en een jaarlijkse pentest"}' 201
call "$CISO" POST "/activities/$id/ciso-advices" '{"residualRisk":"low","advice":"nog eens"}' 409
echo "  $(field detail)"

echo "## The CIO records an orange verdict with a condition and a recommendation"
due=$(date -u -d '+90 days' +%F)
assessment=$(printf '%s' "{\"verdict\":\"orange\",
  \"areaScores\":{\"business-case\":\"ok\",\"ownership\":\"ok\",\"risks\":\"ok\",\"processes\":\"ok\",
    \"scope\":\"ok\",\"architecture\":\"ok\",\"planning\":\"ok\",\"sourcing\":\"attention\",
    \"operations\":\"ok\",\"security\":\"ok\",\"archiving\":\"ok\"},
  \"findings\":[{\"criterion\":\"scope-delineation\",\"result\":\"met\",\"note\":\"scope helder\"},
    {\"criterion\":\"planning-realism\",\"result\":\"met\",\"note\":\"planning met 20% marge\"}],
  \"recommendations\":[\"Leg de exitstrategie vast voor de aanbesteding\"],
  \"conditions\":[{\"text\":\"Exitstrategie met een geteste gegevensexport\",\"criterion\":\"exit-strategy\",\"dueDate\":\"$due\"}]}")
call "$CIO" POST "/activities/$id/assessments" "$assessment" 201
echo "  state $(field state); the verdict carries the CISO's advice: $(grep -o '"residualRisk":"[a-z]*"' "$work/body" | head -1)"

echo "## The CIO office moves the activity to pack 2026.3: funding now waits for the"
echo "## request for the AcICT's advice, and finance is refused until it is made"
call "$CIO" POST "/activities/$id/pack-adoptions" '{"version":"2026.3","reason":"2026.3 legt de adviesaanvraag aan het AcICT vast"}' 201
echo "  state $(field state) (unchanged), pack $(grep -o '"pack":{[^}]*}' "$work/body" | head -1 | grep -o '"version":"[^"]*"' | cut -d'"' -f4)"
call "$FINANCE" POST "/activities/$id/funding-decisions" '{"amountEur":3000000,"reference":"FEZ-2027-101"}' 409
echo "  $(grep -o 'ACICT_REQUEST_MISSING[^"]*' "$work/body" | head -1)"

echo "## The CIO office asks the AcICT's advice for the minister; the AcICT may not yet advise"
call "$CIO" POST "/activities/$id/acict-requests" "{\"document\":$(document "Adviesaanvraag AcICT" aanvraag.pdf "Verzoek om advies")}" 201
call "$ACICT" POST "/activities/$id/acict-advices" "{\"document\":$(document Advies advies.pdf x),\"recommendations\":[]}" 409
echo "  $(field detail)"
echo "## Finance funds the first tranche now"
call "$FINANCE" POST "/activities/$id/funding-decisions" '{"amountEur":3000000,"reference":"FEZ-2027-101"}' 201
echo "  state $(field state)"

echo "## The AcICT selects the project for advice and advises, with two recommendations"
call "$ACICT" POST "/activities/$id/acict-selections" '{"decision":"advise","reason":"groot, nieuw en risicovol"}' 201
advice=$(document "AcICT-advies Landelijk Zaaksysteem Toezicht" advies.pdf "Het advies van het AcICT")
call "$ACICT" POST "/activities/$id/acict-advices" "{\"document\":$advice,
  \"recommendations\":[\"Beperk de eerste release tot twee toezichthouders\",\"Beleg het beheer voor de start\"]}" 201
advice_hash=$(echo "$advice" | grep -o '"sha256":"[0-9a-f]*"' | cut -d'"' -f4)
grep -q '"public":true' "$work/body"
echo "  recorded, marked public"
call "$ACICT" POST "/activities/$id/acict-reactions" "{\"document\":$advice,\"summary\":\"x\"}" 403
echo "  $(field detail)"

echo "## The CIO office records the minister's bestuurlijke reactie; the AcICT its naschrift"
call "$CIO" POST "/activities/$id/acict-reactions" "{\"document\":$(document "Bestuurlijke reactie" reactie.pdf "De reactie"),
  \"summary\":\"De minister neemt beide aanbevelingen over\"}" 201
call "$ACICT" POST "/activities/$id/acict-naschriften" "{\"document\":$(document "Naschrift AcICT" naschrift.pdf "Het naschrift")}" 201

echo "## The opdrachtgever follows the recommendations up"
call "$OWNER" POST "/activities/$id/acict-follow-ups" '{"recommendation":1,"status":"in_progress","note":"release 1 herschreven"}' 201
call "$OWNER" POST "/activities/$id/acict-follow-ups" '{"recommendation":2,"status":"implemented","note":"beheerorganisatie ingericht"}' 201
call "$OWNER" POST "/activities/$id/acict-follow-ups" '{"recommendation":2,"status":"planned","note":"x"}' 409
echo "  $(field detail)"

echo "## Another department reads the public register of advices"
call "$OTHER" GET /acict-advices 200
grep -q "\"activityId\":\"$id\"" "$work/body"
echo "  $(grep -o '"activityId":"[^"]*"' "$work/body" | tr '\n' ' ')"
stop_and_verify

echo "## The CIO-oordeel printed to PDF: the verdict, the condition, the CISO's advice,"
echo "## the AcICT track and the chain head it rests on"
"$ictgate" oordeel "$id" --db "$work/demo.db" --pdf "$work/oordeel.pdf"
text=$(pdftotext -enc UTF-8 -layout "$work/oordeel.pdf" -)
echo "$text" | grep -E 'Vastgesteld|Exitstrategie|Restrisico|Adviescollege|Selectiebesluit|Bestuurlijke|uitgevoerd|ketenpositie' | sed 's/^ */  /'
flat=$(pdftotext -enc UTF-8 "$work/oordeel.pdf" - | tr -d ' \n')
head=$("$ictgate" audit head --db "$work/demo.db" | cut -d' ' -f1)
for expected in "Vastgesteld CIO-oordeel: Oranje" "Exitstrategie met een geteste gegevensexport" \
  "Advies CISO over het restrisico" "Adviescollege ICT-toetsing (Wet AcICT art. 11)" \
  "Bestuurlijke reactie (openbaar)" "uitgevoerd – beheerorganisatie ingericht"; do
  # Table cells wrap: compared without spaces and line breaks.
  grep -qF "${expected// /}" <<<"$flat" || { echo "the PDF lacks: $expected" >&2; exit 1; }
done
grep -q "$advice_hash" <<<"$flat" || { echo "the PDF lacks the advice's hash" >&2; exit 1; }
grep -q "$head" <<<"$flat" || { echo "the PDF lacks the chain head $head" >&2; exit 1; }
echo "  the PDF names the advice by $advice_hash and the chain head $head, which audit verify checked"
[[ -n ${KEEP_PDF:-} ]] && cp "$work/oordeel.pdf" "$KEEP_PDF"
echo "AcICT walk-through complete"

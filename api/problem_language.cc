#include "api/problem_language.h"

#include <algorithm>
#include <cctype>
#include <mutex>
#include <regex>
#include <set>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/log.h"

namespace ictgate::api {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The q-value of one Accept-Language entry ("nl;q=0.8" -> 0.8; 1 without).
double Quality(std::string_view entry) {
  const size_t q = entry.find(";q=");
  if (q == std::string_view::npos) return 1.0;
  try {
    return std::stod(std::string(entry.substr(q + 3)));
  } catch (const std::exception&) {
    return 0.0;  // a malformed weight does not choose a language
  }
}

// The catalogue: an English message (the whole of it, with its variable
// parts as groups) and its Dutch form ($1, $2 for the groups).
const std::vector<std::pair<std::regex, std::string>>& Catalogue() {
  static const auto* catalogue = new std::vector<std::pair<std::regex, std::string>>([] {
    const std::vector<std::pair<const char*, const char*>> texts = {
        {R"(no activity (\S+) at (\S+))",
         "er is geen activiteit $1 op $2 (of u mag die niet zien)"},
        {R"(no activity (\S+))", "er is geen activiteit $1 (of u mag die niet zien)"},
        {R"(activity (\S+) was destroyed on (\S+) under retention rule (.+) \(record log entry (\d+)\))",
         "activiteit $1 is op $2 vernietigd volgens bewaartermijnregel $3 (vermelding $4 in het "
         "logboek van het archief)"},
        {R"(activity (\S+) was transferred to the e-depot on (\S+) under retention rule (.+) )"
         R"(\(record log entry (\d+)\))",
         "activiteit $1 is op $2 overgebracht naar het e-depot volgens bewaartermijnregel $3 "
         "(vermelding $4 in het logboek van het archief)"},
        {R"(sign in, or send a valid bearer token)", "log in, of stuur een geldig token mee"},
        {R"(the token is unknown or revoked)", "het token is onbekend of ingetrokken"},
        {R"((\S+) (\S+) is for the roles (.+))", "$1 $2 is alleen voor de rollen $3"},
        {R"(role '(.+)' may not create activities)",
         "de rol '$1' mag geen activiteiten registreren"},
        {R"(role '(.+)' may not (.+))", "de rol '$1' mag '$2' niet uitvoeren"},
        {R"(department '(.+)' may not create activities for (.+))",
         "departement '$1' mag geen activiteiten registreren voor $2"},
        {R"(department '(.+)' may not act on (.+))", "departement '$1' mag niet handelen voor $2"},
        {R"('(.+)' is not allowed in state '(.+)')", "'$1' kan niet in de status '$2'"},
        {R"(the request body does not match the API's contract: check (.+))",
         "de inhoud van het verzoek past niet bij het contract van de API: controleer $1"},
        {R"(the request body must be sent as Content-Type: application/json)",
         "stuur de inhoud van het verzoek als Content-Type: application/json"},
        {R"(the body must be a JSON object)", "de inhoud moet een JSON-object zijn"},
        {R"(the request is not valid)", "het verzoek is niet geldig"},
        {R"(the request has members it may not have)",
         "het verzoek bevat velden die het niet mag hebben"},
        {R"(the activity is not valid)", "de activiteit is niet geldig"},
        {R"(the edit is not valid)", "de wijziging is niet geldig"},
        {R"(the assessment so far is not valid)", "de toetsing tot nu toe is niet geldig"},
        {R"(a guard of the transition failed)", "een voorwaarde van deze stap is niet vervuld"},
        {R"(a write from a signed-in page must carry its X-CSRF-Token)",
         "een wijziging vanuit een ingelogde pagina moet het X-CSRF-Token meesturen"},
        {R"(no role in ictgate is mapped to this account)",
         "aan dit account is geen rol in ictgate gekoppeld"},
        {R"(demo sign-in is offered only by `ictgate serve --demo`)",
         "inloggen als demogebruiker kan alleen bij `ictgate serve --demo`"},
        {R"(sign in with either a token or a demo user)",
         "log in met een token of als demogebruiker, niet met beide"},
        {R"(no such demo user)", "die demogebruiker bestaat niet"},
        {R"(no session to end: this request came with a token)",
         "er is geen sessie om te beëindigen: dit verzoek kwam met een token"},
        {R"(If-Match must be an ETag like "3")", "If-Match moet een ETag zijn, zoals \"3\""},
        {R"(Idempotency-Key must be 1 to 128 visible ASCII characters)",
         "Idempotency-Key moet 1 tot 128 zichtbare ASCII-tekens zijn"},
        {R"(this Idempotency-Key was used for another request; use a new key)",
         "deze Idempotency-Key is al gebruikt voor een ander verzoek; gebruik een nieuwe"},
        {R"(storage unavailable; nothing was changed)",
         "de opslag is even niet beschikbaar; er is niets gewijzigd"},
        {R"(internal error; nothing was changed)", "interne fout; er is niets gewijzigd"},
        {R"(too many open connections; retry shortly)",
         "te veel open verbindingen; probeer het zo opnieuw"},
        {R"(the database does not answer)", "de database antwoordt niet"},
        {R"(no resource at (\S+) \(no trailing slashes\))",
         "niets gevonden op $1 (zonder slash aan het eind)"},
        {R"(no resource (\S+) (\S+))", "niets gevonden voor $1 $2"},
        {R"((\S+) is not allowed on (\S+))", "$1 kan niet op $2"},
        {R"(no policy pack (.+))", "er is geen toetskader $1"},
        {R"(no webhook (.+))", "er is geen webhook $1"},
        {R"(no chain entry (.+))", "er is geen vastlegging $1 in de keten"},
        {R"(activity (\S+) has no verdict in force to print)",
         "activiteit $1 heeft geen geldend CIO-oordeel om af te drukken"},
        {R"(there is no verdict in force to respond to in state '(.+)')",
         "er is geen geldend CIO-oordeel om op te reageren in status '$1'"},
        {R"(the response is not valid)", "de reactie is niet geldig"},
        {R"(recommendation (\d+) has its response already)", "op aanbeveling $1 is al gereageerd"},
        {R"(was answered before)", "is al eerder beantwoord"},
        {R"(the verdict has no recommendations)", "het CIO-oordeel heeft geen aanbevelingen"},
        {R"(must be a number from 1 to (\d+))", "moet een getal van 1 tot en met $1 zijn"},
        {R"(the body exceeds (\d+) bytes)", "de inhoud is groter dan $1 bytes"},
        {R"(chunked request bodies are not accepted; send Content-Length)",
         "een inhoud in delen (chunked) wordt niet aanvaard; stuur Content-Length"},
        {R"(Content-Length is not a number)", "Content-Length is geen getal"},
        {R"((\S+) may be sent only once)", "$1 mag maar één keer worden meegestuurd"},
        {R"(more than (\d+) header fields)", "meer dan $1 headervelden"},
        // The reasons of invalidParams and blockedBy entries.
        {R"(is required)", "is verplicht"},
        {R"(is required \(the body must be a JSON object\))",
         "is verplicht (de inhoud moet een JSON-object zijn)"},
        {R"(is required: the verdict differs from the advisory verdict \((\w+)\))",
         "is verplicht: het oordeel wijkt af van het advies ($1)"},
        {R"(is required: a finding says why)", "is verplicht: een bevinding zegt waarom"},
        {R"(is required \(ok, attention or risk\))", "is verplicht (ok, attention of risk)"},
        {R"(is not a member of this request)", "hoort niet bij dit verzoek"},
        {R"(is not a member of a finding)", "hoort niet bij een bevinding"},
        {R"(must be a string)", "moet een tekst zijn"},
        {R"(must be an integer)", "moet een geheel getal zijn"},
        {R"(must be a number)", "moet een getal zijn"},
        {R"(must be true or false)", "moet true of false zijn"},
        {R"(must be an object)", "moet een object zijn"},
        {R"(must be an array)", "moet een lijst zijn"},
        {R"(must be an array of strings)", "moet een lijst van teksten zijn"},
        {R"(must not be empty)", "mag niet leeg zijn"},
        {R"(must be at most (\d+) bytes)", "mag hoogstens $1 bytes lang zijn"},
        {R"(must be a whole number of euros)", "moet een geheel aantal euro's zijn"},
        {R"(must be between (\d+) and (\d+))", "moet tussen $1 en $2 liggen"},
        {R"(must be (\d+) to (\d+))", "moet $1 tot en met $2 zijn"},
        {R"(must be at least (\S+))", "moet minstens $1 zijn"},
        {R"(must be at most (\S+))", "mag hoogstens $1 zijn"},
        {R"(must have at least (\d+) item\(s\))", "moet minstens $1 element(en) hebben"},
        {R"(must have at most (\d+) item\(s\))", "mag hoogstens $1 element(en) hebben"},
        {R"(must be a date as YYYY-MM-DD)", "moet een datum zijn als JJJJ-MM-DD"},
        {R"(must be one of:? (.+))", "moet een van deze zijn: $1"},
        {R"(must be a list of distinct values, each one of: (.+))",
         "moet een lijst van verschillende waarden zijn, elk een van deze: $1"},
        {R"(give reasonCode or reasonCodes, not both)",
         "geef reasonCode of reasonCodes, niet beide"},
        {R"(must not be in the past)", "mag niet in het verleden liggen"},
        {R"(must not be before the planned start)", "mag niet vóór de geplande start liggen"},
        {R"(must not be before plannedStart)", "mag niet vóór plannedStart liggen"},
        {R"(department must be 2 to 10 capital letters)",
         "department moet 2 tot 10 hoofdletters zijn"},
        {R"(is not a department code)", "is geen departementscode"},
        {R"(must match (\S+))", "moet voldoen aan het patroon $1"},
        {R"(must be 2 to 10 capital letters \(BZK, EZK\))",
         "moet 2 tot 10 hoofdletters zijn (BZK, EZK)"},
        {R"(is locked since the intake was accepted; report a change instead)",
         "ligt vast sinds de intake is aanvaard; meld in plaats daarvan een wijziging "
         "(herijking)"},
        {R"(an orange verdict needs at least one condition)",
         "een oranje oordeel heeft minstens één voorwaarde"},
        {R"(only an orange verdict carries conditions)",
         "alleen een oranje oordeel heeft voorwaarden"},
        {R"(no condition '(.+)' on this activity)", "deze activiteit heeft geen voorwaarde '$1'"},
        {R"(must hold distinct activity ids)", "moet verschillende activiteiten noemen"},
        {R"(an activity is not linked to itself)",
         "een activiteit wordt niet aan zichzelf gekoppeld"},
        {R"(must map every area of the pack to ok, attention or risk)",
         "moet elk risicogebied van het toetskader ok, attention of risk geven"},
        {R"(is not an area of the pack)", "is geen risicogebied van het toetskader"},
        {R"(must be ok, attention or risk)", "moet ok, attention of risk zijn"},
        {R"(must name a criterion of the pack)", "moet een criterium van het toetskader noemen"},
        {R"(has a finding already)", "heeft al een bevinding"},
        {R"(must be met, failed, not_applicable or explained)",
         "moet met, failed, not_applicable of explained zijn"},
        {R"(is not a field of pack (\S+) (\S+))", "is geen veld van toetskader $1 $2"},
        {R"(the dossier lacks '(.+)')", "het dossier mist '$1'"},
        {R"(the verdict is still valid until (\S+))", "het CIO-oordeel is nog geldig tot $1"},
        {R"(the (\S+) request is not valid: check (.+))",
         "het verzoek '$1' is niet geldig: controleer $2"},
        // Eligibility reasons as a refusal names them (engine/eligibility.h).
        {R"(NO_VERDICT)", "NO_VERDICT: er is nog geen CIO-oordeel"},
        {R"(VERDICT_RED)", "VERDICT_RED: het CIO-oordeel is rood"},
        {R"(VERDICT_EXPIRED)", "VERDICT_EXPIRED: het CIO-oordeel is verlopen"},
        {R"(VERDICT_EXPIRED: the verdict was valid until (\S+))",
         "VERDICT_EXPIRED: het CIO-oordeel was geldig tot $1"},
        {R"(CONDITIONS_OVERDUE: condition (\S+) was due (\S+))",
         "CONDITIONS_OVERDUE: voorwaarde $1 had op $2 vervuld moeten zijn"},
        {R"(CONDITION_NOT_MET: condition (\S+) was found not met)",
         "CONDITION_NOT_MET: voorwaarde $1 is niet vervuld"},
        {R"(is only given with the outcome extended)", "hoort alleen bij de uitkomst extended"},
        {R"(must be after the condition's due date (\S+))",
         "moet na de huidige vervaldatum van de voorwaarde ($1) liggen"},
        {R"(REASSESSMENT_REQUIRED)",
         "REASSESSMENT_REQUIRED: na een herijking is een nieuw CIO-oordeel nodig"},
        {R"(REASSESSMENT_DUE: the activity was to be assessed again by (\S+))",
         "REASSESSMENT_DUE: de activiteit had uiterlijk $1 opnieuw getoetst moeten worden"},
        {R"(the periodic re-assessment is not due before (\S+))",
         "de periodieke hertoetsing is pas op $1 aan de orde"},
        {R"(ACICT_REQUEST_MISSING: the pack asks the AcICT's advice to be requested before the activity starts)",
         "ACICT_REQUEST_MISSING: het beleidspakket vraagt dat het advies van het AcICT is "
         "aangevraagd voordat de activiteit start"},
        {R"(CANCELLED)", "CANCELLED: de activiteit is geannuleerd"},
        // The AcICT track, the CISO's advice and who submits (engine/acict.cc,
        // engine/lifecycle.cc).
        {R"(the AcICT's advice was requested already, on (\S+))",
         "het advies van het AcICT is al aangevraagd, op $1"},
        {R"(no request for the AcICT's advice is on record)",
         "er is geen adviesaanvraag aan het AcICT vastgelegd"},
        {R"(the AcICT's selection decision is on record)",
         "het selectiebesluit van het AcICT is al vastgelegd"},
        {R"(the AcICT's advice is on record)", "het advies van het AcICT is al vastgelegd"},
        {R"(the AcICT has not decided whether it advises)",
         "het AcICT heeft nog niet besloten of het adviseert"},
        {R"(the AcICT decided not to advise on this activity)",
         "het AcICT heeft besloten over deze activiteit niet te adviseren"},
        {R"(there is no AcICT advice to react to)",
         "er is geen advies van het AcICT om op te reageren"},
        {R"(the bestuurlijke reactie is on record)", "de bestuurlijke reactie is al vastgelegd"},
        {R"(a naschrift follows the bestuurlijke reactie)",
         "een naschrift volgt op de bestuurlijke reactie"},
        {R"(the AcICT's naschrift is on record)", "het naschrift van het AcICT is al vastgelegd"},
        {R"(there is no AcICT advice whose recommendations are open)",
         "er is geen advies van het AcICT met open aanbevelingen"},
        {R"(recommendation (\S+) was closed as (\S+))", "aanbeveling $1 is afgesloten als $2"},
        {R"(the AcICT's advice has no recommendations)",
         "het advies van het AcICT heeft geen aanbevelingen"},
        {R"(the AcICT track of an activity in state '(\S+)' is closed)",
         "het AcICT-traject van een activiteit in status '$1' is gesloten"},
        {R"(the (\S+) request is not valid)", "het verzoek $1 is niet geldig"},
        {R"(must be the document's SHA-256: 64 lowercase hexadecimal digits)",
         "moet de SHA-256 van het document zijn: 64 hexadecimale tekens in kleine letters"},
        {R"(must be a document: \{title, sha256, reference\?\})",
         "moet een document zijn: {title, sha256, reference?}"},
        {R"(is not a member of a document)", "hoort niet bij een document"},
        {R"(is required: the advice's recommendations, as texts)",
         "is verplicht: de aanbevelingen van het advies, als teksten"},
        {R"(must be a non-blank text)", "moet een niet-lege tekst zijn"},
        {R"(the CISO advises on an assessment in progress; the activity is '(\S+)')",
         "de CISO adviseert bij een lopende toetsing; de activiteit is '$1'"},
        {R"(the CISO's advice is not valid)", "het advies van de CISO is niet geldig"},
        {R"(the CISO's advice for this assessment is on record already)",
         "het advies van de CISO bij deze toetsing is al vastgelegd"},
        {R"(under (\S+) (\S+) the opdrachtgever submits; the project lead prepares)",
         "onder $1 $2 dient de opdrachtgever in; de projectleider bereidt voor"},
        {R"(under (\S+) (\S+) the opdrachtgever and the project lead are two people)",
         "onder $1 $2 zijn de opdrachtgever en de projectleider twee personen"},
        {R"(under (\S+) (\S+) a verdict is given with the CISO's advice on the residual risk)",
         "onder $1 $2 wordt een oordeel gegeven met het advies van de CISO over het restrisico"},
        {R"(the CISO's advice \(record-ciso-advice\) is not on record)",
         "het advies van de CISO (record-ciso-advice) is niet vastgelegd"},
        // People (api/privacy_routes.cc).
        {R"(nobody of that name acted in this record)",
         "niemand met die naam heeft in dit archief gehandeld"},
        // Dossier documents (engine/documents.h, api/document_routes.cc).
        {R"(the content is not a PDF, OpenDocument or Office Open XML file \(the type is read from the bytes, not from the file's name\))",
         "het bestand is geen PDF-, OpenDocument- of Office Open XML-bestand (het soort wordt "
         "uit de inhoud gelezen, niet uit de naam van het bestand)"},
        {R"(the content is (\S+), not the declared (\S+))",
         "het bestand is $1, niet het opgegeven $2"},
        {R"(a document must be sent as its own type \(application/pdf, an OpenDocument or Office Open XML type\) or as application/octet-stream)",
         "stuur een document als zijn eigen soort (application/pdf, een OpenDocument- of "
         "Office Open XML-soort) of als application/octet-stream"},
        {R"(the document is not valid)", "het document is niet geldig"},
        {R"(this content is version (\d+) of (\S+) already)", "deze inhoud is al versie $1 van $2"},
        {R"(equals the latest version's)", "is gelijk aan die van de laatste versie"},
        {R"(the dossier of an activity in state '(\S+)' is closed)",
         "het dossier van een activiteit in status '$1' is gesloten"},
        {R"(no version (\S+) of (\S+) on (\S+))",
         "er is geen versie $1 van $2 bij $3 (of u mag die niet zien)"},
        {R"(a document version is a number from 1)", "een documentversie is een getal vanaf 1"},
        {R"(not a version)", "geen versie"},
        {R"(must be the document's size: a whole number of bytes, at least 1)",
         "moet de grootte van het document zijn: een geheel aantal bytes, minstens 1"},
        {R"(CLOSED)", "CLOSED: de activiteit is afgerond"},
        // adopt-pack (engine/lifecycle.cc, app/service.cc).
        {R"(the adoption is not valid)",
         "de overgang naar een nieuwere pakketversie is niet geldig"},
        {R"(no such pack version)", "die versie van het beleidspakket bestaat niet"},
        {R"(no version '(.+)' of pack (\S+) is registered)",
         "versie '$1' van pakket $2 is niet geregistreerd"},
        {R"(an activity in draft has no pack yet: it is judged under the pack in force when it is submitted)",
         "een activiteit in concept heeft nog geen beleidspakket: zij wordt getoetst aan het "
         "pakket dat geldt wanneer zij wordt ingediend"},
        {R"(an activity in state '(\S+)' keeps its pack)",
         "een activiteit in status '$1' houdt haar beleidspakket"},
        {R"(the activity is under (\S+) (\S+); it can adopt only a newer version of that pack)",
         "de activiteit valt onder $1 $2; zij kan alleen een nieuwere versie van dat pakket "
         "aannemen"},
        {R"((\S+) (\S+) is not newer)", "$1 $2 is niet nieuwer"},
        {R"(FUNDING_PAST_ASSESSED_COST: the total granted would be EUR (\d+), (\d+) % or more past the assessed cost of EUR (\d+); report the change \(herijking\) first)",
         "FUNDING_PAST_ASSESSED_COST: het totaal toegekende bedrag zou EUR $1 worden, $2 % of meer "
         "boven de getoetste kosten van EUR $3; meld eerst de wijziging (herijking)"},
    };
    std::vector<std::pair<std::regex, std::string>> compiled;
    compiled.reserve(texts.size());
    for (const auto& [en, nl] : texts) compiled.emplace_back(std::regex(en), nl);
    return compiled;
  }());
  return *catalogue;
}

// Logs a message the catalogue lacks, once per message and process.
void NoteUntranslated(const std::string& detail) {
  static std::mutex mutex;
  static std::set<std::string>* seen = new std::set<std::string>();
  std::lock_guard lock(mutex);
  if (seen->size() < 1000 && seen->insert(detail).second) {
    app::log::Info("a problem detail has no Dutch form yet", {{"detail", detail}});
  }
}

// The Dutch form of `message`, or the message itself, noted.
std::string InDutch(const std::string& message) {
  if (auto dutch = DutchDetail(message)) return *dutch;
  NoteUntranslated(message);
  return message;
}

}  // namespace

std::string PreferredLanguage(std::string_view accept_language) {
  double dutch = 0, english = 0, any = 0;
  while (!accept_language.empty()) {
    const size_t comma = std::min(accept_language.find(','), accept_language.size());
    std::string entry = Lower(accept_language.substr(0, comma));
    accept_language.remove_prefix(std::min(comma + 1, accept_language.size()));
    entry.erase(std::remove(entry.begin(), entry.end(), ' '), entry.end());
    const std::string tag = entry.substr(0, entry.find(';'));
    const double q = Quality(entry);
    if (tag == "nl" || tag.rfind("nl-", 0) == 0) dutch = std::max(dutch, q);
    if (tag == "en" || tag.rfind("en-", 0) == 0) english = std::max(english, q);
    if (tag == "*") any = std::max(any, q);
  }
  return dutch > 0 && dutch > english && dutch >= any ? "nl" : "en";
}

const char* DutchStatusTitle(int status) {
  switch (status) {
    case 400:
      return "Onjuist verzoek";
    case 401:
      return "Niet aangemeld";
    case 403:
      return "Niet toegestaan";
    case 404:
      return "Niet gevonden";
    case 405:
      return "Methode niet toegestaan";
    case 409:
      return "Conflict met de huidige status";
    case 411:
      return "Lengte vereist";
    case 412:
      return "Voorwaarde niet vervuld";
    case 413:
      return "Inhoud te groot";
    case 415:
      return "Mediatype niet ondersteund";
    case 422:
      return "Niet te verwerken";
    case 429:
      return "Te veel verzoeken";
    case 431:
      return "Headers te groot";
    case 500:
      return "Interne fout";
    case 503:
      return "Dienst niet beschikbaar";
    default:
      return "Fout";
  }
}

std::optional<std::string> DutchDetail(const std::string& detail) {
  // A refusal's summary names its first blocking reason, which has a Dutch
  // form of its own.
  static const std::regex kBlocked("'([^']+)' is blocked: (.+)");
  std::smatch blocked;
  if (std::regex_match(detail, blocked, kBlocked)) {
    const auto reason = DutchDetail(blocked[2].str());
    return "'" + blocked[1].str() + "' is geblokkeerd: " + reason.value_or(blocked[2].str());
  }
  for (const auto& [english, dutch] : Catalogue()) {
    std::smatch match;
    if (std::regex_match(detail, match, english)) return match.format(dutch);
  }
  return std::nullopt;
}

void SetContentLanguage(httplib::Response& res, const std::string& language) {
  res.headers.erase("Content-Language");
  res.set_header("Content-Language", language);
  const std::string vary = res.get_header_value("Vary");
  if (vary.find("Accept-Language") != std::string::npos) return;
  res.headers.erase("Vary");
  res.set_header("Vary", vary.empty() ? "Accept-Language" : vary + ", Accept-Language");
}

void LocaliseProblem(const httplib::Request& req, httplib::Response& res) {
  if (res.get_header_value("Content-Type") != "application/problem+json") return;
  const std::string lang = PreferredLanguage(req.get_header_value("Accept-Language"));
  SetContentLanguage(res, lang);
  if (lang != "nl") return;
  nlohmann::json problem = nlohmann::json::parse(res.body, nullptr, /*allow_exceptions=*/false);
  if (!problem.is_object() || !problem.contains("status")) return;
  problem["title"] = DutchStatusTitle(problem["status"].get<int>());
  problem["detail"] = InDutch(problem.value("detail", ""));
  for (const char* list : {"invalidParams", "blockedBy"}) {
    const auto it = problem.find(list);
    if (it == problem.end() || !it->is_array()) continue;
    for (auto& entry : *it) {
      if (entry.is_object() && entry.contains("reason") && entry["reason"].is_string()) {
        entry["reason"] = InDutch(entry["reason"].get<std::string>());
      }
    }
  }
  res.body = problem.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  // This runs after the library has framed the answer for the English body.
  if (res.has_header("Content-Length")) {
    res.headers.erase("Content-Length");
    res.set_header("Content-Length", std::to_string(res.body.size()));
  }
}

}  // namespace ictgate::api

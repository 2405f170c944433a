#include "engine/answer_texts.h"

#include <array>
#include <optional>

#include "engine/pack_texts.h"

namespace ictgate::engine {
namespace {

using nlohmann::json;

struct CodeText {
  std::string_view code;
  const char* en;
  const char* nl;
};

// The blockers that are sentences of their own.
constexpr std::array<CodeText, 10> kBlockers{{
    {"NOT_SUBMITTED", "The owner has not submitted the activity.",
     "De opdrachtgever heeft de activiteit nog niet ingediend."},
    {"AWAITING_INTAKE", "The CIO office has not accepted the intake.",
     "De CIO-office heeft de intake nog niet aanvaard."},
    {"NO_VERDICT", "The CIO has not recorded a verdict.",
     "De CIO heeft nog geen CIO-oordeel vastgelegd."},
    {"VERDICT_RED", "The CIO verdict is red (no-go).", "Het CIO-oordeel is rood (no-go)."},
    {"REASSESSMENT_REQUIRED", "A material change needs a new CIO verdict.",
     "Een wezenlijke wijziging (herijking) vraagt een nieuw CIO-oordeel."},
    {"VERDICT_EXPIRED", "The CIO verdict expired before funding.",
     "Het CIO-oordeel is verlopen voordat er financiering was."},
    {"REASSESSMENT_DUE",
     "The periodic re-assessment is due: further funding needs a new CIO verdict.",
     "De periodieke hertoetsing is aan de orde: verdere financiering vraagt een nieuw "
     "CIO-oordeel."},
    {"ACICT_REQUEST_MISSING",
     "The pack asks the AcICT's advice to be requested before the activity starts; no request "
     "is on record.",
     "Het beleidspakket vraagt dat het advies van het AcICT is aangevraagd voordat de activiteit "
     "start; er is geen adviesaanvraag vastgelegd."},
    {"CLOSED", "The activity is closed.", "De activiteit is afgerond."},
    {"CANCELLED", "The activity is cancelled.", "De activiteit is geannuleerd."},
}};

constexpr std::array<CodeText, 10> kReasons{{
    {"NO_VERDICT", "There is no CIO verdict yet.", "Er is nog geen CIO-oordeel."},
    {"VERDICT_RED", "The CIO verdict is red.", "Het CIO-oordeel is rood."},
    {"VERDICT_EXPIRED", "The CIO verdict has expired.", "Het CIO-oordeel is verlopen."},
    {"CONDITIONS_OVERDUE", "One or more conditions were not met in time.",
     "Een of meer voorwaarden zijn niet op tijd vervuld."},
    {"CONDITION_NOT_MET", "A condition was found not met; a new CIO verdict is needed.",
     "Een voorwaarde is niet vervuld; een nieuw CIO-oordeel is nodig."},
    {"REASSESSMENT_REQUIRED", "After a herijking a new CIO verdict is needed.",
     "Na een herijking is een nieuw CIO-oordeel nodig."},
    {"REASSESSMENT_DUE", "The periodic re-assessment is due; a new CIO verdict is needed.",
     "De periodieke hertoetsing is aan de orde; een nieuw CIO-oordeel is nodig."},
    {"ACICT_REQUEST_MISSING", "The AcICT's advice has not been requested (Wet AcICT art. 11).",
     "Het advies van het AcICT is niet aangevraagd (Wet AcICT art. 11)."},
    {"CANCELLED", "The activity is cancelled.", "De activiteit is geannuleerd."},
    {"CLOSED", "The activity is closed.", "De activiteit is afgerond."},
}};

template <size_t N>
const CodeText* Find(const std::array<CodeText, N>& texts, std::string_view code) {
  for (const CodeText& t : texts) {
    if (t.code == code) return &t;
  }
  return nullptr;
}

const char* In(const CodeText& t, Language language) {
  return language == Language::kDutch ? t.nl : t.en;
}

// "1 voorwaarde" / "2 voorwaarden", "1 condition" / "2 conditions".
std::string Conditions(int n, Language language) {
  const bool dutch = language == Language::kDutch;
  const char* noun =
      n == 1 ? (dutch ? "voorwaarde" : "condition") : (dutch ? "voorwaarden" : "conditions");
  return std::to_string(n) + " " + noun;
}

// The sentence of a blocker with a date (CONDITIONS_OVERDUE, VERDICT_EXPIRED),
// or nullopt for a code whose sentence has none.
std::optional<std::string> DatedBlockerText(const Blocker& b, Language language) {
  const std::string date = LongDate(*b.date, language);
  const bool dutch = language == Language::kDutch;
  if (b.code == "CONDITIONS_OVERDUE") {
    return dutch ? "Voorwaarde " + b.subject + " had op " + date + " vervuld moeten zijn."
                 : "Condition " + b.subject + " was due on " + date + ".";
  }
  if (b.code == "VERDICT_EXPIRED") {
    return dutch ? "Het CIO-oordeel was geldig tot " + date + "."
                 : "The CIO verdict was valid until " + date + ".";
  }
  return std::nullopt;
}

Blocker BlockerFrom(const json& j) {
  Blocker b{j.value("code", ""), j.value("subject", "")};
  if (const auto it = j.find("date"); it != j.end() && it->is_string()) {
    b.date = ParseDate(it->get<std::string>());
  }
  b.count = j.value("count", 0);
  return b;
}

}  // namespace

std::string LongDate(Date date, Language language) {
  static const char* const kDutch[] = {"januari",   "februari", "maart",    "april",
                                       "mei",       "juni",     "juli",     "augustus",
                                       "september", "oktober",  "november", "december"};
  static const char* const kEnglish[] = {"January",   "February", "March",    "April",
                                         "May",       "June",     "July",     "August",
                                         "September", "October",  "November", "December"};
  const std::string iso = FormatDate(date);  // YYYY-MM-DD
  const int month = std::stoi(iso.substr(5, 2));
  const int day = std::stoi(iso.substr(8, 2));
  const char* name = (language == Language::kDutch ? kDutch : kEnglish)[month - 1];
  return std::to_string(day) + " " + name + " " + iso.substr(0, 4);
}

std::string BlockerText(const Blocker& b, const PolicyPack& pack, Language language) {
  const bool dutch = language == Language::kDutch;
  if (b.date) {
    if (auto dated = DatedBlockerText(b, language)) return *dated;
  }
  if (b.code == "MISSING_DOCUMENTS") {
    const std::string label = FieldLabel(pack, b.subject, language);
    return dutch ? "Het dossier mist: " + label + "." : "The dossier lacks: " + label + ".";
  }
  if (b.code == "CONDITION_NOT_MET") {
    return dutch ? "Voorwaarde " + b.subject +
                       " is niet vervuld: een nieuw CIO-oordeel is nodig (meld een wijziging)."
                 : "Condition " + b.subject +
                       " was found not met: a new CIO verdict is needed (report a change).";
  }
  if (b.code == "CONDITIONS_OPEN") {
    const std::string n = Conditions(b.count, language);
    if (dutch) return (b.count == 1 ? "Er staat nog " : "Er staan nog ") + n + " open.";
    return n + (b.count == 1 ? " is still open." : " are still open.");
  }
  const CodeText* t = Find(kBlockers, b.code);
  return t ? In(*t, language) : b.code;
}

json BlockerJson(const Blocker& b, const PolicyPack& pack, Language language) {
  json j = {{"code", b.code}, {"message", BlockerText(b, pack, language)}};
  if (!b.subject.empty()) j["subject"] = b.subject;
  if (b.date) j["date"] = FormatDate(*b.date);
  if (b.count) j["count"] = b.count;
  return j;
}

std::string ReasonText(std::string_view code, Language language) {
  const CodeText* t = Find(kReasons, code);
  return t ? In(*t, language) : std::string(code);
}

json ReasonDetails(const std::vector<std::string>& codes, Language language) {
  json details = json::array();
  for (const std::string& code : codes) {
    details.push_back({{"code", code}, {"text", ReasonText(code, language)}});
  }
  return details;
}

void LocaliseAnswer(json& answer, const PolicyPack* pack, Language language) {
  static const PolicyPack kNoPack;
  const PolicyPack& texts_of = pack ? *pack : kNoPack;
  if (const auto it = answer.find("blockers"); it != answer.end() && it->is_array()) {
    for (json& b : *it) b["message"] = BlockerText(BlockerFrom(b), texts_of, language);
  }
  if (const auto it = answer.find("reasonDetails"); it != answer.end() && it->is_array()) {
    for (json& r : *it) r["text"] = ReasonText(r.value("code", ""), language);
  }
  const auto criteria = answer.find("unmetCriteria");
  if (!pack || criteria == answer.end() || !criteria->is_array()) return;
  for (json& c : *criteria) {
    const std::string id = c.value("id", "");
    if (!pack->FindCriterion(id)) continue;
    c["title"] = CriterionTitle(*pack, id, language);
    c["recommendation"] = CriterionRecommendation(*pack, id, language);
  }
}

}  // namespace ictgate::engine

#include "app/oordeel.h"

#include <algorithm>
#include <map>

#include "common/hex.h"
#include "common/html.h"
#include "common/sha256.h"
#include "engine/answer_texts.h"
#include "engine/lifecycle.h"
#include "engine/pack_texts.h"

namespace ictgate::app {
namespace {

using engine::Language;
using nlohmann::json;

constexpr Language kDutch = Language::kDutch;

// The document's only style: print on A4, no colour needed to read it.
const char* const kStyle =
    "body{font-family:'DejaVu Sans',sans-serif;font-size:10.5pt;line-height:1.4;color:#111;"
    "max-width:46em;margin:2em auto;padding:0 1em}"
    "h1{font-size:18pt;margin:0}h2{font-size:13pt;border-bottom:1px solid #154273;"
    "margin-top:1.6em}table{border-collapse:collapse;width:100%}"
    "th,td{border:1px solid #999;padding:.25em .4em;text-align:left;vertical-align:top}"
    "td:first-child{width:13em}td.score{width:5.5em;white-space:nowrap}ul{margin:0;padding-left:1."
    "2em}"
    "dl{display:grid;grid-template-columns:14em 1fr;gap:.2em 1em}dt{font-weight:bold}dd{margin:0}"
    ".verdict{font-size:13pt}.hash{font-family:'DejaVu Sans Mono',monospace;font-size:8.5pt;"
    "word-break:break-all}@page{size:A4;margin:18mm}";

std::string E(const std::string& text) {
  return HtmlEscape(text);
}

// "€ 7.900.000": whole euros with Dutch thousands separators.
std::string Euros(int64_t amount) {
  std::string digits = std::to_string(amount < 0 ? -amount : amount);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(i, ".");
  return std::string(amount < 0 ? "€ -" : "€ ") + digits;
}

std::string Day(engine::Date d) {
  return engine::LongDate(d, kDutch);
}

// "5 december 2026, 11:59 CET": the instant on the Dutch wall clock, as the
// dashboard shows it, with the zone (summer time is CEST).
std::string Moment(engine::Instant t) {
  const std::string wall = engine::FormatZonedInstant(t);  // YYYY-MM-DDTHH:MM:SS.mmm+01:00
  return Day(engine::DateOf(t)) + ", " + wall.substr(11, 5) +
         (engine::UtcOffsetMinutes(t) == 120 ? " CEST" : " CET");
}

std::string Dutch(const std::map<std::string, std::string>& words, const std::string& key) {
  const auto it = words.find(key);
  return it == words.end() ? key : it->second;
}

const std::map<std::string, std::string> kScores = {
    {"ok", "In orde"}, {"attention", "Aandacht"}, {"risk", "Risico"}};
const std::map<std::string, std::string> kResults = {{"met", "voldaan"},
                                                     {"failed", "niet voldaan"},
                                                     {"not_applicable", "niet van toepassing"},
                                                     {"explained", "uitgelegd"}};
const std::map<std::string, std::string> kConditionStatus = {{"open", "open"},
                                                             {"met", "vervuld"},
                                                             {"waived", "kwijtgescholden"},
                                                             {"not_met", "niet vervuld"}};
const std::map<std::string, std::string> kPositions = {{"adopted", "Overgenomen"},
                                                       {"partly_adopted", "Deels overgenomen"},
                                                       {"not_adopted", "Niet overgenomen"}};
const std::map<std::string, std::string> kStates = {
    {"submitted", "Ingediend"},
    {"in_assessment", "In toetsing"},
    {"approved", "Goedgekeurd"},
    {"conditionally_approved", "Goedgekeurd onder voorwaarden"},
    {"rejected", "Afgewezen"},
    {"in_execution", "In uitvoering"},
    {"reassessment_required", "Herijking vereist"},
    {"expired", "Oordeel verlopen"},
    {"closed", "Afgerond"},
    {"cancelled", "Geannuleerd"}};
const std::map<std::string, std::string> kGates = {{"start", "Start"},
                                                   {"rebaseline", "Herijking"},
                                                   {"change", "Scopewijziging"},
                                                   {"periodic", "Periodieke hertoetsing"}};

// The last entry of `log` of `type`, or nullptr.
const store::ChainedEvent* Last(const std::vector<store::ChainedEvent>& log,
                                engine::EventType type) {
  const auto it = std::find_if(log.rbegin(), log.rend(), [type](const store::ChainedEvent& e) {
    return e.event.type == type;
  });
  return it == log.rend() ? nullptr : &*it;
}

std::string Row(const std::string& term, const std::string& value) {
  return "<dt>" + term + "</dt><dd>" + value + "</dd>";
}

// The opdrachtgever: the first owner (not a project lead) on the record.
std::string Opdrachtgever(const std::vector<store::ChainedEvent>& log) {
  for (const store::ChainedEvent& e : log) {
    if (e.event.actor.role == engine::Role::kOwner) return e.event.actor.name;
  }
  return "";
}

std::string ActivitySection(const engine::Activity& a,
                            const std::vector<store::ChainedEvent>& log) {
  const std::string opdrachtgever = Opdrachtgever(log);
  std::string out = "<h2>Activiteit</h2><dl>";
  out += Row("Registratienummer", E(a.id));
  out += Row("Titel", E(a.title));
  out += Row("Departement", E(a.department));
  out += Row("Opdrachtgever", opdrachtgever.empty() ? "nog niet vastgelegd" : E(opdrachtgever));
  if (!a.project_lead.empty()) out += Row("Projectleider", E(a.project_lead));
  out += Row("Geraamde ICT-kosten", Euros(a.ict_cost_eur));
  if (!a.estimates.empty()) {
    out += Row("Eerste raming", Euros(a.estimates.front().cost_eur));
  }
  if (a.linked_cost_eur > 0) {
    out += Row("Met samenhangende activiteiten", Euros(a.ict_cost_eur + a.linked_cost_eur));
  }
  out += Row("Looptijd", Day(a.planned_start) + " tot en met " + Day(a.planned_end));
  out += Row("Toetsmoment", Dutch(kGates, std::string(engine::GateName(a.gate))));
  // A herijking keeps the verdict it reconsiders: the state says it is.
  out += Row("Stand bij afdrukken", Dutch(kStates, std::string(engine::StateName(a.state))));
  return out + "</dl>";
}

std::string VerdictSection(const engine::Verdict& v, const store::ChainedEvent* overrule) {
  std::string out = "<h2>Oordeel</h2><p class=\"verdict\">Vastgesteld CIO-oordeel: <strong>" +
                    ColourText(v.recorded) + "</strong></p>";
  out += "<p>Advies volgens het toetskader: " +
         (v.advisory ? ColourText(*v.advisory) : std::string("niet bepaald")) + "</p>";
  if (v.advisory && *v.advisory != v.recorded) {
    out += "<p>Motivering van de afwijking van het advies: " + E(v.justification) + "</p>";
  } else if (!v.justification.empty()) {
    out += "<p>Toelichting: " + E(v.justification) + "</p>";
  }
  out += "<p>Vastgesteld door " + E(v.assessor) + " op " + Moment(v.recorded_at) + ". Geldig tot " +
         Day(v.valid_until) + ", of langer zodra er financiering is.</p>";
  if (v.reassess_by) {
    out += "<p>Na financiering opnieuw te toetsen vóór " + Day(*v.reassess_by) +
           " (periodieke hertoetsing volgens het beleidspakket).</p>";
  }
  if (v.advisory_only) {
    out +=
        "<p><strong>Dit rode oordeel is volgens het beleidspakket een advies</strong>: het "
        "blokkeert financiering niet; elke tranche die erop wordt toegekend, wordt als zodanig "
        "vastgelegd.</p>";
  }
  if (v.overridden) {
    out +=
        "<p><strong>Het rode oordeel is overruled door de secretaris-generaal</strong>" +
        (overrule ? " (" + E(overrule->event.actor.name) + ", " + Moment(overrule->event.at) + ")"
                  : std::string()) +
        ": " + E(v.override_reason) + "</p>";
  }
  return out;
}

std::string AreasSection(const engine::Verdict& v, const engine::PolicyPack& pack) {
  std::string out =
      "<h2>Beoordeling per risicogebied</h2><table><thead><tr><th>Risicogebied</th>"
      "<th>Score</th><th>Bevindingen</th></tr></thead><tbody>";
  for (const engine::Area& area : pack.areas) {
    std::string findings;
    for (const json& f : v.findings) {
      const std::string id = f.value("criterion", "");
      const engine::Criterion* c = pack.FindCriterion(id);
      if (!c || c->area != area.id) continue;
      findings += "<li>" + E(engine::CriterionTitle(pack, id, kDutch)) + ": " +
                  Dutch(kResults, f.value("result", "")) +
                  (f.value("note", "").empty() ? "" : " – " + E(f.value("note", ""))) + "</li>";
    }
    out += "<tr><td>" + E(engine::AreaTitle(pack, area.id, kDutch)) + "</td><td class=\"score\">" +
           Dutch(kScores, v.area_scores.value(area.id, "")) + "</td><td>" +
           (findings.empty() ? "" : "<ul>" + findings + "</ul>") + "</td></tr>";
  }
  return out + "</tbody></table>";
}

std::string ConditionsSection(const engine::Activity& a) {
  std::string out = "<h2>Voorwaarden</h2>";
  if (a.conditions.empty()) return out + "<p>Geen voorwaarden.</p>";
  out +=
      "<table><thead><tr><th>Nr.</th><th>Voorwaarde</th><th>Uiterlijk</th><th>Stand</th></tr>"
      "</thead><tbody>";
  for (const engine::Condition& c : a.conditions) {
    std::string due = Day(c.due);
    if (c.original_due) due += " (verlengd; eerst " + Day(*c.original_due) + ")";
    std::string status = Dutch(kConditionStatus, std::string(ConditionStatusName(c.status)));
    if (c.superseded) status += ", meegewogen in een later oordeel";
    if (!c.review_note.empty()) status += " – " + E(c.review_note);
    out += "<tr><td>" + E(c.id) + "</td><td>" + E(c.text) + "</td><td>" + due + "</td><td>" +
           status + "</td></tr>";
  }
  return out + "</tbody></table>";
}

std::string RecommendationsSection(const engine::Verdict& v) {
  std::string out = "<h2>Aanbevelingen en reactie van de opdrachtgever</h2>";
  if (v.recommendations.empty()) return out + "<p>Geen aanbevelingen.</p>";
  out += "<ol>";
  for (size_t i = 0; i < v.recommendations.size(); ++i) {
    out += "<li>" + E(v.recommendations[i].get<std::string>());
    const auto answer = std::find_if(v.responses.begin(), v.responses.end(), [i](const json& r) {
      return r.value("recommendation", int64_t{0}) == static_cast<int64_t>(i + 1);
    });
    if (answer == v.responses.end()) {
      out += "<p>Reactie opdrachtgever: nog geen reactie.</p>";
    } else {
      out += "<p>Reactie opdrachtgever: <strong>" +
             Dutch(kPositions, answer->value("position", "")) + "</strong> – " +
             E(answer->value("response", "")) + " (" + E(answer->value("by", "")) + ", " +
             Moment(*engine::ParseInstant(answer->value("at", ""))) + ")</p>";
    }
    out += "</li>";
  }
  return out + "</ol>";
}

const std::map<std::string, std::string> kRisks = {
    {"low", "laag"}, {"medium", "middel"}, {"high", "hoog"}};
const std::map<std::string, std::string> kFollowUps = {{"planned", "gepland"},
                                                       {"in_progress", "in uitvoering"},
                                                       {"implemented", "uitgevoerd"},
                                                       {"not_implemented", "niet uitgevoerd"}};

// A document of the record: its title and the hash that identifies it.
std::string DocumentText(const json& document) {
  return E(document.value("title", "")) + " (SHA-256 <span class=\"hash\">" +
         E(document.value("sha256", "")) + "</span>)";
}

// When and by whom a step was recorded.
std::string Recorded(const json& step) {
  const auto at = engine::ParseInstant(step.value("at", ""));
  return E(step.value("by", "")) + (at ? ", " + Moment(*at) : "");
}

std::string CisoSection(const engine::Verdict& v) {
  std::string out = "<h2>Advies CISO over het restrisico</h2>";
  if (v.ciso_advice.is_null())
    return out + "<p>Bij dit oordeel is geen advies van de CISO vastgelegd.</p>";
  out += "<dl>" + Row("Restrisico", Dutch(kRisks, v.ciso_advice.value("residualRisk", "")));
  out += Row("Advies", E(v.ciso_advice.value("advice", "")));
  if (v.ciso_advice.contains("document")) {
    out += Row("Document", DocumentText(v.ciso_advice.at("document")));
  }
  return out + Row("Vastgelegd", Recorded(v.ciso_advice)) + "</dl>";
}

// The AcICT's recommendations with the last follow-up of each.
std::string AcictRecommendations(const engine::AcictTrack& t) {
  std::string out = "<ol>";
  const json& list = t.advice.at("recommendations");
  for (size_t i = 0; i < list.size(); ++i) {
    std::string status = "nog geen opvolging vastgelegd";
    for (const json& f : t.follow_ups) {
      if (f.value("recommendation", int64_t{0}) != static_cast<int64_t>(i + 1)) continue;
      status = Dutch(kFollowUps, f.value("status", "")) + " – " + E(f.value("note", ""));
    }
    out += "<li>" + E(list[i].get<std::string>()) + "<p>Opvolging: " + status + "</p></li>";
  }
  return out + "</ol>";
}

std::string AcictSection(const engine::AcictTrack& t) {
  std::string out = "<h2>Adviescollege ICT-toetsing (Wet AcICT art. 11)</h2>";
  if (t.request.is_null()) {
    return out + (t.request_required
                      ? "<p>Het advies van het AcICT is nog niet aangevraagd; het beleidspakket "
                        "vraagt dat voordat de activiteit start.</p>"
                      : "<p>Er is geen adviesaanvraag aan het AcICT vastgelegd.</p>");
  }
  out += "<dl>" +
         Row("Adviesaanvraag", DocumentText(t.request.at("document")) + ", " + Recorded(t.request));
  if (t.selection.is_null()) return out + Row("Selectiebesluit", "nog niet genomen") + "</dl>";
  const bool advises = t.selection.value("decision", "") == "advise";
  out += Row("Selectiebesluit",
             std::string(advises ? "het AcICT adviseert" : "het AcICT adviseert niet") + " – " +
                 E(t.selection.value("reason", "")));
  if (t.advice.is_null()) return out + "</dl>";
  out +=
      Row("Advies (openbaar)", DocumentText(t.advice.at("document")) + ", " + Recorded(t.advice));
  out += Row("Bestuurlijke reactie (openbaar)",
             t.reaction.is_null() ? "nog niet vastgelegd"
                                  : DocumentText(t.reaction.at("document")) + " – " +
                                        E(t.reaction.value("summary", "")));
  if (!t.naschrift.is_null()) {
    out += Row("Naschrift AcICT (openbaar)", DocumentText(t.naschrift.at("document")));
  }
  return out + "</dl><h3>Aanbevelingen van het AcICT</h3>" + AcictRecommendations(t);
}

std::string GroundsSection(const engine::PolicyPack& pack, const store::ChainedEvent& verdict,
                           const store::ChainedEvent& last, engine::Instant printed_at) {
  std::string out = "<h2>Grondslag en controle</h2><dl>";
  out += Row("Beleidspakket", E(engine::PackTitle(pack, kDutch)) + " (" + E(pack.ref.id) +
                                  ", versie " + E(pack.ref.version) + ")");
  out += Row("Inhoudshash pakket", "<span class=\"hash\">" + E(pack.ref.content_hash) + "</span>");
  out += Row("Oordeel vastgelegd in", "ketenpositie " + std::to_string(verdict.seq) +
                                          ", hash <span class=\"hash\">" + E(verdict.hash) +
                                          "</span>");
  out +=
      Row("Stand van dit document", "ketenpositie " + std::to_string(last.seq) +
                                        ", hash <span class=\"hash\">" + E(last.hash) + "</span>");
  out += Row("Afgedrukt", Moment(printed_at));
  out += "</dl><p>Controle: GET /api/v1/audit/entries/" + std::to_string(last.seq) +
         " geeft dezelfde hash, en <code>ictgate audit verify</code> controleert de hele keten "
         "tot en met de kop.</p>";
  return out;
}

}  // namespace

std::optional<std::string> OordeelHtml(const std::vector<store::ChainedEvent>& log,
                                       const PolicyRegistry& packs, engine::Instant printed_at) {
  engine::Activity a;
  for (const store::ChainedEvent& entry : log) a = engine::Apply(std::move(a), entry.event);
  const store::ChainedEvent* verdict = Last(log, engine::EventType::kRecordVerdict);
  if (!a.verdict || !verdict || log.empty()) return std::nullopt;
  const auto ref = engine::PackRefFromJson(verdict->event.derived.value("pack", json()));
  const engine::PolicyPack* pack = ref ? packs.Find(*ref) : nullptr;
  if (!pack) return std::nullopt;  // a verdict always names a registered pack
  const engine::Verdict& v = *a.verdict;
  std::string html = "<!doctype html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\"><title>";
  html += "CIO-oordeel " + E(a.id) + "</title><style>" + kStyle + "</style></head><body>";
  html += "<header><p>CIO-office " + E(a.department) + "</p><h1>CIO-oordeel</h1><p>" + E(a.id) +
          ": " + E(a.title) + "</p></header><main>";
  html += ActivitySection(a, log);
  html += VerdictSection(v, Last(log, engine::EventType::kOverrule));
  html += AreasSection(v, *pack);
  html += ConditionsSection(a);
  html += RecommendationsSection(v);
  html += CisoSection(v);
  html += AcictSection(a.acict);
  html += GroundsSection(*pack, *verdict, log.back(), printed_at);
  return html + "</main></body></html>\n";
}

const std::string& OordeelContentSecurityPolicy() {
  static const std::string kPolicy = "default-src 'none'; style-src 'sha256-" +
                                     Base64Encode(Sha256Bytes(kStyle)) +
                                     "'; frame-ancestors 'none'";
  return kPolicy;
}

std::string ColourText(engine::Colour c) {
  switch (c) {
    case engine::Colour::kGreen:
      return "Groen (go)";
    case engine::Colour::kOrange:
      return "Oranje (go onder voorwaarden)";
    case engine::Colour::kRed:
      return "Rood (no-go)";
  }
  return "?";
}

}  // namespace ictgate::app

#include "app/dashboard_export.h"

#include <algorithm>

#include "app/oordeel.h"
#include "common/csv.h"
#include "engine/dashboard_part.h"

namespace ictgate::app {

namespace {

using nlohmann::json;
using Row = std::vector<std::string>;

// The key of every list sheet: the overview's "Nummer". The lists' own
// "Nummer" (of a Kamerstuk) keeps its name.
constexpr char kActivityNumber[] = "Nummer ICT-activiteit";

std::string Text(const json& part, const char* key) {
  const auto it = part.find(key);
  return it != part.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string Amount(const json& part, const char* key) {
  const auto it = part.find(key);
  return it != part.end() && it->is_number_integer() ? std::to_string(it->get<int64_t>()) : "";
}

std::string YesNo(bool yes) {
  return yes ? "Ja" : "Nee";
}

std::string Year(engine::Date d) {
  return engine::FormatDate(d).substr(0, 4);
}

const json& DashboardPart(const engine::Activity& a) {
  static const json kNone = json::object();
  const auto it = a.dossier.find("dashboard");
  return it != a.dossier.end() && it->is_object() ? *it : kNone;
}

const json& List(const json& part, const char* key) {
  static const json kNone = json::array();
  const auto it = part.find(key);
  return it != part.end() && it->is_array() ? *it : kNone;
}

// A herijking's reasons as the dashboard writes them: labels apart by ";".
std::string ReasonLabels(const std::vector<std::string>& codes) {
  std::string labels;
  for (const auto& code : codes) {
    labels += (labels.empty() ? "" : ";") + std::string(engine::DashboardReasonLabel(code));
  }
  return labels;
}

// Every reason of every herijking, each once, in the order first given.
std::vector<std::string> AllReasons(const engine::Activity& a) {
  std::vector<std::string> codes;
  for (size_t i = 1; i < a.estimates.size(); ++i) {
    for (const auto& code : a.estimates[i].reason_codes) {
      if (std::find(codes.begin(), codes.end(), code) == codes.end()) codes.push_back(code);
    }
  }
  return codes;
}

// The category amounts `member` ("initialEur") of the three categories.
void AddCategories(const json& part, const char* member, Row& row) {
  const json& costs = part.value("costs", json::object());
  for (const auto& category : engine::DashboardCostCategories()) {
    row.push_back(Amount(costs.value(std::string(category), json::object()), member));
  }
}

Row OverviewHeader() {
  return {"Nummer",
          "Ministerie",
          "ICT-activiteit",
          "Status",
          "Soort ICT-activiteit",
          "Onderwerp",
          "Aantal behaalde mijlpalen",
          "AcICT-advies",
          "Aantal AcICT-adviezen",
          "Startdatum",
          "Initiële schatting einddatum",
          "Actuele schatting einddatum",
          "Startjaar",
          "Actueel eindjaar",
          "Reden herijking",
          "Initiële schatting meerjarige kosten",
          "Actuele schatting meerjarige kosten huidige jaar",
          "Schatting initiële kosten intern personeel",
          "Schatting initiële kosten extern personeel",
          "Schatting initiële kosten overig materieel",
          "Schatting actuele kosten intern personeel",
          "Schatting actuele kosten extern personeel",
          "Schatting actuele kosten overig materieel",
          "Cumulatieve meerjarige uitgaven t/m huidige jaar",
          "Daadwerkelijke uitgaven intern personeel",
          "Daadwerkelijke uitgaven extern personeel",
          "Daadwerkelijke uitgaven overig materieel"};
}

Row OverviewRow(const engine::Activity& a) {
  const json& part = DashboardPart(a);
  const json& milestones = List(part, "milestones");
  const auto realised = std::count_if(milestones.begin(), milestones.end(), [](const json& m) {
    return m.contains("realisedDate") && m["realisedDate"].is_string();
  });
  const bool advised = !a.acict.advice.is_null();
  const bool locked = !a.estimates.empty();
  Row row = {a.id,
             a.department,
             a.title,
             std::string(engine::DashboardStatus(a)),
             Text(part, "activityType"),
             Text(part, "subject"),
             std::to_string(realised),
             YesNo(advised),
             advised ? "1" : "0",
             engine::FormatDate(a.planned_start),
             engine::FormatDate(locked ? a.estimates.front().planned_end : a.planned_end),
             engine::FormatDate(a.planned_end),
             Year(a.planned_start),
             Year(a.planned_end),
             ReasonLabels(AllReasons(a)),
             locked ? std::to_string(a.estimates.front().cost_eur) : "",
             std::to_string(a.ict_cost_eur)};
  AddCategories(part, "initialEur", row);
  AddCategories(part, "currentEur", row);
  row.push_back(Amount(part, "cumulativeSpendEur"));
  AddCategories(part, "actualEur", row);
  return row;
}

void AddMilestones(const engine::Activity& a, DashboardSheet& sheet) {
  for (const json& m : List(DashboardPart(a), "milestones")) {
    const std::string realised = Text(m, "realisedDate");
    sheet.rows.push_back({a.id, Text(m, "description"), Text(m, "expectedDate"), realised,
                          YesNo(!realised.empty())});
  }
}

// The reviews the record holds itself (the CIO-oordeel in force, the AcICT
// advice), then those the owner lists.
void AddReviews(const engine::Activity& a, DashboardSheet& sheet) {
  if (a.verdict) {
    sheet.rows.push_back({a.id,
                          engine::FormatDate(engine::DateOf(a.verdict->recorded_at, a.calendar)),
                          "CIO " + a.department, "CIO-oordeel", ColourText(a.verdict->recorded)});
  }
  if (!a.acict.advice.is_null()) {
    const json& advice = a.acict.advice;
    sheet.rows.push_back(
        {a.id, Text(advice, "at").substr(0, 10), "AcICT", "AcICT-advies", Text(advice, "summary")});
  }
  for (const json& r : List(DashboardPart(a), "qualityReviews")) {
    sheet.rows.push_back(
        {a.id, Text(r, "date"), Text(r, "by"), Text(r, "kind"), Text(r, "description")});
  }
}

void AddPapers(const engine::Activity& a, DashboardSheet& sheet) {
  for (const json& p : List(DashboardPart(a), "parliamentaryPapers")) {
    sheet.rows.push_back({a.id, Text(p, "date"), Text(p, "number"), Text(p, "title"),
                          Text(p, "link"), YesNo(p.value("acictAdvice", false))});
  }
}

// The initial estimate, then each herijking.
void AddEstimates(const engine::Activity& a, DashboardSheet& sheet) {
  for (size_t i = 0; i < a.estimates.size(); ++i) {
    const engine::Estimate& e = a.estimates[i];
    sheet.rows.push_back({a.id, i == 0 ? "Initieel" : "Herijking",
                          engine::FormatDate(engine::DateOf(e.at, a.calendar)),
                          engine::FormatDate(e.planned_end), std::to_string(e.cost_eur),
                          ReasonLabels(e.reason_codes), e.cost_explanation,
                          e.end_date_explanation});
  }
}

}  // namespace

std::vector<DashboardSheet> DashboardSheets(store::Store& store, const std::string& department,
                                            engine::Instant now) {
  std::vector<DashboardSheet> sheets = {
      {"activiteitenoverzicht.csv", OverviewHeader(), {}},
      {"mijlpalen.csv",
       {kActivityNumber, "Mijlpaal omschrijving", "Verwachte datum", "Gerealiseerde datum",
        "Mijlpaal behaald"},
       {}},
      {"kwaliteitstoetsen.csv",
       {kActivityNumber, "Toetsdatum", "Uitvoerende partij", "Soort toets", "Omschrijving"},
       {}},
      {"tweede-kamerstukken.csv",
       {kActivityNumber, "Briefdatum", "Nummer", "Titel", "Link", "AcICT-advies"},
       {}},
      {"doorlooptijd-en-kosten.csv",
       {kActivityNumber, "Soort actie", "Datum", "Actueel geschatte einddatum",
        "Actueel totaal projectkosten (correct)", "Reden herijking", "Toelichting wijziging kosten",
        "Toelichting wijziging einddatum"},
       {}},
      {"peildatum-en-status.csv", {kActivityNumber, "Peildatum", "Status"}, {}}};
  store::ActivityFilter filter;
  filter.department = department;
  filter.limit = 500;
  for (auto page = store.List(filter); !page.empty(); page = store.List(filter)) {
    for (const engine::Activity& a : page) {
      // Below the threshold: not an activity the dashboard reports.
      if (a.state == engine::State::kExempt) continue;
      sheets[0].rows.push_back(OverviewRow(a));
      AddMilestones(a, sheets[1]);
      AddReviews(a, sheets[2]);
      AddPapers(a, sheets[3]);
      AddEstimates(a, sheets[4]);
      sheets[5].rows.push_back({a.id, engine::FormatDate(engine::DateOf(now, a.calendar)),
                                std::string(engine::DashboardStatus(a))});
    }
    filter.after_id = page.back().id;
  }
  return sheets;
}

void WriteSheet(const DashboardSheet& sheet, std::ostream& out) {
  WriteCsvRecord(out, sheet.header);
  for (const auto& row : sheet.rows) WriteCsvRecord(out, row);
}

}  // namespace ictgate::app

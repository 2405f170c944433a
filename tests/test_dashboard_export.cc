// The export in the government ICT dashboard's format (app/dashboard_export.h),
// checked against the dashboard's published field list
// (third_party/rijksictdashboard-fields/fields.json): every column a sheet
// writes is one the dashboard publishes, in the dashboard's order, and every
// status and reason is one of its values.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <sstream>

#include "app/dashboard_export.h"
#include "engine/dashboard_part.h"
#include "service_fixture.h"

namespace ictgate {
namespace {

using namespace testing;
using engine::EventType;
using nlohmann::json;

const json& Published() {
  static const json kFields = [] {
    std::ifstream in(ICTGATE_SOURCE_DIR "/third_party/rijksictdashboard-fields/fields.json");
    return json::parse(in);
  }();
  return kFields;
}

json DashboardPart() {
  return {{"activityType", "Project"},
          {"subject", "Subsidieverlening"},
          {"costs",
           {{"internalStaff", {{"initialEur", 2'000'000}, {"currentEur", 2'000'000}}},
            {"externalStaff", {{"initialEur", 6'000'000}, {"currentEur", 6'000'000}}},
            {"otherMaterial", {{"initialEur", 2'000'000}, {"currentEur", 2'000'000}}}}},
          {"milestones",
           {{{"description", "Aanbesteding gegund"}, {"expectedDate", "2027-03-01"}},
            {{"description", "Eerste release"}, {"expectedDate", "2027-09-01"}}}},
          {"qualityReviews",
           {{{"date", "2026-11-15"}, {"by", "Bureau Gateway"}, {"kind", "Gateway review"}}}},
          {"parliamentaryPapers",
           {{{"date", "2026-11-20"},
             {"number", "26643-1234"},
             {"title", "Voortgangsbrief \"Rijksportaal\", deel 1"},
             {"link", "https://zoek.officielebekendmakingen.nl/kst-26643-1234"}}}}};
}

// One funded activity with a dashboard part brought up to date by a progress
// report and a herijking; one exempt activity below the threshold; one of EZK.
struct Portfolio : WithTempDir, ServiceFixture {
  Portfolio() : ServiceFixture(dir.File("dashboard.db")) {
    json input = NewActivityInput();
    input["title"] = "Rijksportaal Subsidies";
    input["dossier"] = ExampleDossier("green");
    input["dossier"]["dashboard"] = DashboardPart();
    const auto created = service.Create(input, Owner(), "create");
    REQUIRE(created.status == app::WriteOutcome::Status::kOk);
    funded = created.activity->id;
    Require(funded, EventType::kSubmit, json::object(), Owner());
    Require(funded, EventType::kAcceptIntake, json::object(), Cio());
    Require(funded, EventType::kRecordVerdict,
            app::CompleteAssessment(packs.Active(clock.Now()), ExampleDossier("green")), Cio());
    Require(funded, EventType::kGrantFunding, {{"amountEur", 1'000'000}}, Finance());
    Require(funded, EventType::kReportChange,
            {{"dashboard",
              {{"cumulativeSpendEur", 900'000},
               {"costs",
                {{"internalStaff", {{"actualEur", 300'000}}},
                 {"externalStaff", {{"actualEur", 550'000}}},
                 {"otherMaterial", {{"actualEur", 50'000}}}}},
               {"milestones",
                {{{"description", "Aanbesteding gegund"},
                  {"expectedDate", "2027-03-01"},
                  {"realisedDate", "2026-12-04"}},
                 {{"description", "Eerste release"}, {"expectedDate", "2027-09-01"}}}}}}},
            Owner());
    Require(funded, EventType::kReportChange,
            {{"reasonCodes", {"price-development", "setbacks"}},
             {"newCostEur", 10'900'000},
             {"costExplanation", "Indexering en een tegenvaller bij de koppelingen"},
             {"dashboard", {{"costs", {{"externalStaff", {{"currentEur", 6'900'000}}}}}}}},
            Owner());
    const std::string small = Create(1'000'000);
    Require(small, EventType::kSubmit, json::object(), Owner());
    other = Create(10'000'000, "EZK");
  }
  std::string funded;
  std::string other;
};

std::map<std::string, std::string> RowOf(const app::DashboardSheet& sheet, size_t i) {
  REQUIRE(i < sheet.rows.size());
  REQUIRE(sheet.rows[i].size() == sheet.header.size());
  std::map<std::string, std::string> row;
  for (size_t c = 0; c < sheet.header.size(); ++c) row[sheet.header[c]] = sheet.rows[i][c];
  return row;
}

// Whether `names` appear in `published` in the same order (a subsequence).
bool InPublishedOrder(const std::vector<std::string>& names, const json& published) {
  size_t at = 0;
  for (const auto& name : names) {
    while (at < published.size() && published[at] != name) ++at;
    if (at == published.size()) return false;
    ++at;
  }
  return true;
}

TEST_CASE("every sheet's columns are the dashboard's own, in its order") {
  Portfolio p;
  const auto sheets = app::DashboardSheets(p.store, "", p.clock.Now());
  REQUIRE(sheets.size() == 6);
  for (const auto& sheet : sheets) {
    INFO(sheet.file);
    const std::string list = sheet.file.substr(0, sheet.file.size() - 4);
    REQUIRE(Published().contains(list));
    std::vector<std::string> own = sheet.header;
    if (list == "activiteitenoverzicht") {
      CHECK(InPublishedOrder(own, Published()[list]));
      continue;
    }
    // A list sheet's first column keys it to the overview's "Nummer"; the
    // rest are the list's published names (an enum, so in any order).
    CHECK(own.front() == "Nummer ICT-activiteit");
    for (size_t c = 1; c < own.size(); ++c) {
      INFO(own[c]);
      const json& names = Published()[list];
      CHECK(std::find(names.begin(), names.end(), own[c]) != names.end());
    }
  }
}

TEST_CASE("the overview: identity, Dutch status, dates, reasons and costs by category") {
  Portfolio p;
  const auto sheets = app::DashboardSheets(p.store, "", p.clock.Now());
  const auto& overview = sheets[0];
  REQUIRE(overview.rows.size() == 2);  // the exempt activity is below the threshold
  const auto row = RowOf(overview, 0);
  CHECK(row.at("Nummer") == p.funded);
  CHECK(row.at("Ministerie") == "BZK");
  CHECK(row.at("ICT-activiteit") == "Rijksportaal Subsidies");
  CHECK(row.at("Status") == "In uitvoering");
  CHECK(row.at("Soort ICT-activiteit") == "Project");
  CHECK(row.at("Onderwerp") == "Subsidieverlening");
  CHECK(row.at("Aantal behaalde mijlpalen") == "1");
  CHECK(row.at("AcICT-advies") == "Nee");
  CHECK(row.at("Aantal AcICT-adviezen") == "0");
  CHECK(row.at("Startdatum") == "2027-01-01");
  CHECK(row.at("Initiële schatting einddatum") == "2028-12-31");
  CHECK(row.at("Actuele schatting einddatum") == "2028-12-31");
  CHECK(row.at("Startjaar") == "2027");
  CHECK(row.at("Actueel eindjaar") == "2028");
  CHECK(row.at("Reden herijking") == "Prijsontwikkeling;Tegenvallers binnen project");
  CHECK(row.at("Initiële schatting meerjarige kosten") == "10000000");
  CHECK(row.at("Actuele schatting meerjarige kosten huidige jaar") == "10900000");
  CHECK(row.at("Schatting initiële kosten extern personeel") == "6000000");
  CHECK(row.at("Schatting actuele kosten extern personeel") == "6900000");
  CHECK(row.at("Schatting actuele kosten intern personeel") == "2000000");
  CHECK(row.at("Cumulatieve meerjarige uitgaven t/m huidige jaar") == "900000");
  CHECK(row.at("Daadwerkelijke uitgaven intern personeel") == "300000");
  CHECK(row.at("Daadwerkelijke uitgaven overig materieel") == "50000");
  const json& statuses = Published()["status"];
  CHECK(std::find(statuses.begin(), statuses.end(), row.at("Status")) != statuses.end());
  const json& reasons = Published()["redenHerijking"];
  for (const auto code : engine::ChangeReasonCodes()) {
    const std::string label(engine::DashboardReasonLabel(code));
    INFO(label);
    CHECK(std::find(reasons.begin(), reasons.end(), label) != reasons.end());
  }
  // Without a dashboard part, the columns it fills are empty.
  const auto bare = RowOf(overview, 1);
  CHECK(bare.at("Nummer") == p.other);
  CHECK(bare.at("Status") == "Nog niet gestart");
  CHECK(bare.at("Soort ICT-activiteit").empty());
  CHECK(bare.at("Daadwerkelijke uitgaven intern personeel").empty());
  CHECK(bare.at("Initiële schatting meerjarige kosten").empty());  // not yet submitted
}

TEST_CASE("the lists: milestones, reviews with the CIO-oordeel, Kamerstukken, estimates") {
  Portfolio p;
  const auto sheets = app::DashboardSheets(p.store, "BZK", p.clock.Now());
  const auto milestone = RowOf(sheets[1], 0);
  CHECK(milestone.at("Mijlpaal omschrijving") == "Aanbesteding gegund");
  CHECK(milestone.at("Gerealiseerde datum") == "2026-12-04");
  CHECK(milestone.at("Mijlpaal behaald") == "Ja");
  CHECK(RowOf(sheets[1], 1).at("Mijlpaal behaald") == "Nee");

  REQUIRE(sheets[2].rows.size() == 2);
  const auto oordeel = RowOf(sheets[2], 0);
  CHECK(oordeel.at("Soort toets") == "CIO-oordeel");
  CHECK(oordeel.at("Uitvoerende partij") == "CIO BZK");
  CHECK(oordeel.at("Omschrijving") == "Groen (go)");
  CHECK(RowOf(sheets[2], 1).at("Uitvoerende partij") == "Bureau Gateway");

  const auto paper = RowOf(sheets[3], 0);
  CHECK(paper.at("Nummer") == "26643-1234");
  CHECK(paper.at("AcICT-advies") == "Nee");

  REQUIRE(sheets[4].rows.size() == 2);  // the initial estimate and one herijking
  CHECK(RowOf(sheets[4], 0).at("Soort actie") == "Initieel");
  const auto herijking = RowOf(sheets[4], 1);
  CHECK(herijking.at("Soort actie") == "Herijking");
  CHECK(herijking.at("Actueel totaal projectkosten (correct)") == "10900000");
  CHECK(herijking.at("Reden herijking") == "Prijsontwikkeling;Tegenvallers binnen project");
  CHECK(herijking.at("Toelichting wijziging kosten") ==
        "Indexering en een tegenvaller bij de koppelingen");
  CHECK(herijking.at("Toelichting wijziging einddatum").empty());

  const auto status = RowOf(sheets[5], 0);
  CHECK(status.at("Peildatum") == engine::FormatDate(engine::DateOf(p.clock.Now())));
  CHECK(status.at("Status") == "In uitvoering");
}

TEST_CASE("one department's export holds only its activities") {
  Portfolio p;
  for (const auto& sheet : app::DashboardSheets(p.store, "EZK", p.clock.Now())) {
    for (const auto& row : sheet.rows) CHECK(row.front() == p.other);
  }
  CHECK(app::DashboardSheets(p.store, "OCW", p.clock.Now())[0].rows.empty());
}

TEST_CASE("a sheet is CSV: a quoted title keeps its comma and quotes") {
  Portfolio p;
  const auto sheets = app::DashboardSheets(p.store, "BZK", p.clock.Now());
  std::stringstream out;
  app::WriteSheet(sheets[3], out);
  std::string header, line;
  std::getline(out, header);
  std::getline(out, line);
  CHECK(header == "Nummer ICT-activiteit,Briefdatum,Nummer,Titel,Link,AcICT-advies\r");
  CHECK_THAT(line, Catch::Contains(",\"Voortgangsbrief \"\"Rijksportaal\"\", deel 1\","));
}

}  // namespace
}  // namespace ictgate

// The dashboard part of the dossier (engine/dashboard_part.h): what it may
// hold, how report-change brings it up to date, a progress report that is no
// herijking, and the dashboard's Dutch status and reason labels.
#include <catch2/catch.hpp>

#include "engine/dashboard_part.h"
#include "engine/lifecycle.h"
#include "fixtures.h"

namespace ictgate {
namespace {

using namespace testing;
using engine::DashboardPartUse;
using engine::EventType;
using engine::State;
using nlohmann::json;

json FullPart() {
  return {{"activityType", "Project"},
          {"subject", "Subsidieverlening"},
          {"costs",
           {{"internalStaff",
             {{"initialEur", 2'000'000}, {"currentEur", 2'500'000}, {"actualEur", 400'000}}},
            {"externalStaff", {{"initialEur", 6'000'000}, {"currentEur", 7'000'000}}},
            {"otherMaterial", {{"initialEur", 2'000'000}}}}},
          {"cumulativeSpendEur", 1'200'000},
          {"milestones",
           {{{"description", "Aanbesteding gegund"},
             {"expectedDate", "2027-03-01"},
             {"realisedDate", "2027-02-20"}},
            {{"description", "Eerste release"}, {"expectedDate", "2027-09-01"}}}},
          {"qualityReviews",
           {{{"date", "2027-01-15"}, {"by", "Gateway Review"}, {"kind", "Gateway review"}}}},
          {"parliamentaryPapers",
           {{{"date", "2027-02-01"},
             {"number", "26643-1234"},
             {"title", "Voortgangsbrief"},
             {"link", "https://zoek.officielebekendmakingen.nl/kst-26643-1234"},
             {"acictAdvice", false}}}}};
}

std::vector<std::string> Fields(const std::vector<engine::Problem>& problems) {
  std::vector<std::string> fields;
  for (const auto& p : problems) fields.push_back(p.field);
  return fields;
}

engine::Decision Change(const engine::Activity& a, const json& payload) {
  return engine::Decide(a, {EventType::kReportChange, payload, Owner(), "req"}, TestPack(), kNow);
}

TEST_CASE("a full dashboard part is valid in the dossier, and an empty one too") {
  CHECK(engine::ValidateDashboardPart(FullPart(), DashboardPartUse::kDossier, "d/").empty());
  CHECK(engine::ValidateDashboardPart(json::object(), DashboardPartUse::kDossier, "d/").empty());
  json dossier = FullDossier();
  dossier["dashboard"] = FullPart();
  CHECK(engine::ValidateDossier(dossier, TestPack()).empty());
}

TEST_CASE("every malformed member of a dashboard part is named, with its place") {
  json part = FullPart();
  part["costs"]["internalStaff"]["currentEur"] = -1;
  part["costs"]["hardware"] = {{"initialEur", 1}};
  part["costs"]["externalStaff"]["plannedEur"] = 1;
  part["cumulativeSpendEur"] = 1.5;
  part["milestones"][1]["expectedDate"] = "1 september";
  part["milestones"][0]["owner"] = "x";
  part["qualityReviews"][0].erase("by");
  part["parliamentaryPapers"] = "26643-1234";
  part["colour"] = "green";
  const auto fields =
      Fields(engine::ValidateDashboardPart(part, DashboardPartUse::kDossier, "dossier/dashboard/"));
  const std::vector<std::string> expected = {"dossier/dashboard/colour",
                                             "dossier/dashboard/cumulativeSpendEur",
                                             "dossier/dashboard/costs/hardware",
                                             "dossier/dashboard/costs/internalStaff/currentEur",
                                             "dossier/dashboard/costs/externalStaff/plannedEur",
                                             "dossier/dashboard/milestones/0/owner",
                                             "dossier/dashboard/milestones/1/expectedDate",
                                             "dossier/dashboard/qualityReviews/0/by",
                                             "dossier/dashboard/parliamentaryPapers"};
  CHECK_THAT(fields, Catch::Matchers::UnorderedEquals(expected));
  json dossier = FullDossier();
  dossier["dashboard"] = part;
  CHECK(engine::ValidateDossier(dossier, TestPack()).size() == expected.size());
}

TEST_CASE("a dashboard list is capped, and a part must be an object") {
  json part = {{"milestones", json::array()}};
  for (size_t i = 0; i <= engine::kMaxDashboardListItems; ++i)
    part["milestones"].push_back({{"description", "m"}, {"expectedDate", "2027-01-01"}});
  CHECK(Fields(engine::ValidateDashboardPart(part, DashboardPartUse::kDossier, "d/")) ==
        std::vector<std::string>{"d/milestones"});
  part["milestones"].erase(part["milestones"].begin());
  CHECK(engine::ValidateDashboardPart(part, DashboardPartUse::kDossier, "d/").empty());
  CHECK(Fields(engine::ValidateDashboardPart(json::array(), DashboardPartUse::kDossier, "d/")) ==
        std::vector<std::string>{"d"});
}

TEST_CASE("a change may not move a category's initial estimate") {
  const json part = {{"costs", {{"internalStaff", {{"initialEur", 1}, {"actualEur", 5}}}}}};
  CHECK(engine::ValidateDashboardPart(part, DashboardPartUse::kDossier, "").empty());
  CHECK(Fields(engine::ValidateDashboardPart(part, DashboardPartUse::kChange, "dashboard/")) ==
        std::vector<std::string>{"dashboard/costs/internalStaff/initialEur"});
}

TEST_CASE("a change's dashboard part replaces members, and amounts one by one") {
  const json merged = engine::MergeDashboardPart(
      FullPart(),
      {{"cumulativeSpendEur", 3'000'000},
       {"costs",
        {{"internalStaff", {{"actualEur", 900'000}}}, {"otherMaterial", {{"actualEur", 10}}}}},
       {"milestones", {{{"description", "Eerste release"}, {"expectedDate", "2027-09-01"}}}},
       {"subject", nullptr}});
  CHECK(merged["cumulativeSpendEur"] == 3'000'000);
  CHECK(merged["costs"]["internalStaff"] ==
        json{{"initialEur", 2'000'000}, {"currentEur", 2'500'000}, {"actualEur", 900'000}});
  CHECK(merged["costs"]["otherMaterial"] == json{{"initialEur", 2'000'000}, {"actualEur", 10}});
  CHECK(merged["milestones"].size() == 1);
  CHECK(merged["subject"] == "Subsidieverlening");  // null is absent: kept
  CHECK(engine::MergeDashboardPart(nullptr, {{"subject", "x"}}) == json{{"subject", "x"}});
}

TEST_CASE("a progress report updates the dashboard part and records no herijking") {
  engine::Activity a = ActivityIn(State::kInExecution);
  const size_t estimates = a.estimates.size();
  const json report = {{"dashboard", {{"cumulativeSpendEur", 750'000}}}};
  CHECK(engine::IsProgressReport(report));
  const engine::Decision d = Change(a, report);
  REQUIRE(d.ok());
  CHECK(d.value().to == State::kInExecution);
  CHECK(d.value().derived["material"] == false);
  a = engine::Apply(a, d.value());
  CHECK(a.estimates.size() == estimates);
  CHECK(a.dossier["dashboard"]["cumulativeSpendEur"] == 750'000);
}

TEST_CASE("a herijking with a dashboard part records the estimate, its explanations and the part") {
  engine::Activity a = ActivityIn(State::kInExecution);
  const json herijking = {
      {"reasonCode", "price-development"},
      {"newCostEur", a.ict_cost_eur + 100'000},
      {"costExplanation", "Indexering van de tarieven"},
      {"plannedEndExplanation", "Geen wijziging"},
      {"dashboard", {{"costs", {{"externalStaff", {{"currentEur", 100'000}}}}}}}};
  CHECK_FALSE(engine::IsProgressReport(herijking));
  const engine::Decision d = Change(a, herijking);
  REQUIRE(d.ok());
  a = engine::Apply(a, d.value());
  CHECK(a.estimates.back().cost_explanation == "Indexering van de tarieven");
  CHECK(a.estimates.back().end_date_explanation == "Geen wijziging");
  CHECK(a.dossier["dashboard"]["costs"]["externalStaff"]["currentEur"] == 100'000);
  // The explanations round-trip through the record; an estimate without
  // them reads as before them.
  const json record = engine::ToJson(a);
  CHECK(record["estimates"].back()["costExplanation"] == "Indexering van de tarieven");
  CHECK_FALSE(record["estimates"].front().contains("costExplanation"));
  CHECK(engine::ToJson(engine::ActivityFromJson(record)) == record);
}

TEST_CASE(
    "a change without a reason, or with a bad dashboard part, is refused and changes nothing") {
  const engine::Activity a = ActivityIn(State::kInExecution);
  SECTION("a new cost with no reason is a herijking and needs one") {
    const engine::Decision d = Change(a, {{"newCostEur", 1}, {"dashboard", {{"subject", "x"}}}});
    REQUIRE_FALSE(d.ok());
    CHECK(Fields(d.error().problems) == std::vector<std::string>{"reasonCode"});
  }
  SECTION("nothing at all is no report") {
    const engine::Decision d = Change(a, json::object());
    REQUIRE_FALSE(d.ok());
    CHECK(Fields(d.error().problems) == std::vector<std::string>{"reasonCode"});
  }
  SECTION("a progress report may not move the initial estimate of a category") {
    const engine::Decision d =
        Change(a, {{"dashboard", {{"costs", {{"otherMaterial", {{"initialEur", 5}}}}}}}});
    REQUIRE_FALSE(d.ok());
    CHECK(Fields(d.error().problems) ==
          std::vector<std::string>{"dashboard/costs/otherMaterial/initialEur"});
  }
  SECTION("a progress report with a bad milestone") {
    const engine::Decision d =
        Change(a, {{"dashboard", {{"milestones", {{{"description", "x"}}}}}}});
    REQUIRE_FALSE(d.ok());
    CHECK(Fields(d.error().problems) ==
          std::vector<std::string>{"dashboard/milestones/0/expectedDate"});
  }
}

TEST_CASE("the dashboard's status follows the state and whether funding began") {
  engine::Activity a = ActivityIn(State::kApproved);
  CHECK(engine::DashboardStatus(a) == "Nog niet gestart");
  a.first_funded_at = kNow;
  CHECK(engine::DashboardStatus(a) == "In uitvoering");
  a.state = State::kInExecution;
  CHECK(engine::DashboardStatus(a) == "In uitvoering");
  a.state = State::kReassessmentRequired;
  CHECK(engine::DashboardStatus(a) == "In heroriëntatie");
  a.first_funded_at.reset();
  CHECK(engine::DashboardStatus(a) == "Nog niet gestart");
  a.state = State::kClosed;
  CHECK(engine::DashboardStatus(a) == "Afgerond");
  a.state = State::kCancelled;
  CHECK(engine::DashboardStatus(a) == "Geannuleerd");
}

TEST_CASE("every herijking reason has the dashboard's Dutch label") {
  for (const auto code : engine::ChangeReasonCodes()) {
    CHECK(engine::DashboardReasonLabel(code) != code);
  }
  CHECK(engine::DashboardReasonLabel("legislation") == "Wetswijziging");
  CHECK(engine::DashboardReasonLabel("unknown-code") == "unknown-code");
}

TEST_CASE("a pack may not declare the reserved dossier field dashboard") {
  json pack = TestPack().document;
  CHECK(engine::ParsePolicyPack(pack).ok());
  pack["dossierFields"]["dashboard"] = {{"type", "string"}, {"description", "x"}};
  const auto parsed = engine::ParsePolicyPack(pack);
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().front().message == "'dashboard' is reserved");
}

}  // namespace
}  // namespace ictgate

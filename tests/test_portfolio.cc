// The department-wide eligibility answer (GET /eligibility) equals the
// per-activity answers (GET /activities/{id}/eligibility) at the same
// instant, on a generated portfolio of over a thousand activities whose
// lifecycles interleave over a year and a half of the manual clock.
#include <map>
#include <random>

#include <catch2/catch.hpp>

#include "service_fixture.h"
#include "store/database.h"

namespace ictgate {
namespace {

using namespace testing;
using engine::EventType;
using engine::State;
using nlohmann::json;

constexpr int kActivities = 1'040;

class PortfolioGenerator {
 public:
  PortfolioGenerator(app::Service& service, engine::ManualClock& clock, uint32_t seed)
      : service_(service), clock_(clock), random_(seed) {}

  // Creates the activities, then advances random ones a step at a time, the
  // clock moving on between steps, until `steps` commands were tried.
  void Run(int steps) {
    for (int i = 0; i < kActivities; ++i) {
      const std::string dept = i % 3 == 0 ? "EZK" : "BZK";
      json input = NewActivityInput(Pick({1'000'000, 4'900'000, 5'000'000, 12'000'000}), dept);
      input["dossier"] =
          ExampleDossierFor(service_.packs().Active(clock_.Now()), i % 7 == 0 ? "red" : "green");
      const auto r = service_.Create(input, Owner(dept), "gen");
      REQUIRE(r.status == app::WriteOutcome::Status::kOk);
      ids_.push_back(r.activity->id);
      Tick();
    }
    for (int i = 0; i < steps; ++i) {
      Step(ids_[random_() % ids_.size()]);
      Tick();
    }
  }
  const std::vector<std::string>& ids() const { return ids_; }
  std::map<std::string, int> accepted_by_type;

 private:
  int64_t Pick(std::initializer_list<int64_t> values) {
    return *(values.begin() + random_() % values.size());
  }
  void Tick() { clock_.Advance(std::chrono::minutes(1 + random_() % 900)); }

  // The next natural command for the activity's state, by a permitted actor.
  void Step(const std::string& id) {
    const engine::Activity a = *service_.Get(id, Owner("*"));
    const std::string dept = a.department;
    engine::Command c{EventType::kCancel, {{"reason", "stopped"}}, Owner(dept), "gen"};
    const bool cancel = random_() % 40 == 0;
    switch (a.state) {
      case State::kDraft:
      case State::kReassessmentRequired:
      case State::kExpired:
        c = {EventType::kSubmit, json::object(), Owner(dept), "gen"};
        break;
      case State::kSubmitted:
        c = {EventType::kAcceptIntake, json::object(), Cio(dept), "gen"};
        break;
      case State::kInAssessment:
        c = {EventType::kRecordVerdict, Verdict(a), Cio(dept), "gen"};
        break;
      case State::kConditionallyApproved:
      case State::kApproved:
      case State::kInExecution:
        c = random_() % 4 == 0
                ? engine::Command{EventType::kReportChange,
                                  {{"reasonCode", "setbacks"},
                                   {"newCostEur", a.ict_cost_eur + Pick({1, 3'000'000})}},
                                  Owner(dept),
                                  "gen"}
                : engine::Command{
                      EventType::kGrantFunding, {{"amountEur", 100'000}}, Finance(dept), "gen"};
        break;
      case State::kRejected:
        c = {EventType::kOverrule, {{"reason", "ministerial priority"}}, Sg(dept), "gen"};
        break;
      default:
        return;  // exempt, closed, cancelled: left as they are
    }
    // Under a pack that asks for it (2026.3 on), funding waits for the
    // request for the AcICT's advice, which the CIO office makes while it
    // assesses, or when funding is asked for.
    const bool asks = c.type == EventType::kRecordVerdict || c.type == EventType::kGrantFunding;
    if (engine::AcictRequestMissing(a.acict) && asks) {
      c = {EventType::kRequestAcictAdvice,
           {{"document", {{"title", "Adviesaanvraag"}, {"sha256", std::string(64, 'a')}}}},
           Cio(dept),
           "gen"};
    }
    if (cancel) c = {EventType::kCancel, {{"reason", "stopped"}}, Owner(dept), "gen"};
    const auto r = service_.Execute(id, c);
    if (r.status == app::WriteOutcome::Status::kOk) {
      ++accepted_by_type[std::string(engine::EventTypeName(c.type))];
    }
  }

  // The advisory verdict of the dossier, orange with a condition due within
  // weeks for some, so that conditions go overdue as the clock moves.
  json Verdict(const engine::Activity& a) {
    json v = app::CompleteAssessment(service_.PackFor(a, EventType::kRecordVerdict), a.dossier);
    if (v["verdict"] == "green" && random_() % 2 == 0) {
      v["areaScores"]["sourcing"] = "attention";
      v["verdict"] = "orange";
      const engine::Date due{engine::DateOf(clock_.Now()).days + 7 + int(random_() % 60)};
      v["conditions"] = {{{"text", "Exit strategy"}, {"dueDate", engine::FormatDate(due)}}};
    }
    return v;
  }

  app::Service& service_;
  engine::ManualClock& clock_;
  std::mt19937 random_;
  std::vector<std::string> ids_;
};

json Answer(const app::EligibilityReport& r) {
  json conditions = json::array();
  for (const auto& c : r.eligibility.open_conditions) conditions.push_back(c.id);
  return {{"status", engine::EligibilityStatusName(r.eligibility.status)},
          {"reasons", r.eligibility.reasons},
          {"openConditions", conditions},
          {"version", r.activity.version},
          {"record", engine::ToJson(r.activity)}};
}

TEST_CASE("a department-wide answer equals the per-activity answers at the same instant") {
  TempDir dir;
  const engine::Instant start = At("2026-08-01T08:00:00Z");
  ServiceFixture t(dir.File("portfolio.db"), start);
  auto& store = t.store;
  auto& clock = t.clock;
  auto& service = t.service;
  PortfolioGenerator generator(service, clock, 20261129);
  generator.Run(4'000);
  // The system records what the clock made true, now and then.
  CHECK(service.RecordClockEvents() > 0);
  const engine::Instant end = clock.Now();
  INFO("span " << engine::FormatInstant(start) << " .. " << engine::FormatInstant(end));

  // Every kind of step happened, so the answers cover every status.
  for (const char* type : {"submit", "accept-intake", "record-verdict", "grant-funding",
                           "report-change", "overrule", "cancel", "request-acict-advice"}) {
    INFO(type);
    CHECK(generator.accepted_by_type[type] > 0);
  }

  std::map<std::string, int> statuses;
  const auto span = end - start;
  for (int k = 0; k <= 6; ++k) {
    // Six instants through the history, and one beyond it.
    const engine::Instant at = start + span * k / 5;
    INFO("at " << engine::FormatInstant(at));
    for (const std::string dept : {"BZK", "EZK"}) {
      const auto whole = service.PortfolioEligibility(dept, Finance(dept), at);
      std::map<std::string, json> one_by_one;
      for (const auto& id : generator.ids()) {
        if (auto r = service.Eligibility(id, Finance(dept), at)) one_by_one[id] = Answer(*r);
      }
      REQUIRE(whole.size() == one_by_one.size());
      for (const auto& r : whole) {
        INFO(r.activity.id);
        CHECK(Answer(r) == one_by_one.at(r.activity.id));
        ++statuses[std::string(engine::EligibilityStatusName(r.eligibility.status))];
      }
    }
    // The portfolio of a viewer of all departments is the union.
    CHECK(service.PortfolioEligibility("", Finance("*"), at).size() ==
          service.PortfolioEligibility("BZK", Finance("BZK"), at).size() +
              service.PortfolioEligibility("EZK", Finance("EZK"), at).size());
  }
  for (const char* status : {"not_gated", "eligible", "eligible_with_conditions",
                             "eligible_by_override", "not_eligible"}) {
    INFO(status);
    CHECK(statuses[status] > 0);
  }
  CHECK(store.ActivityIds().size() == kActivities);
}

// The present answer counts the answers stored at write time and judges only
// the stale ones; it must equal the fold of every activity at the same
// instant, as the clock runs past verdict expiries and due dates with no
// event recorded.
TEST_CASE("the present department answer, from stored answers, equals the folded one") {
  TempDir dir;
  ServiceFixture t(dir.File("stored.db"), At("2026-08-01T08:00:00Z"));
  PortfolioGenerator generator(t.service, t.clock, 20261202);
  generator.Run(3'000);
  bool saw_stale = false;
  for (int month = 0; month <= 24; month += 3) {
    INFO("month " << month);
    if (month > 0) t.clock.Advance(std::chrono::hours(24 * 30 * 3));
    const engine::Instant now = t.clock.Now();
    saw_stale |= !t.store.EligibilityCounts("BZK", engine::FormatInstant(now)).stale_ids.empty();
    for (const auto& [dept, viewer] :
         {std::pair<std::string, std::string>{"BZK", "BZK"}, {"EZK", "EZK"}, {"", "*"}}) {
      INFO("department '" << dept << "'");
      const auto stored =
          t.service.DepartmentEligibility(dept, Finance(viewer), std::nullopt, "", 100'000);
      const auto folded = t.service.DepartmentEligibility(dept, Finance(viewer), now, "", 100'000);
      CHECK(stored.summary == folded.summary);
      // The stale answers were judged again; once stored, none is stale.
      CHECK(stored.judged_again.size() ==
            t.store.EligibilityCounts(dept, engine::FormatInstant(now)).stale_ids.size());
      t.service.StoreJudgedAgain(stored);
      CHECK(t.store.EligibilityCounts(dept, engine::FormatInstant(now)).stale_ids.empty());
      // Item by item, the answer kept with the record (or judged from it)
      // is the answer folded from the log.
      REQUIRE(stored.items.size() == folded.items.size());
      for (size_t i = 0; i < stored.items.size(); ++i) {
        CHECK(stored.items[i].activity_id == folded.items[i].activity_id);
        CHECK(json::parse(stored.items[i].text) == json::parse(folded.items[i].text));
      }
      // Pages of 97 put together are the whole, each with the same summary.
      std::vector<std::string> paged;
      std::string cursor;
      do {
        const auto page =
            t.service.DepartmentEligibility(dept, Finance(viewer), std::nullopt, cursor, 97);
        CHECK(page.summary == stored.summary);
        CHECK(page.items.size() <= 97);
        for (const auto& item : page.items) paged.push_back(item.activity_id);
        cursor = page.next_cursor;
      } while (!cursor.empty());
      REQUIRE(paged.size() == stored.items.size());
      for (size_t i = 0; i < paged.size(); ++i) CHECK(paged[i] == stored.items[i].activity_id);
    }
  }
  CHECK(saw_stale);  // the stale path was taken, not only the stored counts
  // A viewer of one department sees nothing of another.
  const auto other = t.service.DepartmentEligibility("EZK", Finance("BZK"), std::nullopt, "", 10);
  CHECK(other.summary.empty());
  CHECK(other.items.empty());
}

TEST_CASE(
    "when answers judged again cannot be stored, the department answer still stands, and nothing "
    "fails") {
  ServiceFixtureInTempDir t;
  const std::string orange = t.Approved("orange", "2027-03-01");
  const std::string green = t.Approved();
  t.clock.Advance(std::chrono::hours(24 * 120));  // the condition is overdue: stale
  const std::string now = engine::FormatInstant(t.clock.Now());
  REQUIRE(t.store.EligibilityCounts("BZK", now).stale_ids == std::vector<std::string>{orange});
  // Refused by the database (as a full disk or a broken file would refuse).
  auto db = store::OpenDatabase(t.dir.File("service.db"));
  db->exec(
      "CREATE TRIGGER refuse BEFORE UPDATE OF eligibility ON activities"
      " BEGIN SELECT RAISE(ABORT, 'refused'); END");
  const auto page = t.service.DepartmentEligibility("BZK", Finance(), std::nullopt, "", 10);
  REQUIRE(page.judged_again.size() == 1);
  t.service.StoreJudgedAgain(page);  // refused, and logged
  const auto folded = t.service.DepartmentEligibility("BZK", Finance(), t.clock.Now(), "", 10);
  CHECK(page.summary == folded.summary);
  CHECK(page.summary.at("not_eligible") == 1);
  CHECK(page.items.size() == 2);
  CHECK(t.store.EligibilityCounts("BZK", now).stale_ids == std::vector<std::string>{orange});
  // Once the database takes writes again, the next read stores the answer.
  db->exec("DROP TRIGGER refuse");
  t.service.StoreJudgedAgain(
      t.service.DepartmentEligibility("BZK", Finance(), std::nullopt, "", 10));
  CHECK(t.store.EligibilityCounts("BZK", now).stale_ids.empty());
}

}  // namespace
}  // namespace ictgate

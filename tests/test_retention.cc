// Retention (app/retention.h, migrations/0011): an activity past its period
// is destroyed or transferred as a package for the e-depot, each of its
// chain entries leaving a tombstone, so the chain still verifies and its
// head does not move; names past their period are erased; every disposal is
// in the record log, and the audit catches a tombstone that is not.
#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>

#include "app/audit.h"
#include "app/portability.h"
#include "app/retention.h"
#include "common/sha256.h"
#include "document_bytes.h"
#include "service_fixture.h"

namespace ictgate {
namespace {

namespace fs = std::filesystem;
using namespace testing;
using engine::EventType;
using nlohmann::json;

// Closed after ten years, cancelled after one, names after two; `years`
// for all three when given.
engine::RetentionSchedule Schedule(std::optional<int> years = std::nullopt) {
  const auto period = [&](int y) { return json{{"years", years.value_or(y)}}; };
  const json document = {{"schedule", "test"},
                         {"version", "1"},
                         {"rules",
                          {{{"id", "closed"},
                            {"recordType", "activity"},
                            {"states", {"closed"}},
                            {"retain", period(10)},
                            {"action", "transfer"},
                            {"basis", "selectielijst 1.2"}},
                           {{"id", "cancelled"},
                            {"recordType", "activity"},
                            {"states", {"cancelled"}},
                            {"retain", period(1)},
                            {"action", "destroy"},
                            {"basis", "selectielijst 1.3"}},
                           {{"id", "names"},
                            {"recordType", "actorName"},
                            {"retain", period(2)},
                            {"action", "erase"},
                            {"basis", "AVG art. 5(1)(e)"}}}}};
  return engine::ParseRetentionSchedule(document).value();
}

struct Retained : ServiceFixtureInTempDir {
  const engine::RetentionSchedule schedule = Schedule();

  void Upload(const std::string& id, const std::string& text) {
    const app::DocumentUpload upload{"businessCase", "Business case", "application/pdf",
                                     PdfBytes(text)};
    REQUIRE(service.UploadDocument(id, upload, Owner(), "u").status ==
            app::WriteOutcome::Status::kOk);
  }
  std::string Cancelled(const std::string& title) {
    json input = NewActivityInput();
    input["title"] = title;
    input["dossier"] = ExampleDossier("green");
    const auto r = service.Create(input, Owner(), "create");
    REQUIRE(r.status == app::WriteOutcome::Status::kOk);
    Upload(r.activity->id, "only this one");
    Upload(r.activity->id, "shared");
    Require(r.activity->id, EventType::kCancel, {{"reason", "not needed"}}, Owner());
    return r.activity->id;
  }
  std::string Closed() {
    const std::string id = Approved();
    Upload(id, "closed case");
    Require(id, EventType::kGrantFunding, {{"amountEur", 100'000}}, Finance());
    Require(id, EventType::kComplete, json::object(), Owner());
    return id;
  }
  app::RetentionPlan PlanIn(int years) {
    return app::PlanRetention(store, schedule, clock.Now() + std::chrono::hours(24 * 366 * years));
  }
  app::AuditReport Audit() { return app.audit().Verify(); }
};

TEST_CASE_METHOD(Retained,
                 "an activity past its period is destroyed, the chain whole and its head kept") {
  const std::string staying = Create();
  Upload(staying, "shared");
  const std::string gone = Cancelled("Vernietigd Register");
  const auto events = store.Events(gone);
  const auto head = store.Head();
  REQUIRE(head.length == static_cast<int64_t>(events.back().seq));  // its entry is the last

  CHECK(PlanIn(0).activities.empty());  // the period has not run out
  const app::RetentionPlan plan = PlanIn(2);
  REQUIRE(plan.activities.size() == 1);
  CHECK(plan.activities[0].id == gone);
  CHECK(plan.activities[0].rule->id == "cancelled");
  const auto outcome = app::ApplyRetention(store, plan, "", plan.at);
  REQUIRE(outcome.disposals.size() == 1);
  const store::RecordEntry& entry = outcome.disposals[0];
  CHECK(entry.kind == "destroy-activity");
  CHECK(entry.subject == gone);
  CHECK(entry.detail["rule"] == "cancelled");
  CHECK(entry.detail["basis"] == "selectielijst 1.3");
  CHECK(entry.detail["entries"].size() == events.size());
  CHECK(entry.detail["documentsDestroyed"] == 1);  // the shared one stays
  CHECK(entry.chain.hash == head.hash);

  // Nothing of it is left but the tombstones and the record log entry.
  CHECK_FALSE(store.Load(gone));
  CHECK(store.Events(gone).empty());
  CHECK(store.Head().hash == head.hash);
  CHECK(store.Head().length == head.length);
  const auto tombstones = store.Tombstones();
  REQUIRE(tombstones.size() == events.size());
  CHECK(tombstones[0].seq == events[0].seq);
  CHECK(tombstones[0].hash == events[0].hash);
  CHECK(tombstones[0].record_seq == entry.seq);
  CHECK_FALSE(store.Document(Sha256Hex(PdfBytes("only this one"))));
  CHECK(store.Document(Sha256Hex(PdfBytes("shared"))));
  CHECK(store.DisposalOf(gone)->seq == entry.seq);
  CHECK(service.Disposal(gone, Finance())->seq == entry.seq);
  CHECK_FALSE(service.Disposal(gone, Owner("EZK")));  // another department learns nothing
  CHECK_FALSE(service.Get(gone, Cio()));
  const std::string bytes =
      ReadFileText(dir.File("service.db")) + ReadFileText(dir.File("service.db-wal"));
  CHECK(bytes.find("Vernietigd Register") == std::string::npos);

  // The audit passes: the chain through its tombstones, the replay, the log.
  const app::AuditReport report = Audit();
  CHECK(report.ok());
  CHECK(report.chain.destroyed == static_cast<int64_t>(events.size()));
  CHECK(report.chain.head.hash == head.hash);
  // The next entry links to the last tombstone's hash.
  Require(staying, EventType::kSubmit, json::object(), Owner());
  CHECK(store.Events(staying).back().prev_hash == head.hash);
  CHECK(Audit().ok());
  RequireReplayEqual();
  // Applying the same plan again finds the activity gone, and changes nothing.
  const auto again = app::ApplyRetention(store, plan, "", plan.at);
  CHECK(again.disposals.empty());
  CHECK(again.changed == std::vector<std::string>{gone});
  CHECK(store.Tombstones().size() == events.size());
}

TEST_CASE_METHOD(Retained,
                 "a transfer writes a package that hashes every file, then removes the activity") {
  const std::string id = Closed();
  const auto events = store.Events(id);
  const fs::path depot = dir.File("e-depot");
  const auto plan = PlanIn(11);
  REQUIRE(plan.activities.size() == 1);
  CHECK(plan.activities[0].rule->action == engine::RetentionAction::kTransfer);

  // Without a place for the package nothing happens.
  CHECK_THROWS_WITH(app::ApplyRetention(store, plan, "", plan.at),
                    Catch::Contains("--transfer-dir"));
  CHECK_THROWS(app::ApplyRetention(store, plan, depot.string(), plan.at));  // does not exist
  CHECK(store.Load(id));
  CHECK(store.Tombstones().empty());
  // A package of that name is never replaced.
  fs::create_directories(depot / id);
  CHECK_THROWS_WITH(app::ApplyRetention(store, plan, depot.string(), plan.at),
                    Catch::Contains("never replaced"));
  CHECK(store.Load(id));
  fs::remove(depot / id);

  const auto outcome = app::ApplyRetention(store, plan, depot.string(), plan.at);
  REQUIRE(outcome.disposals.size() == 1);
  CHECK(outcome.disposals[0].kind == "transfer-activity");
  REQUIRE(outcome.packages == std::vector<std::string>{(depot / id).string()});
  CHECK_FALSE(fs::exists(depot / ("." + id + ".partial")));
  const std::string manifest_text = ReadFileText((depot / id / "manifest.json").string());
  CHECK(outcome.disposals[0].detail["package"]["manifestSha256"] == Sha256Hex(manifest_text));
  const json manifest = json::parse(manifest_text);
  CHECK(manifest["format"] == app::kTransferFormat);
  CHECK(manifest["activityId"] == id);
  CHECK(manifest["state"] == "closed");
  CHECK(manifest["retention"]["rule"] == "closed");
  std::set<std::string> paths;
  for (const json& f : manifest["files"]) {
    const std::string bytes = ReadFileText((depot / id / f["path"].get<std::string>()).string());
    CHECK(Sha256Hex(bytes) == f["sha256"]);
    CHECK(bytes.size() == f["bytes"]);
    paths.insert(f["path"]);
  }
  CHECK(paths.count("record.json"));
  CHECK(paths.count("documents/" + Sha256Hex(PdfBytes("closed case"))));
  // The events travel as chained, each verifiable on its own.
  const json chained = json::parse(ReadFileText((depot / id / "events.json").string()));
  REQUIRE(chained.size() == events.size());
  for (const json& e : chained) {
    const store::ChainedEvent c = store::ChainedEventFromJson(e);
    CHECK(store::ChainHash(c.prev_hash, c.seq, c.event) == c.hash);
  }
  // The names the record still knows go with it.
  const json actors = json::parse(ReadFileText((depot / id / "actors.json").string()));
  CHECK(actors.dump().find(Owner().name) != std::string::npos);
  CHECK_FALSE(store.Load(id));
  CHECK(Audit().ok());
}

TEST_CASE_METHOD(Retained,
                 "an activity that changed since the plan is kept, and its package removed") {
  const std::string id = Closed();
  const fs::path depot = dir.File("depot");
  fs::create_directories(depot);
  auto plan = PlanIn(11);
  REQUIRE(plan.activities.size() == 1);
  plan.activities[0].version -= 1;  // as if an event came after the plan
  const auto outcome = app::ApplyRetention(store, plan, depot.string(), plan.at);
  CHECK(outcome.disposals.empty());
  CHECK(outcome.changed == std::vector<std::string>{id});
  CHECK(store.Load(id));
  CHECK(fs::is_empty(depot));
  CHECK_THROWS_AS(store.DisposeActivity({id, 1, "destroy-activity", json::object(), "2030-01-01"}),
                  store::VersionConflict);
  for (const auto& e : store.RecordLog()) CHECK(e.kind == "erase-actor");  // the names went
  CHECK(store.Tombstones().empty());
}

TEST_CASE_METHOD(Retained, "an activity linked to one that stays is held") {
  const std::string part = Create();
  const std::string other = Create();
  REQUIRE(service.Link(part, other, true, Owner(), "link").status ==
          app::WriteOutcome::Status::kOk);
  Require(part, EventType::kCancel, {{"reason", "merged into the other"}}, Owner());
  const auto plan = PlanIn(2);
  REQUIRE(plan.activities.size() == 1);
  CHECK(plan.activities[0].held_by == other);
  CHECK(app::ApplyRetention(store, plan, "", plan.at).disposals.empty());
  CHECK(store.Load(part));
}

TEST_CASE_METHOD(Retained, "names past their period are erased, a token holder's is held") {
  const std::string id = Create();
  const engine::Actor leaver{"Lea Vertrokken", engine::Role::kOwner, "BZK"};
  Require(id, EventType::kSubmit, json::object(), leaver);
  app.tokens().Issue(Cio().name, engine::Role::kCio, "BZK");
  Require(id, EventType::kAcceptIntake, json::object(), Cio());
  const std::string leaver_id = store.ActorId(leaver.name);
  CHECK(PlanIn(1).names.empty());
  const auto plan = PlanIn(3);
  std::map<std::string, bool> held;
  for (const auto& n : plan.names) held[n.name] = n.held;
  CHECK(held == std::map<std::string, bool>{
                    {Owner().name, false}, {leaver.name, false}, {Cio().name, true}});
  const auto outcome = app::ApplyRetention(store, plan, "", plan.at);
  REQUIRE(outcome.erasures.size() == 2);
  CHECK(store.ActorNames({leaver_id}).empty());
  CHECK(store.ActorNames({store.ActorId(Cio().name)}).size() == 1);
  const auto log = store.RecordLog();
  REQUIRE(log.size() == 2);
  CHECK(log[0].kind == "erase-actor");
  CHECK(log[0].detail["rule"] == "names");
  CHECK(log[0].detail.dump().find(leaver.name) == std::string::npos);
  CHECK(Audit().ok());
}

// Runs `sql` on the database file behind the store's back.
void Tamper(const std::string& path, const std::string& sql) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  db.exec(sql);
}

TEST_CASE_METHOD(Retained, "a tombstone taken away or put in without a record is caught") {
  const std::string gone = Cancelled("Weg");
  const std::string staying = Create();
  const auto plan = PlanIn(2);
  REQUIRE(app::ApplyRetention(store, plan, "", plan.at).disposals.size() == 1);
  REQUIRE(Audit().ok());
  const std::string path = dir.File("service.db");
  SECTION("a tombstone removed: an entry is missing") {
    Tamper(path,
           "DROP TRIGGER chain_tombstones_append_only_delete;"
           " DELETE FROM chain_tombstones WHERE seq = (SELECT min(seq) FROM chain_tombstones)");
    const auto report = Audit();
    CHECK_FALSE(report.chain.ok);
    CHECK_THAT(report.chain.problem, Catch::Contains("missing"));
  }
  SECTION("an event replaced by a tombstone no record log entry lists") {
    const auto victim = store.Events(staying).front();
    Tamper(path,
           "DROP TRIGGER events_append_only_delete; PRAGMA foreign_keys = OFF;"
           " DELETE FROM events WHERE seq = " +
               std::to_string(victim.seq) +
               ";"
               " INSERT INTO chain_tombstones VALUES (" +
               std::to_string(victim.seq) + ", '" + staying + "', '" + victim.prev_hash + "', '" +
               victim.hash + "', 1)");
    const auto report = Audit();
    CHECK(report.chain.ok);  // the links hold: only the record log tells
    CHECK_FALSE(report.record_log.ok);
    CHECK_THAT(report.record_log.problem,
               Catch::Contains("is not the one a record log entry lists"));
    CHECK_FALSE(report.ok());
  }
}

json Exported(store::Store& store) {
  std::stringstream out;
  app::ExportJson(store, out, kNow);
  return json::parse(out.str());
}

TEST_CASE_METHOD(Retained,
                 "export and import carry the tombstones and the record log, the head kept") {
  const std::string gone = Cancelled("Weg");
  const auto plan = PlanIn(2);
  REQUIRE(app::ApplyRetention(store, plan, "", plan.at).disposals.size() == 1);
  const json document = Exported(store);
  CHECK(document["tombstones"].size() == store.Tombstones().size());
  CHECK(document["recordLog"].size() == store.RecordLog().size());
  CHECK(document["head"]["hash"] == store.Head().hash);

  ServiceFixture copy(dir.File("copy.db"));
  const auto report = app::ImportJson(copy.store, document);
  CHECK(report.head.hash == store.Head().hash);
  CHECK(copy.store.Head().hash == store.Head().hash);
  CHECK(copy.app.audit().Verify().ok());
  CHECK(copy.store.RecordLog()[0].hash == store.RecordLog()[0].hash);
  CHECK(copy.store.DisposalOf(gone));
  // A new activity's id comes after the destroyed one's: ids are never reused.
  CHECK(copy.Create() > gone);

  SECTION("an export missing a tombstone is refused") {
    json broken = document;
    broken["tombstones"].erase(0);
    ServiceFixture other(dir.File("other.db"));
    CHECK_THROWS_AS(app::ImportJson(other.store, broken), app::ImportError);
    CHECK(other.store.Head().length == 0);
  }
  SECTION("an export whose record log was edited is refused") {
    json broken = document;
    broken["recordLog"][0]["detail"]["rule"] = "closed";
    ServiceFixture other(dir.File("other.db"));
    CHECK_THROWS_WITH(app::ImportJson(other.store, broken), Catch::Contains("record log"));
  }
}

}  // namespace
}  // namespace ictgate

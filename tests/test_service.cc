// The service over a real store: refusals and stale versions leave the record
// untouched, departments do not see each other, the clock's events, tokens'
// roles, the CLI's audit, migrate and token commands, and serve's option
// checks.
#include <filesystem>

#include <SQLiteCpp/Statement.h>
#include <catch2/catch.hpp>

#include "app/demo_seed.h"
#include "app/policy_registry.h"
#include "app/service.h"
#include "app/tokens.h"
#include "engine/clock.h"
#include "fixtures.h"
#include "store/database.h"
#include "store/migrations.h"
#include "store/sqlite_store.h"

namespace ictgate {
namespace {

using namespace testing;
using engine::EventType;
using nlohmann::json;

// Three approved activities and a dozen chained events, through the service
// under the embedded pack.
struct Populated {
  TempDir dir;
  std::string path = dir.File("chain.db");
  store::SqliteStore store{path};
  engine::ManualClock clock{kNow};
  app::PolicyRegistry packs{store, kNow};
  app::Service service{store, clock, packs};
  std::vector<std::string> ids;

  Populated() {
    for (int i = 0; i < 3; ++i) {
      json input = NewActivityInput();
      input["dossier"] = ExampleDossier("green");
      auto r = service.Create(input, Owner(), "r");
      REQUIRE(r.status == app::WriteOutcome::Status::kOk);
      ids.push_back(r.activity->id);
      Run(i, EventType::kSubmit, json::object(), Owner());
      Run(i, EventType::kAcceptIntake, json::object(), Cio());
      Run(i, EventType::kRecordVerdict,
          app::CompleteAssessment(packs.Active(kNow), ExampleDossier("green")), Cio());
    }
  }
  void Run(int i, EventType type, json payload, engine::Actor actor) {
    clock.Advance(std::chrono::minutes(5));
    const auto r = service.Execute(ids[i], {type, std::move(payload), actor, "r"});
    REQUIRE(r.status == app::WriteOutcome::Status::kOk);
  }
  // A raw connection with the append-only triggers dropped, as an attacker
  // with the file could do.
  std::unique_ptr<SQLite::Database> Tamper() {
    auto db = store::OpenDatabase(path);
    db->exec("DROP TRIGGER events_append_only_update; DROP TRIGGER events_append_only_delete;");
    return db;
  }
};

TEST_CASE("a refused command leaves the record untouched") {
  Populated p;
  const auto before = p.store.Head();
  const auto a = *p.store.Load(p.ids[1]);
  const auto r =
      p.service.Execute(p.ids[1], {EventType::kAcceptIntake, json::object(), Cio(), "r"});
  CHECK(r.status == app::WriteOutcome::Status::kRefused);
  CHECK(r.refusal->kind == engine::Refusal::Kind::kNotAllowed);
  CHECK(p.store.Head().hash == before.hash);
  CHECK(engine::ToJson(*p.store.Load(p.ids[1])) == engine::ToJson(a));
}

TEST_CASE("a stale If-Match version is refused before deciding") {
  Populated p;
  const auto r = p.service.Execute(
      p.ids[0], {EventType::kGrantFunding, {{"amountEur", 5}}, Finance(), "r"}, 3);
  CHECK(r.status == app::WriteOutcome::Status::kConflict);
  CHECK(p.store.Load(p.ids[0])->state == engine::State::kApproved);
}

TEST_CASE("activities of another department are invisible to department-bound roles") {
  Populated p;
  CHECK_FALSE(p.service.Get(p.ids[0], Owner("EZK")));
  CHECK(p.service.Get(p.ids[0], {"a", engine::Role::kAuditor, "*"}));
  CHECK(p.service.List({}, Owner("EZK")).empty());
  CHECK(p.service.List({}, Owner("BZK")).size() == 3);
  store::ActivityFilter other;
  other.department = "BZK";
  CHECK(p.service.List(other, Owner("EZK")).empty());
  const auto r =
      p.service.Execute(p.ids[0], {EventType::kCancel, {{"reason", "x"}}, Owner("EZK"), "r"});
  CHECK(r.status == app::WriteOutcome::Status::kNotFound);
}

int RunCli(const std::string& args, std::string* out = nullptr) {
  return RunCommand(std::string(ICTGATE_BINARY) + " " + args + " 2>/dev/null", out);
}

TEST_CASE("ictgate audit verify and head report through exit status and stdout") {
  Populated p;
  std::string out;
  CHECK(RunCli("audit verify --db " + p.path, &out) == 0);
  CHECK_THAT(out, Catch::Contains("chain ok: 12 entries"));
  CHECK_THAT(out, Catch::Contains("replay ok: 3 activities"));
  CHECK(RunCli("audit head --db " + p.path, &out) == 0);
  CHECK(out == p.store.Head().hash + " 12\n");
  p.Tamper()->exec("DELETE FROM events WHERE seq = 5");
  CHECK(RunCli("audit verify --db " + p.path, &out) == 1);
  CHECK_THAT(out, Catch::Contains("BROKEN at entry 5"));
}

TEST_CASE("ictgate migrate is idempotent and refuses an edited migration") {
  TempDir dir;
  const std::string db = dir.File("cli.db");
  std::string out;
  CHECK(RunCli("migrate --db " + db, &out) == 0);
  const auto& all = store::EmbeddedMigrations();
  CHECK(out == "schema version " + std::to_string(all.back().version) + " (applied " +
                   std::to_string(all.size()) + ")\n");
  CHECK(RunCli("migrate --db " + db, &out) == 0);
  CHECK_THAT(out, Catch::Contains("applied 0"));
  store::OpenDatabase(db)->exec("UPDATE schema_migrations SET checksum = 'abc' WHERE version = 1");
  CHECK(RunCli("migrate --db " + db) == 1);
}

TEST_CASE("a token carries a person's role, given by its name, and never the system's") {
  const std::string roles = " (owner, cio, finance, sg, auditor, admin, cio_rijk, acict, ciso, project_lead)";
  CHECK(app::TokenRole("cio") == engine::Role::kCio);
  for (const std::string name : {"system", "root", "Owner", ""}) {
    CHECK_THROWS_WITH(app::TokenRole(name), "unknown role '" + name + "'" + roles);
  }
  TempDir dir;
  const std::string db = dir.File("tokens.db");
  {
    store::SqliteStore s(db);
    CHECK_THROWS_WITH(app::IssueToken(s, "clock", engine::Role::kSystem, "*", kNow),
                      "unknown role 'system'" + roles);
    CHECK_THROWS_WITH(app::IssueToken(s, "a", engine::Role::kAuditor, "BZK", kNow),
                      "role 'auditor' is not bound to a department: use '*'");
    const auto actor =
        app::Authenticate(s, app::IssueToken(s, "f", engine::Role::kFinance, "BZK", kNow));
    REQUIRE(actor);
    CHECK(actor->role == engine::Role::kFinance);
  }
  std::string out;
  CHECK(RunCommand(std::string(ICTGATE_BINARY) + " token create --db " + db +
                       " --name x --role root --department BZK 2>&1",
                   &out) == 1);
  CHECK(out == "ictgate: unknown role 'root'" + roles + "\n");
  CHECK(RunCli("token list --db " + db, &out) == 0);
  CHECK_THAT(out, Catch::Contains("\tf\tfinance\tBZK\t"));
}

TEST_CASE("serve refuses fewer than one read connection, before opening the database") {
  TempDir dir;
  const std::string db = dir.File("serve.db");
  std::string out;
  // An unusable --listen too: were the check missing, serve would stop there
  // instead of serving.
  CHECK(RunCommand(std::string(ICTGATE_BINARY) + " serve --db " + db +
                       " --listen nowhere --read-connections 0 2>&1",
                   &out) != 0);
  CHECK_THAT(out, Catch::Contains("--read-connections: must be at least 1, not 0"));
  CHECK_FALSE(std::filesystem::exists(db));
}

TEST_CASE("serve refuses connection limits that could not serve, before opening the database") {
  TempDir dir;
  const std::string db = dir.File("serve.db");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"--threads 0", "--threads: must be at least 1, not 0"},
      {"--max-connections 0", "--max-connections: must be at least 1, not 0"},
      {"--keep-alive-timeout 0",
       "--keep-alive-timeout: must be a number of seconds above 0, not 0"},
      {"--request-deadline -1", "--request-deadline: must be a number of seconds above 0, not -1"},
      {"--request-deadline soon", "must be a number of seconds above 0, not soon"}};
  for (const auto& [option, message] : cases) {
    INFO(option);
    std::string out;
    CHECK(RunCommand(std::string(ICTGATE_BINARY) + " serve --db " + db + " --listen nowhere " +
                         option + " 2>&1",
                     &out) != 0);
    CHECK_THAT(out, Catch::Contains(message));
    CHECK_FALSE(std::filesystem::exists(db));
  }
}

TEST_CASE("the clock's expiries are recorded as system events, also for time that passed") {
  Populated p;  // three approved activities, verdicts valid for 12 months from 2026-12-01
  CHECK(p.service.RecordClockEvents() == 0);
  p.clock.Set(At("2027-12-01T00:00:00Z"));  // validity ends at the start of 2027-12-01
  CHECK(p.service.RecordClockEvents() == 3);
  for (const auto& id : p.ids) {
    const auto a = *p.store.Load(id);
    CHECK(a.state == engine::State::kExpired);
    const auto events = p.store.Events(id);
    CHECK(events.back().event.type == EventType::kExpire);
    CHECK(events.back().event.actor.role == engine::Role::kSystem);
  }
  CHECK(p.service.RecordClockEvents() == 0);  // nothing twice
  CHECK(p.service.VerifyReplay().mismatches.empty());
}

}  // namespace
}  // namespace ictgate

// People out of the chain (app/actors.h, migrations/0010): events name
// pseudonyms, names live in one erasable table, an erasure leaves the chain,
// the replay and every answer verifiable, and an old chain that names people
// is pseudonymised when it is first opened for writing.
#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include "app/portability.h"
#include "service_fixture.h"

namespace ictgate {
namespace {

using namespace testing;
using engine::EventType;
using nlohmann::json;

// Every byte the database keeps: the file and its write-ahead log.
std::string DatabaseBytes(const std::string& path) {
  return ReadFileText(path) + ReadFileText(path + "-wal");
}

TEST_CASE_METHOD(ServiceFixtureInTempDir, "events and records name pseudonyms, never people") {
  const std::string id = Approved();
  for (const auto& c : store.Events(id)) {
    INFO(c.event.actor.name);
    CHECK(store::IsActorId(c.event.actor.name));
  }
  const engine::Activity a = *store.Load(id);
  CHECK(a.verdict->assessor == store.ActorId(Cio().name));
  const std::string record = engine::ToJson(a).dump();
  CHECK(record.find(Cio().name) == std::string::npos);
  CHECK(record.find(Owner().name) == std::string::npos);
  // What is shown to people has the names back.
  const std::string shown = service.actors().ResolveJsonText(record);
  CHECK(json::parse(shown)["verdict"]["assessor"] == Cio().name);
  const auto names = store.ActorNames({store.ActorId(Owner().name), store.ActorId(Cio().name)});
  CHECK(names.size() == 2);
  // The clock's own actor is no person.
  CHECK(service.actors().Pseudonymous(System()).name == "system");
}

TEST_CASE_METHOD(ServiceFixtureInTempDir, "a refused command leaves no trace of its sender") {
  const std::string id = Create();
  const size_t known = store.Actors().size();
  const engine::Actor stranger{"Sam Stranger", engine::Role::kFinance, "BZK"};
  const auto r = Run(id, EventType::kSubmit, json::object(), stranger);
  CHECK(r.status == app::WriteOutcome::Status::kRefused);
  CHECK(store.Actors().size() == known);
  // The first accepted one records the pseudonym it was given.
  const engine::Actor newcomer{"Nina Nieuw", engine::Role::kOwner, "BZK"};
  Require(id, EventType::kSubmit, json::object(), newcomer);
  CHECK(store.Actors().size() == known + 1);
  CHECK(store.Events(id).back().event.actor.name == store.ActorId("Nina Nieuw"));
}

TEST_CASE("a pseudonym is resolved only where it is a whole JSON string") {
  WithTempDir d;
  ServiceFixture f(d.dir.File("resolve.db"));
  const std::string id = f.Create();
  const std::string pseudonym = f.store.Events(id).front().event.actor.name;
  const std::string text = json{{"by", pseudonym},
                                {"quoted", "\"" + pseudonym + "\""},
                                {"longer", pseudonym + "x"},
                                {"unknown", "actor-" + std::string(32, '0')}}
                               .dump();
  const json shown = json::parse(f.service.actors().ResolveJsonText(text));
  CHECK(shown["by"] == Owner().name);
  CHECK(shown["quoted"] == "\"" + pseudonym + "\"");
  CHECK(shown["longer"] == pseudonym + "x");
  CHECK(shown["unknown"] == app::kErasedActor);
  CHECK(f.service.actors().ResolveJsonText("{\"a\":1}") == "{\"a\":1}");
}

TEST_CASE_METHOD(ServiceFixtureInTempDir,
                 "erasure: the name leaves the file, the chain and replay verify, events read "
                 "erased actor") {
  const std::string token = app.tokens().Issue(Owner().name, engine::Role::kOwner, "BZK");
  const std::string id = Approved();
  Require(id, EventType::kGrantFunding, {{"amountEur", 1'000'000}}, Finance());
  const auto before = app.audit().Verify();
  REQUIRE(before.ok());
  const store::ChainHead head = store.Head();
  const std::string pseudonym = store.ActorId(Owner().name);
  REQUIRE(DatabaseBytes(dir.File("service.db")).find(Owner().name) != std::string::npos);

  const auto erased = service.actors().Erase(Owner().name, clock.Now());
  REQUIRE(erased);
  CHECK(erased->actor_id == pseudonym);
  CHECK(erased->tokens_revoked == 1);
  CHECK(erased->entry.kind == "erase-actor");
  CHECK(erased->entry.subject == pseudonym);
  CHECK(erased->entry.chain.hash == head.hash);
  CHECK(erased->entry.detail.dump().find(Owner().name) == std::string::npos);

  // The chain is untouched and still verifies, with the replay and the log.
  CHECK(store.Head().hash == head.hash);
  const auto after = app.audit().Verify();
  CHECK(after.ok());
  CHECK(after.record_log.checked == 1);
  CHECK(after.replay.mismatches.empty());
  // Every answer reads "erased actor" where the owner was; the others stay.
  const json shown = json::parse(service.actors().ResolveJsonText(json{
      {"events", store.Events(id).front().event.actor.name},
      {"record", engine::ToJson(*store.Load(id))}}.dump()));
  CHECK(shown["events"] == app::kErasedActor);
  CHECK(shown["record"]["verdict"]["assessor"] == Cio().name);
  // Its token no longer signs anyone in.
  CHECK_FALSE(app.tokens().Authenticate(token));
  // The bytes of the name are nowhere in the database.
  CHECK(DatabaseBytes(dir.File("service.db")).find(Owner().name) == std::string::npos);
  // Acting again, the person is someone new.
  const std::string again = Create();
  CHECK(store.Events(again).front().event.actor.name != pseudonym);
}

TEST_CASE_METHOD(ServiceFixtureInTempDir, "erasing a name that never acted changes nothing") {
  Create();
  const auto actors = store.Actors().size();
  CHECK_FALSE(service.actors().Erase("Niemand Bekend", clock.Now()));
  CHECK(store.Actors().size() == actors);
  CHECK(store.RecordLog().empty());
}

TEST_CASE_METHOD(ServiceFixtureInTempDir, "a record log edited behind the store's back is caught") {
  Create();
  REQUIRE(service.actors().Erase(Owner().name, clock.Now()));
  {
    SQLite::Database db(dir.File("service.db"), SQLite::OPEN_READWRITE);
    db.exec("DROP TRIGGER record_log_append_only_update");
    db.exec("UPDATE record_log SET subject = 'actor-" + std::string(32, 'a') + "'");
  }
  const auto verified = store.VerifyRecordLog();
  CHECK_FALSE(verified.ok);
  CHECK(verified.broken_at == 1);
  CHECK_FALSE(app.audit().Verify().ok());
}

// A chain as a program before pseudonyms wrote it: the events name people.
struct NamedChain : WithTempDir {
  NamedChain() {
    ServiceFixture f(dir.File("old.db"));
    id = f.Approved();
    f.Require(id, EventType::kGrantFunding, {{"amountEur", 1'000'000}}, Finance());
    other = f.Create(10'000'000, "EZK");
    // Put the names where the pseudonyms are, re-chained, as they were.
    const auto names = f.store.Actors();
    SQLite::Database db(dir.File("old.db"), SQLite::OPEN_READWRITE);
    db.exec("DROP TRIGGER events_append_only_update");
    std::string prev = store::kGenesisHash;
    for (auto c : f.store.ChainEntries(1, 1000)) {
      for (const auto& a : names) {
        if (a.id == c.event.actor.name) c.event.actor.name = *a.name;
      }
      c.prev_hash = prev;
      c.hash = store::ChainHash(prev, c.seq, c.event);
      prev = c.hash;
      SQLite::Statement upd(
          db, "UPDATE events SET actor_name = ?, prev_hash = ?, hash = ? WHERE seq = ?");
      upd.bind(1, c.event.actor.name);
      upd.bind(2, c.prev_hash);
      upd.bind(3, c.hash);
      upd.bind(4, c.seq);
      upd.exec();
    }
    for (const auto& activity : {id, other}) {
      std::string record = engine::ToJson(*f.store.LoadUncached(activity)).dump();
      for (const auto& a : names) {
        for (size_t at; (at = record.find(a.id)) != std::string::npos;)
          record.replace(at, a.id.size(), *a.name);
      }
      SQLite::Statement upd(db, "UPDATE activities SET record = ? WHERE id = ?");
      upd.bind(1, record);
      upd.bind(2, activity);
      upd.exec();
    }
    // And the schema as it was: migration 0010 not yet applied.
    db.exec("DROP TABLE actors");
    db.exec("DROP TABLE record_log");
    db.exec("DROP TABLE names_in_chain");
    db.exec("DELETE FROM schema_migrations WHERE version = 10");
    db.exec("DELETE FROM activity_answers");
    db.exec(
        "CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events BEGIN"
        " SELECT RAISE(ABORT, 'the event log is append-only'); END");
    old_head = {static_cast<int64_t>(f.store.ChainEntries(1, 1000).size()), prev};
  }
  std::string id, other;
  store::ChainHead old_head;
};

TEST_CASE("an old chain that names people is pseudonymised on opening, and verifies") {
  NamedChain old;
  {
    store::SqliteStore raw(old.dir.File("old.db"));
    REQUIRE(raw.HasNamedActors());
    REQUIRE(raw.VerifyChain().ok);
    REQUIRE(raw.VerifyChain().head.hash == old.old_head.hash);
  }
  ServiceFixture f(old.dir.File("old.db"));
  CHECK_FALSE(f.store.HasNamedActors());
  for (const auto& c : f.store.ChainEntries(1, 1000)) CHECK(store::IsActorId(c.event.actor.name));
  CHECK(f.store.Head().length == old.old_head.length);
  CHECK(f.store.Head().hash != old.old_head.hash);
  const auto report = f.app.audit().Verify();
  CHECK(report.ok());
  // The record log keeps the head the chain had, for anchors taken before.
  const auto log = f.store.RecordLog();
  REQUIRE(log.size() == 1);
  CHECK(log[0].kind == "pseudonymise");
  CHECK(log[0].detail["fromHead"]["hash"] == old.old_head.hash);
  CHECK(log[0].detail["toHead"]["hash"] == f.store.Head().hash);
  CHECK(log[0].detail["actors"] == 3);
  // The names are shown as before, and can now be erased.
  const engine::Activity a = *f.store.Load(old.id);
  CHECK(f.service.actors().ResolveJsonText(json(a.verdict->assessor).dump()) ==
        json(Cio().name).dump());
  REQUIRE(f.service.actors().Erase(Cio().name, f.clock.Now()));
  CHECK(f.app.audit().Verify().ok());
  // Opening again finds nothing to do.
  ServiceFixture again(old.dir.File("old.db"));
  CHECK(again.store.RecordLog().size() == 2);
}

TEST_CASE("an old chain that does not verify is not pseudonymised, and nothing changes") {
  NamedChain old;
  {
    SQLite::Database db(old.dir.File("old.db"), SQLite::OPEN_READWRITE);
    db.exec("DROP TRIGGER events_append_only_update");
    db.exec("UPDATE events SET actor_name = 'Mallory' WHERE seq = 2");
  }
  engine::ManualClock clock(kNow);
  CHECK_THROWS_WITH(
      app::Application(std::make_unique<store::SqliteStore>(old.dir.File("old.db")), clock),
      Catch::Contains("the chain does not verify at entry 2"));
  store::SqliteStore raw(old.dir.File("old.db"));
  CHECK(raw.HasNamedActors());
  CHECK(raw.RecordLog().empty());
}

TEST_CASE("an export from before pseudonyms imports as it was, and is pseudonymised on opening") {
  NamedChain old;
  json document;
  {
    store::SqliteStore raw(old.dir.File("old.db"));
    std::stringstream out;
    app::ExportJson(raw, out, kNow);
    document = json::parse(out.str());
  }
  CHECK(document["actors"].empty());
  TempDir dir;
  {
    store::SqliteStore target(dir.File("imported.db"));
    app::ImportJson(target, document);
    CHECK(target.Head().hash == old.old_head.hash);
    CHECK(target.HasNamedActors());
  }
  ServiceFixture f(dir.File("imported.db"));
  CHECK_FALSE(f.store.HasNamedActors());
  CHECK(f.store.RecordLog().at(0).detail["fromHead"]["hash"] == old.old_head.hash);
  CHECK(f.app.audit().Verify().ok());
}

TEST_CASE_METHOD(ServiceFixtureInTempDir, "export and import carry the names, an erased one not") {
  const std::string id = Approved();
  REQUIRE(service.actors().Erase(Finance().name, clock.Now()) == std::nullopt);  // never acted
  REQUIRE(service.actors().Erase(Owner().name, clock.Now()));
  std::stringstream out;
  app::ExportJson(store, out, clock.Now());
  const json document = json::parse(out.str());
  CHECK(out.str().find(Owner().name) == std::string::npos);
  REQUIRE(document["actors"].size() == 1);
  CHECK(document["actors"][0]["name"] == Cio().name);
  TempDir target_dir;
  store::SqliteStore target(target_dir.File("target.db"));
  app::ImportJson(target, document);
  CHECK(target.Head().hash == store.Head().hash);
  CHECK(target.ActorNames({store.ActorId(Cio().name)}).size() == 1);
  json twice = document;
  twice["actors"].push_back(document["actors"][0]);
  TempDir refused_dir;
  store::SqliteStore refused(refused_dir.File("refused.db"));
  CHECK_THROWS_AS(app::ImportJson(refused, twice), app::ImportError);
  CHECK(refused.Head().length == 0);
}

}  // namespace
}  // namespace ictgate

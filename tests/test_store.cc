// The record: migrations, connection settings, atomic appends, the hash chain.
// Store only: events are decided by the engine under the test pack and
// written straight to the store (the service's tests are test_service.cc).
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include <SQLiteCpp/Statement.h>
#include <catch2/catch.hpp>

#include "engine/answers.h"
#include "engine/lifecycle.h"
#include "fixtures.h"
#include "store/database.h"
#include "store/migrations.h"
#include "store/sqlite_store.h"

namespace ictgate {
namespace {

using namespace testing;
using engine::EventType;
using nlohmann::json;

int CountRows(SQLite::Database& db, const std::string& table) {
  return db.execAndGet("SELECT count(*) FROM " + table).getInt();
}

TEST_CASE("migrations apply in order once, and are idempotent") {
  TempDir dir;
  auto db = store::OpenDatabase(dir.File("m.db"));
  const auto first = store::Migrate(*db, store::EmbeddedMigrations());
  REQUIRE_FALSE(first.applied.empty());
  CHECK(first.applied.front() == 1);
  CHECK(first.schema_version == store::EmbeddedMigrations().back().version);
  const auto second = store::Migrate(*db, store::EmbeddedMigrations());
  CHECK(second.applied.empty());
  CHECK(second.schema_version == first.schema_version);
  CHECK(CountRows(*db, "schema_migrations") ==
        static_cast<int>(store::EmbeddedMigrations().size()));
}

TEST_CASE("a migration edited after it was applied is refused, and nothing changes") {
  TempDir dir;
  auto db = store::OpenDatabase(dir.File("m.db"));
  std::vector<store::Migration> migrations = {{1, "one", "CREATE TABLE a (x INTEGER);"}};
  store::Migrate(*db, migrations);
  migrations[0].sql = "CREATE TABLE a (x INTEGER, y INTEGER);";
  migrations.push_back({2, "two", "CREATE TABLE b (x INTEGER);"});
  REQUIRE_THROWS_WITH(store::Migrate(*db, migrations),
                      Catch::Contains("migration 1 (one) was changed after it was applied"));
  // The pending migration 2 was not applied either.
  CHECK(db->execAndGet("SELECT count(*) FROM sqlite_master WHERE name = 'b'").getInt() == 0);
}

TEST_CASE("a database written by a newer binary is refused") {
  TempDir dir;
  auto db = store::OpenDatabase(dir.File("m.db"));
  store::Migrate(
      *db, {{1, "one", "CREATE TABLE a (x INTEGER);"}, {2, "two", "CREATE TABLE b (x INTEGER);"}});
  REQUIRE_THROWS_WITH(store::Migrate(*db, {{1, "one", "CREATE TABLE a (x INTEGER);"}}),
                      Catch::Contains("newer version"));
}

TEST_CASE("migrations out of order are a programming error") {
  TempDir dir;
  auto db = store::OpenDatabase(dir.File("m.db"));
  CHECK_THROWS_AS(store::Migrate(*db, {{2, "two", "SELECT 1;"}, {1, "one", "SELECT 1;"}}),
                  store::MigrationError);
}

TEST_CASE("a failing migration rolls back completely") {
  TempDir dir;
  auto db = store::OpenDatabase(dir.File("m.db"));
  CHECK_THROWS(store::Migrate(*db, {{1, "bad", "CREATE TABLE a (x INTEGER); SELECT nonsense;"}}));
  CHECK(db->execAndGet("SELECT count(*) FROM sqlite_master WHERE name = 'a'").getInt() == 0);
  CHECK(CountRows(*db, "schema_migrations") == 0);
}

void CheckDurable(const store::ConnectionSettings& s) {
  CHECK(s.journal_mode == "wal");
  CHECK(s.synchronous == 2);  // FULL
  CHECK(s.foreign_keys);
  CHECK(s.busy_timeout_ms > 0);
}

TEST_CASE("the durability settings are in force on every connection") {
  TempDir dir;
  store::SqliteStore store(dir.File("s.db"));
  const auto settings = store.ConnectionSettingsInForce();
  REQUIRE(settings.size() == 2);
  for (const auto& s : settings) CheckDurable(s);
  // And on connections opened later, read-write or read-only.
  CheckDurable(store::ReadSettings(*store::OpenDatabase(dir.File("s.db"))));
  CheckDurable(
      store::ReadSettings(*store::OpenDatabase(dir.File("s.db"), store::OpenMode::kReadOnly)));
}

// A store with three activities and a dozen chained events, decided by the
// engine under TestPack.
struct Populated {
  TempDir dir;
  std::string path = dir.File("chain.db");
  store::SqliteStore store{path};
  engine::Instant now = kNow;
  std::vector<std::string> ids;

  Populated() {
    for (int i = 0; i < 3; ++i) {
      ids.push_back(Create(Owner()));
      Run(i, EventType::kSubmit, json::object(), Owner());
      Run(i, EventType::kAcceptIntake, json::object(), Cio());
      Run(i, EventType::kRecordVerdict, Assessment("green"), Cio());
    }
  }
  std::string Create(const engine::Actor& owner) {
    const auto d = engine::DecideCreate(
        {EventType::kCreate, NewActivityInput(10'000'000, owner.department), owner, "r"},
        TestPack(), now);
    REQUIRE(d.ok());
    return store.Create(d.value(), engine::Apply({}, d.value())).first.id;
  }
  void Run(int i, EventType type, json payload, engine::Actor actor) {
    now += std::chrono::minutes(5);
    const auto a = *store.Load(ids[i]);
    const auto d = engine::Decide(a, {type, std::move(payload), actor, "r"}, TestPack(), now);
    REQUIRE(d.ok());
    store.Append(d.value(), engine::Apply(a, d.value()));
  }
  // A raw connection with the append-only triggers dropped, as an attacker
  // with the file could do.
  std::unique_ptr<SQLite::Database> Tamper() {
    auto db = store::OpenDatabase(path);
    db->exec("DROP TRIGGER events_append_only_update; DROP TRIGGER events_append_only_delete;");
    return db;
  }
};

TEST_CASE("lists can be limited to activities with conditions") {
  TempDir dir;
  store::SqliteStore store(dir.File("conditions.db"));
  for (const auto state : {engine::State::kConditionallyApproved, engine::State::kApproved}) {
    engine::Event created;
    created.type = EventType::kCreate;
    created.version = 1;
    created.at = kNow;
    created.from = created.to = state;
    engine::Activity a = ActivityIn(state);
    a.version = 1;
    store.Create(created, a);
  }
  store::ActivityFilter filter;
  CHECK(store.List(filter).size() == 2);
  filter.with_conditions = true;
  const auto listed = store.List(filter);
  REQUIRE(listed.size() == 1);
  CHECK(listed[0].state == engine::State::kConditionallyApproved);
  CHECK(listed[0].conditions.size() == 1);
}

TEST_CASE("each write stores the eligibility answer and until when it holds") {
  Populated p;  // three activities approved green
  const std::string now = engine::FormatInstant(p.now);
  auto counts = p.store.EligibilityCounts("BZK", now);
  CHECK(counts.holding == std::map<std::string, int64_t>{{"eligible", 3}});
  CHECK(counts.stale_ids.empty());
  CHECK(p.store.EligibilityCounts("", now).holding == counts.holding);  // all departments
  CHECK(p.store.EligibilityCounts("EZK", now).holding.empty());

  // Stored with the verdict's expiry: from then on each must be judged again.
  auto db = store::OpenDatabase(p.path);
  const std::string until =
      db->execAndGet("SELECT eligibility_until FROM activities WHERE id = '" + p.ids[0] + "'")
          .getString();
  const auto verdict = p.store.Load(p.ids[0])->verdict;
  REQUIRE(verdict);
  CHECK(until == engine::FormatInstant(engine::StartOf(verdict->valid_until)));
  counts = p.store.EligibilityCounts("BZK", until);
  CHECK(counts.holding.empty());
  CHECK(counts.stale_ids == p.ids);

  // A row written before migration 0005 has no stored answer: stale too.
  db->exec("UPDATE activities SET eligibility = NULL WHERE id = '" + p.ids[1] + "'");
  counts = p.store.EligibilityCounts("BZK", now);
  CHECK(counts.holding == std::map<std::string, int64_t>{{"eligible", 2}});
  CHECK(counts.stale_ids == std::vector<std::string>{p.ids[1]});
}

// The counts migration 0007's triggers keep, and a count of the rows now.
std::pair<std::string, std::string> KeptAndCounted(SQLite::Database& db) {
  const auto rows = [&db](const std::string& sql) {
    SQLite::Statement q(db, sql);
    std::string out;
    while (q.executeStep()) {
      out += q.getColumn(0).getString() + "/" + q.getColumn(1).getString() + "=" +
             q.getColumn(2).getString() + " ";
    }
    return out;
  };
  return {rows("SELECT department, eligibility, n FROM eligibility_counts WHERE n > 0"
               " ORDER BY 1, 2"),
          rows("SELECT department, coalesce(eligibility, ''), count(*) FROM activities"
               " GROUP BY 1, 2 ORDER BY 1, 2")};
}

TEST_CASE("the department counts kept at write time follow every write of an answer") {
  Populated p;  // three activities of BZK approved green
  p.Create(Owner("EZK"));
  auto db = store::OpenDatabase(p.path);
  auto [kept, counted] = KeptAndCounted(*db);
  CHECK(kept == "BZK/eligible=3 EZK/not_eligible=1 ");
  CHECK(kept == counted);

  p.Run(0, EventType::kGrantFunding, {{"amountEur", 1'000'000}, {"reference", "FEZ-1"}}, Finance());
  p.store.RefreshEligibility({{p.ids[1], p.store.Load(p.ids[1])->version, "not_eligible", {}}});
  db->exec("UPDATE activities SET eligibility = NULL WHERE id = '" + p.ids[2] + "'");
  std::tie(kept, counted) = KeptAndCounted(*db);
  CHECK(kept == "BZK/=1 BZK/eligible=1 BZK/not_eligible=1 EZK/not_eligible=1 ");
  CHECK(kept == counted);

  // The summary is those counts less the answers that ran out, and the
  // stale ones are the ones that ran out and the one never judged.
  const auto counts = p.store.EligibilityCounts("BZK", engine::FormatInstant(p.now));
  CHECK(counts.holding == std::map<std::string, int64_t>{{"eligible", 1}, {"not_eligible", 1}});
  CHECK(counts.stale_ids == std::vector<std::string>{p.ids[2]});
  const auto all = p.store.EligibilityCounts("", engine::FormatInstant(p.now));
  CHECK(all.holding == std::map<std::string, int64_t>{{"eligible", 1}, {"not_eligible", 2}});
  CHECK(all.stale_ids == counts.stale_ids);
}

TEST_CASE("an eligibility answer judged again is stored unless the activity moved on") {
  Populated p;  // three activities approved green
  auto db = store::OpenDatabase(p.path);
  db->exec("UPDATE activities SET eligibility = NULL");  // as before migration 0005
  const std::string now = engine::FormatInstant(p.now);
  REQUIRE(p.store.EligibilityCounts("BZK", now).stale_ids == p.ids);
  const int64_t version = p.store.Load(p.ids[0])->version;
  p.store.RefreshEligibility({{p.ids[0], version, "eligible", "2099-01-01T00:00:00Z"},
                              {p.ids[1], version - 1, "eligible", std::nullopt},  // moved on
                              {p.ids[2], version, "not_eligible", std::nullopt}});
  const auto counts = p.store.EligibilityCounts("BZK", now);
  CHECK(counts.holding == std::map<std::string, int64_t>{{"eligible", 1}, {"not_eligible", 1}});
  CHECK(counts.stale_ids == std::vector<std::string>{p.ids[1]});
  CHECK(db->execAndGet("SELECT eligibility_until FROM activities WHERE id = '" + p.ids[0] + "'")
            .getString() == "2099-01-01T00:00:00Z");
  CHECK(db->execAndGet("SELECT eligibility_until IS NULL FROM activities WHERE id = '" + p.ids[2] +
                       "'")
            .getInt() == 1);
  CHECK(p.store.VerifyChain().ok);  // not a transition: the chain is untouched
  CHECK(p.store.Head().length == 12);
  // A read-only store writes nothing, and does not fail the read.
  store::SqliteStore read_only(p.path, store::OpenMode::kReadOnly);
  read_only.RefreshEligibility({{p.ids[1], version, "eligible", std::nullopt}});
  CHECK(p.store.EligibilityCounts("BZK", now).stale_ids == std::vector<std::string>{p.ids[1]});
}

engine::RenderedAnswers AnswersFor(const engine::Activity& a, engine::Instant at) {
  return engine::RenderAnswers(a, engine::JudgeForGate(a, TestPack()), TestPack(), at);
}

TEST_CASE("answers are kept with the write that renders them, and go with one that does not") {
  Populated p;  // written without answers
  CHECK_FALSE(p.store.Answer(p.ids[0], store::AnswerKind::kGate));

  // Create renders in its transaction, with the id it assigns.
  std::string rendered_for;
  const auto d = engine::DecideCreate({EventType::kCreate, NewActivityInput(), Owner(), "r"},
                                      TestPack(), p.now);
  REQUIRE(d.ok());
  const auto [created, event] = p.store.Create(d.value(), engine::Apply({}, d.value()),
                                               std::nullopt, [&](const engine::Activity& a) {
                                                 rendered_for = a.id;
                                                 return AnswersFor(a, p.now);
                                               });
  CHECK(rendered_for == created.id);
  const auto gate = p.store.Answer(created.id, store::AnswerKind::kGate);
  REQUIRE(gate);
  CHECK(json::parse(gate->text)["activityId"] == created.id);
  CHECK(gate->state == engine::State::kDraft);
  CHECK(gate->terms.from == p.now);
  CHECK(gate->terms.pack_hash == TestPack().ref.content_hash);
  const auto eligibility = p.store.Answer(created.id, store::AnswerKind::kEligibility);
  REQUIRE(eligibility);
  CHECK(json::parse(eligibility->text)["status"] == "not_eligible");

  // A transition with answers keeps them; a conflicting one changes nothing.
  const auto submit = engine::Decide(created, {EventType::kSubmit, json::object(), Owner(), "r"},
                                     TestPack(), p.now + std::chrono::minutes(1));
  REQUIRE(submit.ok());
  const engine::Activity submitted = engine::Apply(created, submit.value());
  store::Store::Write write{submit.value(), submitted};
  write.answers = AnswersFor(submitted, submit.value().at);
  p.store.AppendAll({write});
  CHECK(p.store.Answer(created.id, store::AnswerKind::kGate)->state == engine::State::kSubmitted);
  REQUIRE_THROWS_AS(p.store.AppendAll({write}), store::VersionConflict);
  CHECK(json::parse(p.store.Answer(created.id, store::AnswerKind::kGate)->text)["version"] == 2);

  // A write that renders none removes them: no answer outlives its version.
  const auto accept =
      engine::Decide(submitted, {EventType::kAcceptIntake, json::object(), Cio(), "r"}, TestPack(),
                     p.now + std::chrono::minutes(2));
  REQUIRE(accept.ok());
  p.store.Append(accept.value(), engine::Apply(submitted, accept.value()));
  CHECK_FALSE(p.store.Answer(created.id, store::AnswerKind::kGate));
  CHECK_FALSE(p.store.Answer(created.id, store::AnswerKind::kEligibility));
  CHECK(p.store.VerifyChain().ok);
}

TEST_CASE("answers rendered at a read are kept unless the activity moved on") {
  Populated p;  // written without answers
  const engine::Activity a = *p.store.Load(p.ids[0]);
  p.store.KeepAnswers(a, AnswersFor(a, p.now));
  const auto kept = p.store.Answer(p.ids[0], store::AnswerKind::kGate);
  REQUIRE(kept);
  CHECK(kept->state == engine::State::kApproved);
  CHECK(json::parse(kept->text)["version"] == a.version);

  engine::Activity older = *p.store.Load(p.ids[1]);
  older.version -= 1;  // rendered before the activity's last write
  p.store.KeepAnswers(older, AnswersFor(older, p.now));
  CHECK_FALSE(p.store.Answer(p.ids[1], store::AnswerKind::kGate));
  CHECK(p.store.Head().length == 12);  // not a transition: the chain is untouched

  // A read-only store writes nothing, and does not fail the read.
  store::SqliteStore read_only(p.path, store::OpenMode::kReadOnly);
  const engine::Activity third = *p.store.Load(p.ids[2]);
  read_only.KeepAnswers(third, AnswersFor(third, p.now));
  CHECK_FALSE(p.store.Answer(p.ids[2], store::AnswerKind::kGate));
  CHECK(read_only.Answer(p.ids[0], store::AnswerKind::kGate));
}

TEST_CASE("a page of a department's kept eligibility answers, in id order after the cursor") {
  Populated p;  // three of BZK, written without answers
  const engine::Activity first = *p.store.Load(p.ids[0]);
  const engine::Activity second = *p.store.Load(p.ids[1]);
  p.store.KeepAnswers(first, AnswersFor(first, p.now));
  p.store.KeepAnswers(second, AnswersFor(second, p.now));
  p.Create(Owner("EZK"));

  auto page = p.store.EligibilityAnswers("BZK", "", 10);
  REQUIRE(page.size() == 3);
  CHECK(page[0].activity_id == p.ids[0]);
  REQUIRE(page[0].answer);
  CHECK(json::parse(page[0].answer->text)["reflectsEvent"]["version"] == first.version);
  CHECK(page[1].answer);
  CHECK_FALSE(page[2].answer);  // none kept

  // After the cursor, and limited; every department when none is named.
  page = p.store.EligibilityAnswers("BZK", p.ids[0], 1);
  REQUIRE(page.size() == 1);
  CHECK(page[0].activity_id == p.ids[1]);
  CHECK(p.store.EligibilityAnswers("", "", 10).size() == 4);
  CHECK(p.store.EligibilityAnswers("EZK", "", 10).size() == 1);

  // An answer kept for another version than the row's is none.
  auto db = store::OpenDatabase(p.path);
  db->exec("UPDATE activity_answers SET version = version - 1 WHERE activity_id = '" + p.ids[1] +
           "'");
  CHECK_FALSE(p.store.EligibilityAnswers("BZK", p.ids[0], 1)[0].answer);
}

TEST_CASE("ids are assigned per department and year") {
  Populated p;
  CHECK(p.ids == std::vector<std::string>{"BZK-2026-0001", "BZK-2026-0002", "BZK-2026-0003"});
  CHECK(p.Create(Owner("EZK")) == "EZK-2026-0001");
}

TEST_CASE("an intact chain verifies and its head is the last entry") {
  Populated p;
  const auto v = p.store.VerifyChain();
  CHECK(v.ok);
  CHECK(v.checked == 12);
  CHECK(v.head.length == 12);
  const auto head = p.store.Head();
  CHECK(head.length == 12);
  CHECK(head.hash == v.head.hash);
  CHECK(head.hash.size() == 64);
  const auto events = p.store.Events(p.ids[2]);
  REQUIRE(events.size() == 4);
  CHECK(events.back().hash == head.hash);
  CHECK(events.front().event.type == EventType::kCreate);
}

TEST_CASE("the event log refuses updates and deletes") {
  Populated p;
  auto db = store::OpenDatabase(p.path);
  CHECK_THROWS_WITH(db->exec("UPDATE events SET request_id = 'x' WHERE seq = 1"),
                    Catch::Contains("append-only"));
  CHECK_THROWS_WITH(db->exec("DELETE FROM events WHERE seq = 1"), Catch::Contains("append-only"));
}

TEST_CASE("verification names an edited entry") {
  Populated p;
  p.Tamper()->exec(R"(UPDATE events SET payload = '{"verdict":"red"}' WHERE seq = 4)");
  const auto v = p.store.VerifyChain();
  CHECK_FALSE(v.ok);
  CHECK(v.broken_at == 4);
  CHECK_THAT(v.problem, Catch::Contains("content was changed"));
  CHECK(v.head.length == 3);
}

// Runs `tampering` on a populated store: verification must fail at entry
// `broken_at` with a problem containing `fragment`.
void CheckBrokenAt(const char* tampering, int64_t broken_at, const char* fragment) {
  Populated p;
  p.Tamper()->exec(tampering);
  const auto v = p.store.VerifyChain();
  CHECK_FALSE(v.ok);
  CHECK(v.broken_at == broken_at);
  CHECK_THAT(v.problem, Catch::Contains(fragment));
}

TEST_CASE("verification names a deleted entry") {
  CheckBrokenAt("DELETE FROM events WHERE seq = 6", 6, "missing");
}

TEST_CASE("verification names swapped entries") {
  Populated p;
  // Exchange the positions of entries 7 and 8.
  p.Tamper()->exec(
      "UPDATE events SET seq = -1 WHERE seq = 7; UPDATE events SET seq = 7 WHERE seq = 8;"
      "UPDATE events SET seq = 8 WHERE seq = -1;");
  const auto v = p.store.VerifyChain();
  CHECK_FALSE(v.ok);
  CHECK(v.broken_at == 7);
}

TEST_CASE("verification names a re-hashed entry by its broken link") {
  Populated p;
  // Editing an entry and recomputing its own hash still breaks the next link.
  auto db = p.Tamper();
  const auto events = p.store.Events(p.ids[0]);
  auto edited = events[1];
  edited.event.request_id = "forged";
  SQLite::Statement upd(*db, "UPDATE events SET request_id = 'forged', hash = ? WHERE seq = ?");
  upd.bind(1, store::ChainHash(edited.prev_hash, edited.seq, edited.event));
  upd.bind(2, edited.seq);
  upd.exec();
  const auto v = p.store.VerifyChain();
  CHECK_FALSE(v.ok);
  CHECK(v.broken_at == edited.seq + 1);
  CHECK_THAT(v.problem, Catch::Contains("does not link"));
}

TEST_CASE("an unreadable entry is reported, not crashed on") {
  CheckBrokenAt("UPDATE events SET payload = '{not json' WHERE seq = 2", 2, "cannot be read");
}

TEST_CASE("an entry naming no role is unreadable, not read as some role") {
  CheckBrokenAt("UPDATE events SET actor_role = 'superuser' WHERE seq = 2", 2, "cannot be read");
}

TEST_CASE("a token's role is stored by its name, and a row naming no role is not read") {
  TempDir dir;
  const std::string path = dir.File("tokens.db");
  store::SqliteStore s(path);
  store::TokenRecord t;
  t.name = "t-finance";
  t.role = engine::Role::kFinance;
  t.department = "BZK";
  t.created_at = "2026-12-01T00:00:00Z";
  s.AddToken(t, "hash");
  const auto found = s.FindActiveToken("hash");
  REQUIRE(found);
  CHECK(found->role == engine::Role::kFinance);
  const auto raw = store::OpenDatabase(path);
  CHECK(raw->execAndGet("SELECT role FROM tokens").getString() == "finance");
  raw->exec("UPDATE tokens SET role = 'root'");
  CHECK_THROWS_WITH(s.FindActiveToken("hash"), Catch::Contains("unknown role 'root'"));
  CHECK_THROWS_WITH(s.Tokens(), Catch::Contains("unknown role 'root'"));
}

TEST_CASE("a read during a chain walk runs beside it, and the walk keeps its snapshot") {
  Populated p;
  std::vector<int64_t> walked;
  int64_t head_during_walk = 0;
  p.store.ForEachEvent([&](const store::ChainedEvent& c) {
    walked.push_back(c.seq);
    if (c.seq != 1) return;
    // The walk's read is in progress; a write commits, and another read
    // (two: the Load in Run, then Head) runs beside it and sees the write.
    p.Run(0, EventType::kCancel, {{"reason", "stopped"}}, Owner());
    head_during_walk = p.store.Head().length;
  });
  CHECK(walked.size() == 12);  // the snapshot predates the write
  CHECK(head_during_walk == 13);
  CHECK(p.store.Head().length == 13);
  // The writer and the two read connections that were open at once.
  const auto settings = p.store.ConnectionSettingsInForce();
  CHECK(settings.size() == 3);
  for (const auto& s : settings) CheckDurable(s);
}

TEST_CASE("reads from many threads see the writes committed before them, in order") {
  Populated p;
  constexpr int kReaders = 4;
  constexpr int kWrites = 20;
  std::atomic<bool> writing{true};
  std::vector<std::vector<int64_t>> seen(kReaders);
  std::vector<std::thread> readers;
  for (int r = 0; r < kReaders; ++r) {
    readers.emplace_back([&, r] {
      while (writing) seen[r].push_back(p.store.Head().length);
      seen[r].push_back(p.store.Head().length);  // after the last write returned
    });
  }
  for (int i = 0; i < kWrites; ++i) {
    // Recorded without moving the activity, so it can be repeated.
    p.Run(i % 3, EventType::kRefuseFunding, {{"amountEur", 1'000}, {"reason", "no budget"}},
          Finance());
  }
  writing = false;
  for (auto& t : readers) t.join();
  for (const auto& lengths : seen) {
    CHECK(std::is_sorted(lengths.begin(), lengths.end()));
    CHECK(lengths.front() >= 12);
    CHECK(lengths.back() == 12 + kWrites);
  }
  CHECK(p.store.VerifyChain().ok);
}

TEST_CASE("a store with no read connection is refused before it touches the file") {
  TempDir dir;
  const std::string path = dir.File("none.db");
  CHECK_THROWS_WITH(store::SqliteStore(path, store::OpenMode::kReadWrite, 0),
                    "a read pool needs at least one connection (asked for 0)");
  CHECK_FALSE(std::filesystem::exists(path));
}

TEST_CASE("a read-only store reads through read-only connections and writes nothing") {
  Populated p;
  store::SqliteStore read_only(p.path, store::OpenMode::kReadOnly, 2);
  const auto settings = read_only.ConnectionSettingsInForce();
  REQUIRE(settings.size() == 1);  // no writer; the reader opened to check the schema
  CheckDurable(settings[0]);
  CHECK(read_only.Head().hash == p.store.Head().hash);
  CHECK_THROWS_AS(read_only.RevokeToken(1, "2026-12-01"), std::logic_error);
}

TEST_CASE("a stale append changes nothing") {
  Populated p;
  const auto before = p.store.Head();
  const auto a = *p.store.Load(p.ids[0]);
  auto d =
      engine::Decide(a, {EventType::kCancel, {{"reason", "x"}}, Owner(), "r"}, TestPack(), kNow);
  REQUIRE(d.ok());
  d.value().version = a.version;  // as if decided on an older version
  CHECK_THROWS_AS(p.store.Append(d.value(), engine::Apply(a, d.value())), store::VersionConflict);
  CHECK(p.store.Head().length == before.length);
  CHECK(p.store.Load(p.ids[0])->state == a.state);
}

}  // namespace
}  // namespace ictgate

#include "store/sqlite_store.h"

#include <algorithm>

#include <cstdio>

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <SQLiteCpp/VariadicBind.h>

#include "engine/eligibility.h"
#include "store/database.h"
#include "store/group_commit.h"
#include "store/migrations.h"
#include "store/statement_cache.h"

namespace ictgate::store {
namespace {

using nlohmann::json;

constexpr const char* kEventColumns =
    "seq, activity_id, version, type, from_state, to_state, actor_name, actor_role,"
    " actor_department, request_id, payload, derived, at, prev_hash, hash";

// Reads a row selected with kEventColumns. Throws std::runtime_error (or a
// json exception) when a column no longer parses.
ChainedEvent ReadEvent(SQLite::Statement& q) {
  const auto col = [&q](int i) { return q.getColumn(i); };
  ChainedEvent c;
  c.seq = col(0).getInt64();
  engine::Event& e = c.event;
  e.activity_id = col(1).getString();
  e.version = col(2).getInt64();
  const auto type = engine::ParseEventType(col(3).getString());
  const auto from = engine::ParseState(col(4).getString());
  const auto to = engine::ParseState(col(5).getString());
  const auto role = engine::ParseRole(col(7).getString());
  const auto at = engine::ParseInstant(col(12).getString());
  if (!type || !from || !to || !role || !at) {
    throw std::runtime_error("unknown type, state, role or time");
  }
  e.type = *type;
  e.from = *from;
  e.to = *to;
  e.actor = {col(6).getString(), *role, col(8).getString()};
  e.request_id = col(9).getString();
  e.payload = json::parse(col(10).getString());
  e.derived = json::parse(col(11).getString());
  e.at = *at;
  c.prev_hash = col(13).getString();
  c.hash = col(14).getString();
  return c;
}

// The last entry, or its tombstone (migrations/0011): each side is one
// step down its primary key.
constexpr const char* kHeadQuery =
    "SELECT seq, hash FROM ("
    " SELECT * FROM (SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1) UNION ALL"
    " SELECT * FROM (SELECT seq, hash FROM chain_tombstones ORDER BY seq DESC LIMIT 1))"
    " ORDER BY seq DESC LIMIT 1";

ChainHead ReadHead(SQLite::Statement& q) {
  ChainHead head;
  if (q.executeStep()) head = {q.getColumn(0).getInt64(), q.getColumn(1).getString()};
  return head;
}

std::string FormatId(const std::string& department, int year, int64_t number) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "-%04d-%04lld", year, static_cast<long long>(number));
  return department + buf;
}

// Binds the eligibility columns at `first` and `first + 1`: the answer at
// the activity's last write, and when it stops holding (NULL: at its next
// event). migrations/0005_stored_eligibility.sql.
void BindEligibility(SQLite::Statement& q, int first, const engine::Activity& a) {
  q.bind(first,
         std::string(engine::EligibilityStatusName(engine::EligibilityAt(a, a.updated_at).status)));
  if (const auto until = engine::EligibilityChangesAt(a, a.updated_at)) {
    q.bind(first + 1, engine::FormatInstant(*until));
  } else {
    q.bind(first + 1);
  }
}

// Opens read connections for the pool, with the settings of every
// connection (OpenDatabase). Never creates the file: a reader opened after
// the database vanished fails instead of reading an empty one. Throws
// Unavailable naming the file, as every read does when it cannot answer.
ReadPool::Opener ReaderOpener(const std::string& path, OpenMode mode) {
  return [path, mode] {
    try {
      return OpenDatabase(path, mode, IfMissing::kFail);
    } catch (const std::exception& e) {
      throw Unavailable(path + ": " + e.what());
    }
  };
}

}  // namespace

SqliteStore::SqliteStore(const std::string& path, OpenMode mode, int read_connections) try
    : readers_(ReaderOpener(path, mode), read_connections) {
  if (mode == OpenMode::kReadOnly) {
    const auto reader = readers_.Acquire();
    RequireCurrent(*reader, EmbeddedMigrations());
    return;
  }
  writer_ = OpenDatabase(path);
  // What a write frees is overwritten, not left in free space: an erased
  // name (EraseActor) must leave no bytes behind.
  writer_->exec("PRAGMA secure_delete = ON");
  Migrate(*writer_, EmbeddedMigrations());
  statements_ = std::make_unique<StatementCache>(*writer_);
  commits_ = std::make_unique<GroupCommit>(*writer_, write_mutex_);
  // One reader now, after the writer created the file: a database that
  // cannot be read fails at start, not in the first request.
  const auto first_reader = readers_.Acquire();
} catch (const SQLite::Exception& e) {
  throw Unavailable(path + ": " + e.what());
}

void SqliteStore::LimitSize(int64_t max_bytes) try {
  std::lock_guard<std::mutex> lock(write_mutex_);
  const int64_t page = Writer().execAndGet("PRAGMA page_size").getInt64();
  Writer().exec("PRAGMA max_page_count = " +
                std::to_string(std::max<int64_t>(1, max_bytes / page)));
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

GroupCommit::Counts SqliteStore::GroupCommitCounts() const {
  return commits_ ? commits_->counts() : GroupCommit::Counts{};
}

SQLite::Database& SqliteStore::Writer() {
  if (!writer_) throw std::logic_error("the store was opened read-only");
  return *writer_;
}

SqliteStore::~SqliteStore() = default;

// Chains and inserts one event; the caller holds the write lock and the
// transaction.
ChainHead SqliteStore::WriterHead() {
  return ReadHead(*statements_->Get(kHeadQuery));
}

ChainedEvent SqliteStore::InsertEvent(const engine::Event& e) {
  const ChainHead head = WriterHead();
  const int64_t seq = head.length + 1;
  ChainedEvent chained{seq, e, head.hash, ChainHash(head.hash, seq, e)};
  InsertChained(chained);
  RecordPendingActor(e.actor.name);
  return chained;
}

// Inserts an entry as given; the caller holds the write lock and the
// transaction.
void SqliteStore::InsertChained(const ChainedEvent& c) {
  const engine::Event& e = c.event;
  static const std::string kInsert = std::string("INSERT INTO events (") + kEventColumns +
                                     ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
  const StatementCache::Use ins = statements_->Get(kInsert);
  SQLite::bind(*ins, c.seq, e.activity_id, e.version, std::string(engine::EventTypeName(e.type)),
               std::string(engine::StateName(e.from)), std::string(engine::StateName(e.to)),
               e.actor.name, std::string(engine::RoleName(e.actor.role)), e.actor.department,
               e.request_id, e.payload.dump(), e.derived.dump(), engine::FormatInstant(e.at),
               c.prev_hash, c.hash);
  ins->exec();
}

void SqliteStore::InsertDocument(const DocumentContent& d) {
  const StatementCache::Use insert = statements_->Get(
      "INSERT INTO document_contents (sha256, media_type, size_bytes, content)"
      " VALUES (?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING");
  insert->bind(1, d.sha256);
  insert->bind(2, d.media_type);
  insert->bind(3, static_cast<int64_t>(d.bytes.size()));
  insert->bind(4, d.bytes.data(), static_cast<int>(d.bytes.size()));
  insert->exec();
}

std::optional<DocumentContent> SqliteStore::Document(const std::string& sha256) try {
  const auto reader = readers_.Acquire();
  SQLite::Statement q(*reader,
                      "SELECT media_type, content FROM document_contents WHERE sha256 = ?");
  q.bind(1, sha256);
  if (!q.executeStep()) return std::nullopt;
  const SQLite::Column content = q.getColumn(1);
  return DocumentContent{sha256, q.getColumn(0).getString(),
                         std::string(static_cast<const char*>(content.getBlob()),
                                     static_cast<size_t>(content.getBytes()))};
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

void SqliteStore::InsertActivity(const engine::Activity& a) {
  const StatementCache::Use ins = statements_->Get(
      "INSERT INTO activities (id, department, state, version, record,"
      " created_at, updated_at, eligibility, eligibility_until)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  SQLite::bind(*ins, a.id, a.department, std::string(engine::StateName(a.state)), a.version,
               engine::ToJson(a).dump(), engine::FormatInstant(a.created_at),
               engine::FormatInstant(a.updated_at));
  BindEligibility(*ins, 8, a);
  ins->exec();
}

void SqliteStore::WriteAnswers(const engine::Activity& a, const engine::RenderedAnswers* answers) {
  if (!answers) {
    const StatementCache::Use del =
        statements_->Get("DELETE FROM activity_answers WHERE activity_id = ?");
    del->bind(1, a.id);
    del->exec();
    return;
  }
  // Written only while the activity is at the version they answer for: a
  // read that rendered them may finish after the next write.
  const StatementCache::Use keep = statements_->Get(
      "INSERT INTO activity_answers (activity_id, version, department, state, pack_hash,"
      " pinned, from_ms, until_ms, gate, eligibility)"
      " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10"
      " WHERE EXISTS (SELECT 1 FROM activities WHERE id = ?1 AND version = ?2)"
      " ON CONFLICT (activity_id) DO UPDATE SET version = excluded.version,"
      " department = excluded.department, state = excluded.state,"
      " pack_hash = excluded.pack_hash, pinned = excluded.pinned, from_ms = excluded.from_ms,"
      " until_ms = excluded.until_ms, gate = excluded.gate, eligibility = excluded.eligibility");
  const engine::AnswerTerms& terms = answers->terms;
  SQLite::bind(*keep, a.id, a.version, a.department, std::string(engine::StateName(a.state)),
               terms.pack_hash, terms.pinned ? 1 : 0,
               static_cast<int64_t>(terms.from.time_since_epoch().count()));
  if (terms.until) {
    keep->bind(8, static_cast<int64_t>(terms.until->time_since_epoch().count()));
  }
  keep->bind(9, answers->gate);
  keep->bind(10, answers->eligibility);
  keep->exec();
}

std::pair<engine::Activity, ChainedEvent> SqliteStore::Create(
    engine::Event event, engine::Activity created, const std::optional<IdempotencyClaim>& claim,
    const AnswerRenderer& render) try {
  Writer();
  ChainedEvent chained;
  // The body runs in the group's transaction, on the leader's thread; this
  // thread waits in Run, so the body may fill its locals.
  commits_->Run([&](SQLite::Database&) {
    RefuseClaimedKey(claim);
    const int year = std::stoi(engine::FormatDate(engine::DateOf(event.at)).substr(0, 4));
    std::string id;
    {
      const StatementCache::Use next = statements_->Get(
          "INSERT INTO activity_counters (department, year, last) VALUES (?, ?, 1)"
          " ON CONFLICT (department, year) DO UPDATE SET last = last + 1"
          " RETURNING last");
      next->bind(1, created.department);
      next->bind(2, year);
      next->executeStep();
      id = FormatId(created.department, year, next->getColumn(0).getInt64());
    }
    event.activity_id = id;
    created.id = id;
    InsertActivity(created);
    if (render) {
      const engine::RenderedAnswers answers = render(created);
      WriteAnswers(created, &answers);
    }
    chained = InsertEvent(event);
    if (claim) InsertClaim(*claim, chained, created);
  });
  activities_.Put(std::make_shared<const engine::Activity>(created));
  return {std::move(created), std::move(chained)};
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

std::vector<ChainedEvent> SqliteStore::AppendAll(const std::vector<Write>& writes,
                                                 const std::optional<IdempotencyClaim>& claim) try {
  Writer();
  // The records are serialised before joining the group: the group's
  // transaction then spends only the inserts and the commit.
  std::vector<std::string> records;
  records.reserve(writes.size());
  for (const auto& write : writes) records.push_back(engine::ToJson(write.after).dump());
  std::vector<ChainedEvent> chained;
  commits_->Run([&](SQLite::Database&) {
    RefuseClaimedKey(claim);
    for (size_t i = 0; i < writes.size(); ++i) {
      const auto& [event, after, notifications, answers, documents] = writes[i];
      const StatementCache::Use upd = statements_->Get(
          "UPDATE activities SET state = ?1, version = ?2, record = ?3,"
          " updated_at = ?4, eligibility = ?7, eligibility_until = ?8"
          " WHERE id = ?5 AND version = ?6");
      SQLite::bind(*upd, std::string(engine::StateName(after.state)), after.version, records[i],
                   engine::FormatInstant(after.updated_at), event.activity_id, event.version - 1);
      BindEligibility(*upd, 7, after);
      // Leaving by exception rolls this write's savepoint back: nothing of
      // it is written, and the rest of the group is unaffected.
      if (upd->exec() != 1) {
        throw VersionConflict("activity " + event.activity_id + " is no longer at version " +
                              std::to_string(event.version - 1));
      }
      WriteAnswers(after, answers ? &*answers : nullptr);
      for (const auto& document : documents) InsertDocument(document);
      chained.push_back(InsertEvent(event));
      InsertMessages(notifications, chained.back());
    }
    if (claim && !writes.empty()) InsertClaim(*claim, chained.front(), writes.front().after);
  });
  // Durable now: the next transition of these activities parses nothing.
  for (const auto& write : writes) {
    activities_.Put(std::make_shared<const engine::Activity>(write.after));
  }
  return chained;
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

std::optional<engine::Activity> SqliteStore::Load(const std::string& id) {
  return LoadThrough(id, true);
}

std::optional<engine::Activity> SqliteStore::LoadUncached(const std::string& id) {
  return LoadThrough(id, false);
}

namespace {

// The kept answer in columns `first` on of `q`: department, state, pack_hash,
// pinned, from_ms, until_ms, and the text. nullopt when they are NULL (a
// LEFT JOIN found none).
std::optional<StoredAnswer> ReadAnswer(SQLite::Statement& q, int first) {
  if (q.getColumn(first).isNull()) return std::nullopt;
  const auto instant = [](int64_t ms) { return engine::Instant(std::chrono::milliseconds(ms)); };
  StoredAnswer answer;
  answer.department = q.getColumn(first).getString();
  const auto state = engine::ParseState(q.getColumn(first + 1).getString());
  if (!state) throw Unavailable("a kept answer names no state");
  answer.state = *state;
  answer.terms.pack_hash = q.getColumn(first + 2).getString();
  answer.terms.pinned = q.getColumn(first + 3).getInt() != 0;
  answer.terms.from = instant(q.getColumn(first + 4).getInt64());
  if (!q.getColumn(first + 5).isNull()) {
    answer.terms.until = instant(q.getColumn(first + 5).getInt64());
  }
  answer.text = q.getColumn(first + 6).getString();
  return answer;
}

}  // namespace

std::optional<StoredAnswer> SqliteStore::Answer(const std::string& id, AnswerKind kind) try {
  auto reader = readers_.Acquire();
  // Only the text asked for: the other is as long.
  auto q = reader.statements().Get(
      kind == AnswerKind::kGate
          ? "SELECT department, state, pack_hash, pinned, from_ms, until_ms, gate"
            " FROM activity_answers WHERE activity_id = ?"
          : "SELECT department, state, pack_hash, pinned, from_ms, until_ms, eligibility"
            " FROM activity_answers WHERE activity_id = ?");
  q->bind(1, id);
  if (!q->executeStep()) return std::nullopt;
  return ReadAnswer(*q, 0);
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

std::vector<AnswerEntry> SqliteStore::EligibilityAnswers(const std::string& department,
                                                         const std::string& after_id,
                                                         int64_t limit) try {
  auto reader = readers_.Acquire();
  // "?1 = '' OR" keeps SQLite on the primary key, in id order from the
  // cursor, rather than on the department's index and a sort of all of it.
  // The version is checked again: an answer of another version is none.
  auto q = reader.statements().Get(
      "SELECT a.id, s.department, s.state, s.pack_hash, s.pinned, s.from_ms, s.until_ms,"
      " s.eligibility FROM activities a LEFT JOIN activity_answers s"
      " ON s.activity_id = a.id AND s.version = a.version"
      " WHERE (?1 = '' OR a.department = ?1) AND a.id > ?2 ORDER BY a.id LIMIT ?3");
  SQLite::bind(*q, department, after_id, limit);
  std::vector<AnswerEntry> entries;
  while (q->executeStep()) entries.push_back({q->getColumn(0).getString(), ReadAnswer(*q, 1)});
  return entries;
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

void SqliteStore::KeepAnswers(const engine::Activity& activity,
                              const engine::RenderedAnswers& answers) try {
  if (!writer_) return;
  // Through the group commit: reads that render again at once (after a
  // deadline, or a new pack) share one transaction and one fsync.
  commits_->Run([&](SQLite::Database&) { WriteAnswers(activity, &answers); });
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

std::optional<int64_t> SqliteStore::VersionOn(ReadPool::Lease& reader, const std::string& id) {
  auto probe = reader.statements().Get("SELECT version FROM activities WHERE id = ?");
  probe->bind(1, id);
  if (!probe->executeStep()) return std::nullopt;
  return probe->getColumn(0).getInt64();
}

std::optional<engine::Activity> SqliteStore::LoadThrough(const std::string& id,
                                                         bool use_cache) try {
  auto reader = readers_.Acquire();
  if (use_cache) {
    // The version alone first: a hit then reads no record (a record of
    // several KB spills onto overflow pages, which a row read would fetch).
    const auto version = VersionOn(reader, id);
    if (!version) return std::nullopt;
    if (auto cached = activities_.Find(id, *version)) return *cached;
  }
  // A write may land between the probe and this read: the version cached
  // is the one read with the record.
  auto q = reader.statements().Get("SELECT version, record FROM activities WHERE id = ?");
  q->bind(1, id);
  if (!q->executeStep()) return std::nullopt;
  auto parsed = std::make_shared<const engine::Activity>(
      engine::ActivityFromJson(json::parse(q->getColumn(1).getString())));
  // Cached only when it is what the row's version says; an uncached read
  // may be of a record edited behind the store's back.
  if (use_cache) activities_.Put(parsed);
  return *parsed;
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

std::vector<engine::Activity> SqliteStore::List(const ActivityFilter& f) try {
  const auto reader = readers_.Acquire();
  SQLite::Statement q(*reader,
                      "SELECT record FROM activities WHERE (?1 = '' OR department = ?1)"
                      " AND (?2 = '' OR state = ?2) AND id > ?3"
                      " AND (?5 = '' OR coalesce(json_extract(record, '$.verdict.recorded'),"
                      " 'none') = ?5)"
                      " AND (?6 = 0 OR json_array_length(record, '$.conditions') > 0)"
                      " ORDER BY id LIMIT ?4");
  SQLite::bind(q, f.department, f.state ? std::string(engine::StateName(*f.state)) : std::string(),
               f.after_id, f.limit, f.verdict, f.with_conditions ? 1 : 0);
  std::vector<engine::Activity> out;
  while (q.executeStep()) {
    out.push_back(engine::ActivityFromJson(json::parse(q.getColumn(0).getString())));
  }
  return out;
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

std::vector<ChainedEvent> SqliteStore::Events(const std::string& activity_id) try {
  const auto reader = readers_.Acquire();
  SQLite::Statement q(*reader, std::string("SELECT ") + kEventColumns +
                                   " FROM events WHERE activity_id = ? ORDER BY version");
  q.bind(1, activity_id);
  std::vector<ChainedEvent> out;
  while (q.executeStep()) out.push_back(ReadEvent(q));
  return out;
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

std::vector<std::string> SqliteStore::ActivityIds() try {
  const auto reader = readers_.Acquire();
  SQLite::Statement q(*reader, "SELECT id FROM activities ORDER BY id");
  std::vector<std::string> ids;
  while (q.executeStep()) ids.push_back(q.getColumn(0).getString());
  return ids;
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

// The walk holds its connection (and its snapshot) until it ends: a `visit`
// that reads through the store meanwhile takes a second connection, and
// waits for one when the pool is exhausted.
void SqliteStore::ForEachEvent(const std::function<void(const ChainedEvent&)>& visit,
                               RecordState* state) try {
  const auto reader = readers_.Acquire();
  SQLite::Transaction snapshot(*reader);
  if (state) *state = {TombstonesOn(*reader), RecordLogOn(*reader)};
  SQLite::Statement q(*reader,
                      std::string("SELECT ") + kEventColumns + " FROM events ORDER BY seq");
  while (q.executeStep()) visit(ReadEvent(q));
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

void SqliteStore::Import(const Imported& imported) try {
  std::lock_guard<std::mutex> lock(write_mutex_);
  SQLite::Transaction tx(Writer(), SQLite::TransactionBehavior::IMMEDIATE);
  const int64_t present = writer_
                              ->execAndGet(
                                  "SELECT (SELECT count(*) FROM activities) +"
                                  " (SELECT count(*) FROM events) +"
                                  " (SELECT count(*) FROM record_log)")
                              .getInt64();
  if (present != 0) throw std::runtime_error("the database is not empty: import needs a new one");
  for (const auto& a : imported.records) InsertActivity(a);
  bool names_people = false;
  for (const auto& entry : imported.chain) {
    InsertChained(entry);
    const engine::Actor& actor = entry.event.actor;
    names_people = names_people || (actor.role != engine::Role::kSystem && !IsActorId(actor.name));
  }
  // An export from before pseudonyms: the next writable open makes it one.
  if (names_people) writer_->exec("INSERT OR IGNORE INTO names_in_chain VALUES (1)");
  for (const auto& document : imported.documents) InsertDocument(document);
  SQLite::Statement actor(*writer_, "INSERT INTO actors (id, name) VALUES (?, ?)");
  for (const auto& a : imported.actors) {
    SQLite::bind(actor, a.id, *a.name);
    actor.exec();
    actor.reset();
  }
  for (const auto& entry : imported.record_log) InsertRecordEntry(entry);
  for (const auto& t : imported.tombstones) InsertTombstone(t);
  // New ids continue after the imported ones, and after those destroyed:
  // an id is never handed out twice. DEPT-YYYY-NNNN.
  writer_->exec(
      "INSERT INTO activity_counters (department, year, last)"
      " SELECT department, CAST(substr(id, length(department) + 2, 4) AS INTEGER),"
      " max(CAST(substr(id, length(department) + 7) AS INTEGER))"
      " FROM (SELECT department, id FROM activities UNION"
      // A department code is letters only (engine::IsDepartmentCode).
      " SELECT substr(activity_id, 1, instr(activity_id, '-') - 1), activity_id"
      " FROM chain_tombstones)"
      " GROUP BY 1, 2");
  tx.commit();
  activities_.Clear();
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

ChainVerification SqliteStore::VerifyChain() try {
  const auto reader = readers_.Acquire();
  // One read transaction: the walk sees a single snapshot even while the
  // service keeps appending.
  SQLite::Transaction snapshot(*reader);
  ChainVerifier verifier(TombstonesOn(*reader));
  SQLite::Statement q(*reader,
                      std::string("SELECT ") + kEventColumns + " FROM events ORDER BY seq");
  while (q.executeStep()) {
    const int64_t seq = q.getColumn(0).getInt64();
    try {
      if (!verifier.Add(ReadEvent(q))) break;
    } catch (const std::exception& e) {
      verifier.Unreadable(seq, e.what());
      break;
    }
  }
  return verifier.Finish();
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

std::vector<ChainedEvent> SqliteStore::ChainEntries(int64_t from_seq, int64_t limit) try {
  const auto reader = readers_.Acquire();
  SQLite::Statement q(*reader, std::string("SELECT ") + kEventColumns +
                                   " FROM events WHERE seq >= ? ORDER BY seq LIMIT ?");
  q.bind(1, from_seq);
  q.bind(2, limit);
  std::vector<ChainedEvent> out;
  while (q.executeStep()) out.push_back(ReadEvent(q));
  return out;
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

ChainHead SqliteStore::Head() try {
  const auto reader = readers_.Acquire();
  auto q = reader.statements().Get(kHeadQuery);
  return ReadHead(*q);
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

}  // namespace ictgate::store

namespace ictgate::store {

std::vector<ConnectionSettings> SqliteStore::ConnectionSettingsInForce() try {
  std::lock_guard<std::mutex> write_lock(write_mutex_);
  std::vector<ConnectionSettings> settings;
  if (writer_) settings.push_back(ReadSettings(*writer_));
  readers_.ForEachOpen([&](SQLite::Database& db) { settings.push_back(ReadSettings(db)); });
  return settings;
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

}  // namespace ictgate::store

namespace ictgate::store {
namespace {

constexpr const char* kPackColumns =
    "id, version, content_hash, content, effective_from, registered_at";

StoredPack ReadPack(SQLite::Statement& q) {
  return {q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
          q.getColumn(3).getString(), q.getColumn(4).getString(), q.getColumn(5).getString()};
}

}  // namespace

std::optional<StoredPack> SqliteStore::RegisterPack(const StoredPack& pack) try {
  std::lock_guard<std::mutex> lock(write_mutex_);
  SQLite::Transaction tx(Writer(), SQLite::TransactionBehavior::IMMEDIATE);
  SQLite::Statement find(*writer_, std::string("SELECT ") + kPackColumns +
                                       " FROM policy_packs WHERE id = ? AND version = ?");
  find.bind(1, pack.id);
  find.bind(2, pack.version);
  if (find.executeStep()) return ReadPack(find);
  SQLite::Statement ins(*writer_, std::string("INSERT INTO policy_packs (") + kPackColumns +
                                      ") VALUES (?, ?, ?, ?, ?, ?)");
  SQLite::bind(ins, pack.id, pack.version, pack.content_hash, pack.content, pack.effective_from,
               pack.registered_at);
  ins.exec();
  tx.commit();
  return std::nullopt;
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

std::vector<StoredPack> SqliteStore::Packs() try {
  const auto reader = readers_.Acquire();
  SQLite::Statement q(
      *reader, std::string("SELECT ") + kPackColumns + " FROM policy_packs ORDER BY id, version");
  std::vector<StoredPack> out;
  while (q.executeStep()) out.push_back(ReadPack(q));
  return out;
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

}  // namespace ictgate::store

namespace ictgate::store {

void SqliteStore::InsertClaim(const IdempotencyClaim& claim, const ChainedEvent& event,
                              const engine::Activity& activity) {
  const StatementCache::Use ins = statements_->Get(
      "INSERT INTO idempotency_keys (principal, key, request_hash, status, seq,"
      " activity, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  SQLite::bind(*ins, claim.principal, claim.key, claim.request_hash, claim.status, event.seq,
               engine::ToJson(activity).dump(), engine::FormatInstant(event.event.at));
  ins->exec();
}

std::optional<IdempotencyRecord> SqliteStore::FindIdempotencyKey(const std::string& principal,
                                                                 const std::string& key) try {
  const auto reader = readers_.Acquire();
  return FindClaimOn(*reader, principal, key);
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

std::optional<IdempotencyRecord> SqliteStore::FindClaimOn(SQLite::Database& db,
                                                          const std::string& principal,
                                                          const std::string& key) {
  SQLite::Statement q(db,
                      "SELECT request_hash, status, activity, seq FROM idempotency_keys"
                      " WHERE principal = ? AND key = ?");
  q.bind(1, principal);
  q.bind(2, key);
  if (!q.executeStep()) return std::nullopt;
  IdempotencyRecord r;
  r.request_hash = q.getColumn(0).getString();
  r.status = q.getColumn(1).getInt();
  r.activity = engine::ActivityFromJson(json::parse(q.getColumn(2).getString()));
  SQLite::Statement event(db,
                          std::string("SELECT ") + kEventColumns + " FROM events WHERE seq = ?");
  event.bind(1, q.getColumn(3).getInt64());
  if (!event.executeStep()) throw std::logic_error("an idempotency key names a missing event");
  r.event = ReadEvent(event);
  return r;
}

// Inside the write transaction: a key claimed meanwhile (a concurrent retry
// that committed first) means this request must not act again.
void SqliteStore::RefuseClaimedKey(const std::optional<IdempotencyClaim>& claim) {
  if (!claim) return;
  if (auto record = FindClaimOn(*writer_, claim->principal, claim->key)) {
    throw KeyAlreadyClaimed(std::move(*record));
  }
}

}  // namespace ictgate::store

namespace ictgate::store {

std::map<std::string, int64_t> SqliteStore::EventCounts() try {
  const auto reader = readers_.Acquire();
  SQLite::Statement q(*reader, "SELECT type, count(*) FROM events GROUP BY type");
  std::map<std::string, int64_t> counts;
  while (q.executeStep()) counts[q.getColumn(0).getString()] = q.getColumn(1).getInt64();
  return counts;
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

StoredEligibilityCounts SqliteStore::EligibilityCounts(const std::string& department,
                                                       const std::string& now) try {
  const auto reader = readers_.Acquire();
  // One read transaction: the counts and the stale ids are of one snapshot.
  SQLite::Transaction snapshot(*reader);
  std::vector<std::string> departments;
  if (department.empty()) {
    SQLite::Statement all(*reader, "SELECT department FROM eligibility_counts GROUP BY department");
    while (all.executeStep()) departments.push_back(all.getColumn(0).getString());
  } else {
    departments.push_back(department);
  }
  // Per department, so that every statement is a range of an index: the
  // counts kept by migration 0007's triggers, less the stored answers that
  // ran out (one range of eligibility_until per status), and the rows never
  // judged.
  SQLite::Statement kept(*reader,
                         "SELECT eligibility, n FROM eligibility_counts"
                         " WHERE department = ?1 AND eligibility <> '' AND n > 0");
  SQLite::Statement ran_out(*reader,
                            "SELECT id, eligibility FROM activities WHERE department = ?1"
                            " AND eligibility IN (SELECT eligibility FROM eligibility_counts"
                            " WHERE department = ?1 AND eligibility <> '')"
                            " AND eligibility_until <= ?2");
  SQLite::Statement never(
      *reader, "SELECT id FROM activities WHERE department = ?1 AND eligibility IS NULL");
  StoredEligibilityCounts counts;
  for (const std::string& d : departments) {
    kept.reset();
    ran_out.reset();
    never.reset();
    kept.bind(1, d);
    ran_out.bind(1, d);
    ran_out.bind(2, now);
    never.bind(1, d);
    while (kept.executeStep())
      counts.holding[kept.getColumn(0).getString()] += kept.getColumn(1).getInt64();
    while (ran_out.executeStep()) {
      counts.stale_ids.push_back(ran_out.getColumn(0).getString());
      --counts.holding[ran_out.getColumn(1).getString()];
    }
    while (never.executeStep()) counts.stale_ids.push_back(never.getColumn(0).getString());
  }
  snapshot.commit();
  for (auto it = counts.holding.begin(); it != counts.holding.end();) {
    it = it->second > 0 ? std::next(it) : counts.holding.erase(it);
  }
  std::sort(counts.stale_ids.begin(), counts.stale_ids.end());
  return counts;
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

void SqliteStore::RefreshEligibility(const std::vector<EligibilityRefresh>& answers) try {
  if (!writer_ || answers.empty()) return;
  std::lock_guard<std::mutex> lock(write_mutex_);
  SQLite::Transaction tx(*writer_, SQLite::TransactionBehavior::IMMEDIATE);
  SQLite::Statement upd(*writer_,
                        "UPDATE activities SET eligibility = ?, eligibility_until = ?"
                        " WHERE id = ? AND version = ?");
  for (const auto& a : answers) {
    upd.reset();
    upd.bind(1, a.status);
    if (a.until) {
      upd.bind(2, *a.until);
    } else {
      upd.bind(2);
    }
    upd.bind(3, a.activity_id);
    upd.bind(4, a.version);
    upd.exec();
  }
  tx.commit();
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

}  // namespace ictgate::store

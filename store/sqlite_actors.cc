// SqliteStore's people: pseudonyms, erasure, the pseudonymisation of an old
// chain, and the record log (migrations/0010).
#include <algorithm>
#include <cctype>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <SQLiteCpp/VariadicBind.h>

#include "common/hex.h"
#include "common/sha256.h"
#include "store/sqlite_store.h"

namespace ictgate::store {
namespace {

constexpr char kActorPrefix[] = "actor-";
constexpr size_t kActorHexDigits = 32;

RecordEntry ReadEntry(SQLite::Statement& q) {
  RecordEntry e;
  e.seq = q.getColumn(0).getInt64();
  e.kind = q.getColumn(1).getString();
  e.subject = q.getColumn(2).getString();
  e.detail = nlohmann::json::parse(q.getColumn(3).getString());
  e.at = q.getColumn(4).getString();
  e.chain = {q.getColumn(5).getInt64(), q.getColumn(6).getString()};
  e.prev_hash = q.getColumn(7).getString();
  e.hash = q.getColumn(8).getString();
  return e;
}

constexpr const char* kEntryColumns =
    "seq, kind, subject, detail, at, chain_length, chain_hash, prev_hash, hash";

// `text` with every JSON string equal to `from` made `to`: a name kept in
// an outbox body becomes its pseudonym.
std::string ReplaceJsonString(std::string text, const std::string& from, const std::string& to) {
  const std::string quoted_from = nlohmann::json(from).dump();
  const std::string quoted_to = nlohmann::json(to).dump();
  for (size_t at = text.find(quoted_from); at != std::string::npos;
       at = text.find(quoted_from, at + quoted_to.size())) {
    text.replace(at, quoted_from.size(), quoted_to);
  }
  return text;
}

}  // namespace

bool IsActorId(const std::string& text) {
  const size_t prefix = sizeof kActorPrefix - 1;
  return text.size() == prefix + kActorHexDigits && text.compare(0, prefix, kActorPrefix) == 0 &&
         std::all_of(text.begin() + prefix, text.end(),
                     [](char c) { return std::isdigit(c) || (c >= 'a' && c <= 'f'); });
}

// Appends `entry` (kind, subject, detail, at) to the record log with the
// event chain's head; the caller holds the write lock and the transaction.
RecordEntry SqliteStore::AppendRecordEntry(RecordEntry entry) {
  SQLite::Database& db = Writer();
  entry.chain = WriterHead();
  SQLite::Statement last(db, "SELECT seq, hash FROM record_log ORDER BY seq DESC LIMIT 1");
  entry.seq = 1;
  entry.prev_hash = kGenesisHash;
  if (last.executeStep()) {
    entry.seq = last.getColumn(0).getInt64() + 1;
    entry.prev_hash = last.getColumn(1).getString();
  }
  entry.hash = RecordEntryHash(entry);
  InsertRecordEntry(entry);
  return entry;
}

void SqliteStore::InsertRecordEntry(const RecordEntry& entry) {
  SQLite::Statement ins(Writer(), std::string("INSERT INTO record_log (") + kEntryColumns +
                                      ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  SQLite::bind(ins, entry.seq, entry.kind, entry.subject, entry.detail.dump(), entry.at,
               entry.chain.length, entry.chain.hash, entry.prev_hash, entry.hash);
  ins.exec();
}

void SqliteStore::WithoutAppendOnlyTriggers(SQLite::Database& db,
                                            const std::function<void()>& rewrite) {
  std::vector<std::pair<std::string, std::string>> triggers;
  {
    SQLite::Statement q(db,
                        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
                        " AND tbl_name = 'events'");
    while (q.executeStep())
      triggers.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getString());
  }
  for (const auto& [trigger, sql] : triggers) db.exec("DROP TRIGGER " + trigger);
  rewrite();
  for (const auto& [trigger, sql] : triggers) db.exec(sql);
}

void SqliteStore::EmptyWal(SQLite::Database& db) {
  // A read that holds an older snapshot keeps the checkpoint from
  // finishing (busy); reads are short, so try again for a while.
  for (int attempt = 0; attempt < 100; ++attempt) {
    SQLite::Statement checkpoint(db, "PRAGMA wal_checkpoint(TRUNCATE)");
    if (checkpoint.executeStep() && checkpoint.getColumn(0).getInt() == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

std::string SqliteStore::ActorId(const std::string& name) try {
  {
    const auto reader = readers_.Acquire();
    const auto q = reader.statements().Get("SELECT id FROM actors WHERE name = ?");
    q->bind(1, name);
    if (q->executeStep()) return q->getColumn(0).getString();
  }
  // Written with the first event that names it (RecordPendingActor), so a
  // refused command leaves no trace of its sender.
  std::lock_guard<std::mutex> lock(pending_actors_mutex_);
  std::string& id = pending_ids_[name];
  if (id.empty()) {
    id = kActorPrefix + RandomHex(kActorHexDigits / 2);
    pending_names_[id] = name;
  }
  return id;
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

void SqliteStore::RecordPendingActor(const std::string& id) {
  std::string name;
  {
    std::lock_guard<std::mutex> lock(pending_actors_mutex_);
    const auto it = pending_names_.find(id);
    if (it == pending_names_.end()) return;
    name = it->second;
  }
  const StatementCache::Use ins =
      statements_->Get("INSERT INTO actors (id, name) VALUES (?, ?) ON CONFLICT (id) DO NOTHING");
  SQLite::bind(*ins, id, name);
  ins->exec();
}

void SqliteStore::ForgetPendingActor(const std::string& name) {
  std::lock_guard<std::mutex> lock(pending_actors_mutex_);
  const auto it = pending_ids_.find(name);
  if (it == pending_ids_.end()) return;
  pending_names_.erase(it->second);
  pending_ids_.erase(it);
}

std::map<std::string, std::string> SqliteStore::ActorNames(const std::set<std::string>& ids) try {
  std::map<std::string, std::string> names;
  if (ids.empty()) return names;
  const auto reader = readers_.Acquire();
  const auto q =
      reader.statements().Get("SELECT name FROM actors WHERE id = ? AND name IS NOT NULL");
  for (const auto& id : ids) {
    q->bind(1, id);
    if (q->executeStep()) names[id] = q->getColumn(0).getString();
    q->reset();
  }
  return names;
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

std::vector<ActorRecord> SqliteStore::Actors() try {
  const auto reader = readers_.Acquire();
  SQLite::Statement q(*reader, "SELECT id, name, erased_at FROM actors ORDER BY id");
  std::vector<ActorRecord> out;
  while (q.executeStep()) {
    ActorRecord a{q.getColumn(0).getString(), std::nullopt, std::nullopt};
    if (!q.getColumn(1).isNull()) a.name = q.getColumn(1).getString();
    if (!q.getColumn(2).isNull()) a.erased_at = q.getColumn(2).getString();
    out.push_back(std::move(a));
  }
  return out;
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

std::optional<ActorErasure> SqliteStore::EraseActor(const std::string& name, const std::string& at,
                                                    const nlohmann::json& reason) try {
  ForgetPendingActor(name);
  std::lock_guard<std::mutex> lock(write_mutex_);
  SQLite::Database& db = Writer();
  ActorErasure erased;
  {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement find(db, "SELECT id FROM actors WHERE name = ?");
    find.bind(1, name);
    if (!find.executeStep()) return std::nullopt;
    erased.actor_id = find.getColumn(0).getString();
    SQLite::Statement forget(db, "UPDATE actors SET name = NULL, erased_at = ? WHERE id = ?");
    SQLite::bind(forget, at, erased.actor_id);
    forget.exec();
    // A token carries its holder's name: it goes with the person.
    SQLite::Statement tokens(db,
                             "UPDATE tokens SET name = ?, revoked_at = coalesce(revoked_at, ?)"
                             " WHERE name = ?");
    SQLite::bind(tokens, erased.actor_id, at, name);
    erased.tokens_revoked = tokens.exec();
    // An idempotency principal is "role:department:name" (app::ClaimFor).
    SQLite::Statement keys(db,
                           "DELETE FROM idempotency_keys WHERE substr(principal, -length(?1) - 1)"
                           " = ':' || ?1");
    keys.bind(1, name);
    erased.idempotency_records_dropped = keys.exec();
    nlohmann::json detail = reason.is_object() ? reason : nlohmann::json::object();
    detail["tokensRevoked"] = erased.tokens_revoked;
    detail["idempotencyRecordsDropped"] = erased.idempotency_records_dropped;
    erased.entry = AppendRecordEntry({0, "erase-actor", erased.actor_id, detail, at, {}, "", ""});
    tx.commit();
  }
  // The WAL still holds the pages as they were.
  EmptyWal(db);
  return erased;
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

bool SqliteStore::HasNamedActors() try {
  const auto reader = readers_.Acquire();
  SQLite::Statement q(*reader, "SELECT 1 FROM names_in_chain");
  return q.executeStep();
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

RecordEntry SqliteStore::ReplaceNamedActors(const PseudonymisedChain& rewritten) try {
  std::lock_guard<std::mutex> lock(write_mutex_);
  SQLite::Database& db = Writer();
  SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
  // The append-only triggers stand aside for this one rewrite.
  WithoutAppendOnlyTriggers(db, [&] {
    SQLite::Statement upd(
        db, "UPDATE events SET actor_name = ?, prev_hash = ?, hash = ? WHERE seq = ?");
    for (const ChainedEvent& c : rewritten.chain) {
      SQLite::bind(upd, c.event.actor.name, c.prev_hash, c.hash, c.seq);
      upd.exec();
      upd.reset();
    }
  });
  SQLite::Statement record(db, "UPDATE activities SET record = ? WHERE id = ?");
  for (const engine::Activity& a : rewritten.records) {
    SQLite::bind(record, engine::ToJson(a).dump(), a.id);
    record.exec();
    record.reset();
  }
  SQLite::Statement actor(db, "INSERT INTO actors (id, name) VALUES (?, ?)");
  SQLite::Statement bodies(db, "SELECT id, body FROM outbox");
  std::vector<std::pair<int64_t, std::string>> outbox;
  while (bodies.executeStep())
    outbox.emplace_back(bodies.getColumn(0).getInt64(), bodies.getColumn(1).getString());
  for (const ActorRecord& a : rewritten.actors) {
    SQLite::bind(actor, a.id, *a.name);
    actor.exec();
    actor.reset();
    for (auto& [id, body] : outbox) body = ReplaceJsonString(std::move(body), *a.name, a.id);
  }
  SQLite::Statement rebody(db, "UPDATE outbox SET body = ? WHERE id = ?");
  for (const auto& [id, body] : outbox) {
    SQLite::bind(rebody, body, id);
    rebody.exec();
    rebody.reset();
  }
  // They named people; answers are rendered again on the next read.
  db.exec("DELETE FROM activity_answers");
  db.exec("DELETE FROM idempotency_keys");
  db.exec("DELETE FROM names_in_chain");
  const ChainHead new_head =
      rewritten.chain.empty() ? ChainHead{}
                              : ChainHead{rewritten.chain.back().seq, rewritten.chain.back().hash};
  RecordEntry entry = AppendRecordEntry(
      {0,
       "pseudonymise",
       "chain",
       {{"fromHead", {{"length", rewritten.old_head.length}, {"hash", rewritten.old_head.hash}}},
        {"toHead", {{"length", new_head.length}, {"hash", new_head.hash}}},
        {"actors", rewritten.actors.size()}},
       rewritten.at,
       {},
       "",
       ""});
  tx.commit();
  activities_.Clear();
  return entry;
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

std::vector<RecordEntry> SqliteStore::RecordLogOn(SQLite::Database& db) {
  SQLite::Statement q(db, std::string("SELECT ") + kEntryColumns + " FROM record_log ORDER BY seq");
  std::vector<RecordEntry> out;
  while (q.executeStep()) out.push_back(ReadEntry(q));
  return out;
}

std::vector<RecordEntry> SqliteStore::RecordLog() try {
  const auto reader = readers_.Acquire();
  return RecordLogOn(*reader);
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

ChainVerification SqliteStore::VerifyRecordLog() {
  return VerifyRecordEntries(RecordLog());
}

}  // namespace ictgate::store

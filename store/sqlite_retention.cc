// SqliteStore's retention: destroying an activity whose period has passed,
// leaving tombstones that keep the chain whole (migrations/0011).
#include <set>
#include <string>
#include <vector>

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <SQLiteCpp/VariadicBind.h>

#include "store/sqlite_store.h"

namespace ictgate::store {
namespace {

// Runs `sql` with `id` bound to its one parameter.
void ExecFor(SQLite::Database& db, const char* sql, const std::string& id) {
  SQLite::Statement q(db, sql);
  q.bind(1, id);
  q.exec();
}

}  // namespace

void SqliteStore::InsertTombstone(const ChainTombstone& t) {
  SQLite::Statement ins(Writer(),
                        "INSERT INTO chain_tombstones (seq, activity_id, prev_hash, hash,"
                        " record_seq) VALUES (?, ?, ?, ?, ?)");
  SQLite::bind(ins, t.seq, t.activity_id, t.prev_hash, t.hash, t.record_seq);
  ins.exec();
}

std::vector<ChainTombstone> SqliteStore::TombstonesOn(SQLite::Database& db) {
  SQLite::Statement q(db,
                      "SELECT seq, activity_id, prev_hash, hash, record_seq"
                      " FROM chain_tombstones ORDER BY seq");
  std::vector<ChainTombstone> out;
  while (q.executeStep()) {
    out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                   q.getColumn(2).getString(), q.getColumn(3).getString(),
                   q.getColumn(4).getInt64()});
  }
  return out;
}

std::vector<ChainTombstone> SqliteStore::Tombstones() try {
  const auto reader = readers_.Acquire();
  return TombstonesOn(*reader);
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

RecordEntry SqliteStore::DisposeActivity(const ActivityDisposal& d) try {
  std::lock_guard<std::mutex> lock(write_mutex_);
  SQLite::Database& db = Writer();
  RecordEntry entry;
  {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement version(db, "SELECT version FROM activities WHERE id = ?");
    version.bind(1, d.activity_id);
    if (!version.executeStep() || version.getColumn(0).getInt64() != d.version) {
      throw VersionConflict(d.activity_id + " is gone or changed since it was selected");
    }
    std::vector<ChainTombstone> tombstones;
    std::set<std::string> uploaded;
    {
      SQLite::Statement events(db,
                               "SELECT seq, prev_hash, hash, type = 'upload-document',"
                               " json_extract(payload, '$.sha256')"
                               " FROM events WHERE activity_id = ? ORDER BY seq");
      events.bind(1, d.activity_id);
      while (events.executeStep()) {
        tombstones.push_back({events.getColumn(0).getInt64(), d.activity_id,
                              events.getColumn(1).getString(), events.getColumn(2).getString(), 0});
        if (events.getColumn(3).getInt() == 1) uploaded.insert(events.getColumn(4).getString());
      }
    }
    // The same bytes uploaded to another activity are kept for it.
    std::vector<std::string> documents;
    SQLite::Statement shared(db,
                             "SELECT 1 FROM events WHERE type = 'upload-document'"
                             " AND activity_id != ? AND json_extract(payload, '$.sha256') = ?"
                             " LIMIT 1");
    for (const std::string& sha256 : uploaded) {
      SQLite::bind(shared, d.activity_id, sha256);
      if (!shared.executeStep()) documents.push_back(sha256);
      shared.reset();
    }
    nlohmann::json detail = d.detail.is_object() ? d.detail : nlohmann::json::object();
    detail["entries"] = nlohmann::json::array();
    for (const ChainTombstone& t : tombstones) {
      detail["entries"].push_back({t.seq, t.prev_hash, t.hash});
    }
    detail["documentsDestroyed"] = documents.size();
    // Recorded first, while the chain's head is as it was; the head does not
    // move, as each entry's tombstone keeps its hash.
    entry = AppendRecordEntry({0, d.kind, d.activity_id, detail, d.at, {}, "", ""});
    for (ChainTombstone& t : tombstones) {
      t.record_seq = entry.seq;
      InsertTombstone(t);
    }
    ExecFor(db,
            "DELETE FROM idempotency_keys WHERE seq IN"
            " (SELECT seq FROM events WHERE activity_id = ?)",
            d.activity_id);
    ExecFor(db, "DELETE FROM outbox WHERE seq IN (SELECT seq FROM events WHERE activity_id = ?)",
            d.activity_id);
    ExecFor(db, "DELETE FROM activity_answers WHERE activity_id = ?", d.activity_id);
    WithoutAppendOnlyTriggers(
        db, [&] { ExecFor(db, "DELETE FROM events WHERE activity_id = ?", d.activity_id); });
    ExecFor(db, "DELETE FROM activities WHERE id = ?", d.activity_id);
    for (const std::string& sha256 : documents) {
      ExecFor(db, "DELETE FROM document_contents WHERE sha256 = ?", sha256);
    }
    tx.commit();
  }
  activities_.Clear();
  EmptyWal(db);
  return entry;
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

std::optional<RecordEntry> SqliteStore::DisposalOf(const std::string& activity_id) try {
  int64_t record_seq = 0;
  {
    const auto reader = readers_.Acquire();
    SQLite::Statement q(*reader,
                        "SELECT record_seq FROM chain_tombstones WHERE activity_id = ? LIMIT 1");
    q.bind(1, activity_id);
    if (!q.executeStep()) return std::nullopt;
    record_seq = q.getColumn(0).getInt64();
  }
  // The record log is short (one entry per erasure or disposal).
  for (RecordEntry& e : RecordLog()) {
    if (e.seq == record_seq) return std::move(e);
  }
  return std::nullopt;
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

std::map<std::string, std::string> SqliteStore::LastActed() try {
  const auto reader = readers_.Acquire();
  SQLite::Statement q(*reader,
                      "SELECT actor_name, max(at) FROM events WHERE actor_role != 'system'"
                      " GROUP BY actor_name");
  std::map<std::string, std::string> out;
  while (q.executeStep()) out[q.getColumn(0).getString()] = q.getColumn(1).getString();
  return out;
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

}  // namespace ictgate::store

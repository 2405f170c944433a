#include "store/database.h"

#include <SQLiteCpp/Statement.h>

namespace ictgate::store {
namespace {

constexpr int kBusyTimeoutMs = 5000;

int IntPragma(SQLite::Database& db, const char* sql) {
  SQLite::Statement q(db, sql);
  q.executeStep();
  return q.getColumn(0).getInt();
}

}  // namespace

std::unique_ptr<SQLite::Database> OpenDatabase(const std::string& path, OpenMode mode) {
  const int flags = mode == OpenMode::kReadOnly ? SQLite::OPEN_READONLY
                                                : SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE;
  auto db = std::make_unique<SQLite::Database>(path, flags, kBusyTimeoutMs);
  // journal_mode is a property of the file; a read-only connection cannot set
  // it but sees the WAL mode the writer set.
  if (mode == OpenMode::kReadWrite) db->exec("PRAGMA journal_mode=WAL");
  db->exec("PRAGMA synchronous=FULL");
  db->exec("PRAGMA foreign_keys=ON");
  return db;
}

ConnectionSettings ReadSettings(SQLite::Database& db) {
  ConnectionSettings s;
  s.journal_mode = db.execAndGet("PRAGMA journal_mode").getString();
  s.synchronous = IntPragma(db, "PRAGMA synchronous");
  s.foreign_keys = IntPragma(db, "PRAGMA foreign_keys") == 1;
  s.busy_timeout_ms = IntPragma(db, "PRAGMA busy_timeout");
  return s;
}

}  // namespace ictgate::store

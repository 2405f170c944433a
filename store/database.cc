#include "store/database.h"

#include <filesystem>
#include <stdexcept>

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

namespace ictgate::store {
namespace {

constexpr int kBusyTimeoutMs = 5000;

int IntPragma(SQLite::Database& db, const char* sql) {
  SQLite::Statement q(db, sql);
  q.executeStep();
  return q.getColumn(0).getInt();
}

}  // namespace

std::unique_ptr<SQLite::Database> OpenDatabase(const std::string& path, OpenMode mode,
                                               IfMissing if_missing) {
  int flags = mode == OpenMode::kReadOnly ? SQLite::OPEN_READONLY : SQLite::OPEN_READWRITE;
  if (mode == OpenMode::kReadWrite && if_missing == IfMissing::kCreate) {
    flags |= SQLite::OPEN_CREATE;
  }
  auto db = std::make_unique<SQLite::Database>(path, flags, kBusyTimeoutMs);
  // SQLite opens a file it may not write read-only without a word; the
  // first write would then fail deep inside a request. Say it at once.
  if (mode == OpenMode::kReadWrite && sqlite3_db_readonly(db->getHandle(), "main") == 1) {
    throw std::runtime_error("the database " + path +
                             " is read-only: ictgate must be able to write it and its directory "
                             "(check the permissions; export and audit work on a read-only copy)");
  }
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

int BackupDatabase(const std::string& from, const std::string& to) {
  if (std::filesystem::exists(to)) throw std::runtime_error(to + " exists; choose a new file");
  auto source = OpenDatabase(from, OpenMode::kReadOnly);
  SQLite::Database copy(to, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  SQLite::Backup backup(copy, *source);
  // All pages in one step: one read transaction, so one consistent snapshot.
  if (backup.executeStep(-1) != SQLITE_DONE) {
    throw std::runtime_error("the backup did not complete; retry");
  }
  const int pages = backup.getTotalPageCount();
  const std::string check = copy.execAndGet("PRAGMA integrity_check").getString();
  if (check != "ok") throw std::runtime_error("the copy failed its integrity check: " + check);
  return pages;
}

}  // namespace ictgate::store

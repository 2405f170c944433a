// Opening SQLite connections with the durability settings of docs/spec.md section 6.
//
// Every connection the program opens goes through OpenDatabase, so every one
// runs with WAL, synchronous=FULL (an acknowledged commit survives power
// loss), foreign keys on and a busy timeout.
#ifndef ICTGATE_STORE_DATABASE_H_
#define ICTGATE_STORE_DATABASE_H_

#include <memory>
#include <string>

#include <SQLiteCpp/Database.h>

namespace ictgate::store {

enum class OpenMode { kReadWrite, kReadOnly };
// What kReadWrite does with a path where no database is: create one, or fail
// (the store's read connections: a reader opened after the file vanished
// must not leave an empty database in its place).
enum class IfMissing { kCreate, kFail };

// Opens (creating when kReadWrite and kCreate) the database at `path`. Throws
// SQLite::Exception with SQLite's message when it cannot, and
// std::runtime_error when kReadWrite finds the file read-only.
std::unique_ptr<SQLite::Database> OpenDatabase(const std::string& path,
                                               OpenMode mode = OpenMode::kReadWrite,
                                               IfMissing if_missing = IfMissing::kCreate);

// The settings in force on a connection, as SQLite reports them.
struct ConnectionSettings {
  std::string journal_mode;  // "wal"
  int synchronous = -1;      // 2 = FULL
  bool foreign_keys = false;
  int busy_timeout_ms = 0;
};
ConnectionSettings ReadSettings(SQLite::Database& db);

// Copies the database at `from` to a new file `to` with SQLite's online
// backup, from one read snapshot: safe while the service keeps writing (in
// WAL mode readers and the writer do not block each other). Then checks the
// copy with PRAGMA integrity_check. Returns the pages copied. Throws
// std::runtime_error when `to` exists or the copy is not intact.
int BackupDatabase(const std::string& from, const std::string& to);

}  // namespace ictgate::store

#endif  // ICTGATE_STORE_DATABASE_H_

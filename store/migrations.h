// The schema migrations runner.
//
// Migrations are numbered SQL files (migrations/NNNN_name.sql) compiled into
// the binary. Each applied migration is recorded with the SHA-256 of its text;
// on every start the recorded checksums are compared with the binary's, so a
// migration edited after release, or a database written by a newer binary,
// is refused before anything touches the data.
#ifndef ICTGATE_STORE_MIGRATIONS_H_
#define ICTGATE_STORE_MIGRATIONS_H_

#include <stdexcept>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "common/embedded_text.h"

namespace ictgate {
// migrations/*.sql, sorted by name, compiled in (cmake/embed_texts.cmake).
const std::vector<EmbeddedText>& EmbeddedMigrationFiles();
}  // namespace ictgate

namespace ictgate::store {

struct Migration {
  int version;
  std::string name;
  std::string sql;
};

// The migrations in migrations/, in version order (generated at build time).
const std::vector<Migration>& EmbeddedMigrations();

class MigrationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct MigrationReport {
  std::vector<int> applied;  // versions applied by this call
  int schema_version = 0;    // the version the database is at afterwards
};

// Applies the pending `migrations` in order, each in its own IMMEDIATE
// transaction together with its record. Idempotent. Throws MigrationError when
// a recorded migration's checksum differs from the binary's, when the database
// has a migration the binary does not know, or when `migrations` is not in
// strictly increasing version order.
MigrationReport Migrate(SQLite::Database& db, const std::vector<Migration>& migrations);

// For read-only use: the same checks as Migrate, and a MigrationError when
// any migration is still pending. Writes nothing.
void RequireCurrent(SQLite::Database& db, const std::vector<Migration>& migrations);

}  // namespace ictgate::store

#endif  // ICTGATE_STORE_MIGRATIONS_H_

#include "store/migrations.h"

#include <map>

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <SQLiteCpp/VariadicBind.h>

#include "common/embedded_text.h"
#include "common/sha256.h"
#include "engine/clock.h"

namespace ictgate::store {
namespace {

struct Applied {
  std::string name;
  std::string checksum;
};

std::map<int, Applied> ReadApplied(SQLite::Database& db) {
  std::map<int, Applied> applied;
  if (!db.tableExists("schema_migrations")) return applied;
  SQLite::Statement q(db, "SELECT version, name, checksum FROM schema_migrations");
  while (q.executeStep()) {
    applied[q.getColumn(0).getInt()] = {q.getColumn(1).getString(), q.getColumn(2).getString()};
  }
  return applied;
}

void CheckOrder(const std::vector<Migration>& migrations) {
  for (size_t i = 1; i < migrations.size(); ++i) {
    if (migrations[i].version <= migrations[i - 1].version) {
      throw MigrationError("migrations are not in increasing version order at " +
                           std::to_string(migrations[i].version));
    }
  }
}

// Refuses recorded migrations the binary does not know or whose text changed.
void CheckApplied(const std::map<int, Applied>& applied, const std::vector<Migration>& migrations) {
  CheckOrder(migrations);
  std::map<int, const Migration*> known;
  for (const auto& m : migrations) known[m.version] = &m;

  for (const auto& [version, record] : applied) {
    const auto it = known.find(version);
    if (it == known.end()) {
      throw MigrationError("the database has migration " + std::to_string(version) + " (" +
                           record.name +
                           ") that this ictgate does not know: it was written by a "
                           "newer version; upgrade ictgate instead");
    }
    const std::string checksum = Sha256Hex(it->second->sql);
    if (checksum != record.checksum) {
      throw MigrationError("migration " + std::to_string(version) + " (" + record.name +
                           ") was changed after it was applied: recorded checksum " +
                           record.checksum + ", this ictgate has " + checksum +
                           "; released migrations must never be edited");
    }
  }
}

}  // namespace

const std::vector<Migration>& EmbeddedMigrations() {
  static const std::vector<Migration> kMigrations = [] {
    std::vector<Migration> migrations;
    for (const auto& file : EmbeddedMigrationFiles()) {
      // NNNN_name.sql
      const size_t underscore = file.name.find('_');
      const size_t dot = file.name.rfind(".sql");
      migrations.push_back({std::stoi(file.name.substr(0, underscore)),
                            file.name.substr(underscore + 1, dot - underscore - 1), file.text});
    }
    return migrations;
  }();
  return kMigrations;
}

void RequireCurrent(SQLite::Database& db, const std::vector<Migration>& migrations) {
  const std::map<int, Applied> applied = ReadApplied(db);
  CheckApplied(applied, migrations);
  for (const auto& m : migrations) {
    if (!applied.count(m.version)) {
      throw MigrationError("the database lacks migration " + std::to_string(m.version) + " (" +
                           m.name + "); run 'ictgate migrate' first");
    }
  }
}

MigrationReport Migrate(SQLite::Database& db, const std::vector<Migration>& migrations) {
  db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL,"
      " applied_at TEXT NOT NULL) STRICT");
  const std::map<int, Applied> applied = ReadApplied(db);
  CheckApplied(applied, migrations);
  MigrationReport report;
  report.schema_version = applied.empty() ? 0 : applied.rbegin()->first;
  for (const auto& m : migrations) {
    if (applied.count(m.version)) continue;
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    // Another process may have applied it since ReadApplied; the IMMEDIATE
    // lock makes this second look authoritative.
    SQLite::Statement done(db, "SELECT 1 FROM schema_migrations WHERE version = ?");
    done.bind(1, m.version);
    if (done.executeStep()) continue;
    db.exec(m.sql);
    SQLite::Statement record(db,
                             "INSERT INTO schema_migrations (version, name, checksum, applied_at)"
                             " VALUES (?, ?, ?, ?)");
    SQLite::bind(record, m.version, m.name, Sha256Hex(m.sql),
                 engine::FormatInstant(engine::SystemClock().Now()));
    record.exec();
    tx.commit();
    report.applied.push_back(m.version);
    report.schema_version = m.version;
  }
  return report;
}

}  // namespace ictgate::store

// The statement cache: one preparation per SQL text, each use starting reset
// with no bindings, no read left open between uses, and the misuses it
// refuses.
#include <memory>

#include <SQLiteCpp/Database.h>
#include <sqlite3.h>
#include <catch2/catch.hpp>

#include "fixtures.h"
#include "store/database.h"
#include "store/statement_cache.h"

namespace ictgate {
namespace {

using store::StatementCache;

struct Database {
  testing::TempDir dir;
  std::unique_ptr<SQLite::Database> db = [this] {
    auto opened = store::OpenDatabase(dir.File("cache.db"));
    opened->exec("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2), (3)");
    return opened;
  }();
};

int64_t CountWhere(StatementCache& cache, int64_t at_least) {
  const StatementCache::Use q = cache.Get("SELECT count(*) FROM t WHERE x >= ?");
  q->bind(1, at_least);
  REQUIRE(q->executeStep());
  return q->getColumn(0).getInt64();
}

TEST_CASE("statement cache: a text is prepared once and each use starts afresh") {
  Database d;
  StatementCache cache(*d.db);
  CHECK(CountWhere(cache, 2) == 2);
  CHECK(CountWhere(cache, 3) == 1);
  CHECK(CountWhere(cache, 1) == 3);
  CHECK(cache.size() == 1);
  {
    const StatementCache::Use insert = cache.Get("INSERT INTO t VALUES (?)");
    insert->bind(1, 9);
    CHECK(insert->exec() == 1);
  }
  CHECK(cache.size() == 2);
  CHECK(CountWhere(cache, 9) == 1);
}

TEST_CASE("statement cache: a use leaves no binding behind") {
  Database d;
  StatementCache cache(*d.db);
  {
    const StatementCache::Use insert = cache.Get("INSERT INTO t VALUES (?)");
    insert->bind(1, 7);
    insert->exec();
  }
  {
    // Unbound now: the same statement inserts NULL, not 7 again.
    const StatementCache::Use insert = cache.Get("INSERT INTO t VALUES (?)");
    insert->exec();
  }
  CHECK(d.db->execAndGet("SELECT count(*) FROM t WHERE x IS NULL").getInt() == 1);
  CHECK(d.db->execAndGet("SELECT count(*) FROM t WHERE x = 7").getInt() == 1);
}

// Statements of the connection that are mid-step (holding a read open).
int BusyStatements(SQLite::Database& db) {
  int busy = 0;
  for (sqlite3_stmt* s = sqlite3_next_stmt(db.getHandle(), nullptr); s;
       s = sqlite3_next_stmt(db.getHandle(), s)) {
    busy += sqlite3_stmt_busy(s) != 0;
  }
  return busy;
}

TEST_CASE("statement cache: a query stopped after its first row holds no read open") {
  Database d;
  StatementCache cache(*d.db);
  {
    const StatementCache::Use q = cache.Get("SELECT x FROM t ORDER BY x");
    REQUIRE(q->executeStep());
    CHECK(BusyStatements(*d.db) == 1);
  }
  CHECK(cache.size() == 1);  // still prepared, but reset
  CHECK(BusyStatements(*d.db) == 0);
}

TEST_CASE("statement cache: two uses of one text at once are refused") {
  Database d;
  StatementCache cache(*d.db);
  const StatementCache::Use first = cache.Get("SELECT x FROM t");
  CHECK_THROWS_AS(cache.Get("SELECT x FROM t"), std::logic_error);
  // Another text is free to use meanwhile.
  CHECK(CountWhere(cache, 1) == 3);
}

TEST_CASE("statement cache: SQL that does not prepare throws and caches nothing") {
  Database d;
  StatementCache cache(*d.db);
  CHECK_THROWS_AS(cache.Get("SELECT nope FROM missing"), SQLite::Exception);
  CHECK(cache.size() == 0);
  // The table appears: the same text now prepares.
  d.db->exec("CREATE TABLE missing (nope INTEGER)");
  CHECK_NOTHROW(cache.Get("SELECT nope FROM missing"));
  CHECK(cache.size() == 1);
}

TEST_CASE("statement cache: a statement of a failed step is usable again") {
  Database d;
  d.db->exec("CREATE TABLE u (x INTEGER UNIQUE); INSERT INTO u VALUES (1)");
  StatementCache cache(*d.db);
  {
    const StatementCache::Use insert = cache.Get("INSERT INTO u VALUES (?)");
    insert->bind(1, 1);
    CHECK_THROWS_AS(insert->exec(), SQLite::Exception);
  }
  const StatementCache::Use insert = cache.Get("INSERT INTO u VALUES (?)");
  insert->bind(1, 2);
  CHECK(insert->exec() == 1);
}

}  // namespace
}  // namespace ictgate

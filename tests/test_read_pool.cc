// The read pool: leases of distinct connections up to the maximum, waiting
// past it, reads beside each other on their own snapshots, and openings that
// fail. Threads meet only through promises and the pool's own count of
// waiters: nothing here depends on timing.
#include <atomic>
#include <filesystem>
#include <future>
#include <optional>
#include <set>
#include <thread>

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>
#include <catch2/catch.hpp>

#include "fixtures.h"
#include "store/database.h"
#include "store/read_pool.h"

namespace ictgate {
namespace {

using store::ReadPool;
using testing::TempDir;

// A database with one table t, its writer, and an opener of read connections
// to it that counts its openings.
struct Database {
  TempDir dir;
  std::string path = dir.File("pool.db");
  std::unique_ptr<SQLite::Database> writer = [this] {
    auto db = store::OpenDatabase(path);
    db->exec("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)");
    return db;
  }();
  std::atomic<int> openings{0};

  ReadPool::Opener Opener() {
    return [this] {
      ++openings;
      return store::OpenDatabase(path, store::OpenMode::kReadWrite, store::IfMissing::kFail);
    };
  }
  void Insert(int x) { writer->exec("INSERT INTO t VALUES (" + std::to_string(x) + ")"); }
};

int Count(SQLite::Database& db) {
  return db.execAndGet("SELECT count(*) FROM t").getInt();
}

TEST_CASE("a read pool opens connections when leased, one per lease, up to its maximum") {
  Database d;
  ReadPool pool(d.Opener(), 3);
  CHECK(pool.max_connections() == 3);
  CHECK(pool.open_connections() == 0);  // lazily
  std::set<sqlite3*> handles;
  {
    auto a = pool.Acquire();
    auto b = pool.Acquire();
    auto c = pool.Acquire();
    handles = {a->getHandle(), b->getHandle(), c->getHandle()};
    CHECK(handles.size() == 3);
    CHECK(pool.open_connections() == 3);
    CHECK(Count(*a) + Count(*b) + Count(*c) == 3);
  }
  // Returned, they are handed out again: no more openings.
  {
    auto a = pool.Acquire();
    auto b = pool.Acquire();
    CHECK(handles.count(a->getHandle()) == 1);
    CHECK(handles.count(b->getHandle()) == 1);
    CHECK(a->getHandle() != b->getHandle());
  }
  CHECK(d.openings == 3);
  CHECK(pool.open_connections() == 3);
}

TEST_CASE("a lease past the maximum waits until one is returned, and gets that connection") {
  Database d;
  ReadPool pool(d.Opener(), 2);
  std::optional<ReadPool::Lease> first(pool.Acquire());
  const auto second = pool.Acquire();
  sqlite3* const returned = (*first)->getHandle();

  std::promise<sqlite3*> got;
  std::future<sqlite3*> got_it = got.get_future();
  std::promise<void> done;
  std::thread third([&pool, &got, ready = done.get_future()] {
    const auto lease = pool.Acquire();
    got.set_value(lease->getHandle());
    ready.wait();  // holds its lease until the test has looked
  });
  // The third caller is inside Acquire, waiting (the pool counts it under
  // its lock), and has no connection.
  while (pool.waiting() == 0) std::this_thread::yield();
  CHECK(got_it.wait_for(std::chrono::seconds(0)) == std::future_status::timeout);
  first.reset();
  CHECK(got_it.get() == returned);
  CHECK(d.openings == 2);
  CHECK(pool.waiting() == 0);
  done.set_value();
  third.join();
}

TEST_CASE("two reads are in progress at once, each on its own snapshot, while writes commit") {
  Database d;
  ReadPool pool(d.Opener(), 4);
  const auto a = pool.Acquire();
  SQLite::Transaction read_a(*a);  // the snapshot starts at the first read
  CHECK(Count(*a) == 1);
  d.Insert(2);
  const auto b = pool.Acquire();
  SQLite::Transaction read_b(*b);
  CHECK(Count(*b) == 2);
  d.Insert(3);
  // Both reads are still open, and each still sees its own snapshot.
  CHECK(Count(*a) == 1);
  CHECK(Count(*b) == 2);
  read_a.commit();
  read_b.commit();
  CHECK(Count(*a) == 3);
  CHECK(Count(*b) == 3);
}

TEST_CASE("every lease sees the writes committed before it, idle connections included") {
  Database d;
  ReadPool pool(d.Opener(), 3);
  {
    // Open all three, reading before the write.
    auto a = pool.Acquire();
    auto b = pool.Acquire();
    auto c = pool.Acquire();
    CHECK(Count(*a) + Count(*b) + Count(*c) == 3);
  }
  d.Insert(2);
  auto a = pool.Acquire();
  auto b = pool.Acquire();
  auto c = pool.Acquire();
  CHECK(Count(*a) == 2);
  CHECK(Count(*b) == 2);
  CHECK(Count(*c) == 2);
  CHECK(d.openings == 3);
}

TEST_CASE("a connection returned inside a transaction is closed, not handed out stale") {
  Database d;
  ReadPool pool(d.Opener(), 1);
  {
    auto lease = pool.Acquire();
    lease->exec("BEGIN");
    CHECK(Count(*lease) == 1);  // a snapshot with one row
  }
  CHECK(pool.open_connections() == 0);
  d.Insert(2);
  auto lease = pool.Acquire();
  CHECK(Count(*lease) == 2);
  CHECK(d.openings == 2);
}

TEST_CASE("a connection's statements are prepared once and kept across its leases") {
  Database d;
  ReadPool pool(d.Opener(), 1);
  const SQLite::Statement* prepared = nullptr;
  {
    auto lease = pool.Acquire();
    auto q = lease.statements().Get("SELECT count(*) FROM t");
    REQUIRE(q->executeStep());
    CHECK(q->getColumn(0).getInt() == 1);
    prepared = &*q;
  }
  auto lease = pool.Acquire();  // the same connection, idle
  auto q = lease.statements().Get("SELECT count(*) FROM t");
  CHECK(&*q == prepared);
  CHECK(lease.statements().size() == 1);
  CHECK(d.openings == 1);
}

TEST_CASE("a cached statement stopped mid-read holds no snapshot once its lease is back") {
  Database d;
  d.Insert(2);
  ReadPool pool(d.Opener(), 1);
  {
    auto lease = pool.Acquire();
    auto rows = lease.statements().Get("SELECT x FROM t ORDER BY x");
    REQUIRE(rows->executeStep());  // one row of two read: the statement is mid-read
  }
  d.Insert(3);  // commits: no reader holds the old snapshot open
  auto lease = pool.Acquire();
  CHECK(Count(*lease) == 3);
  auto rows = lease.statements().Get("SELECT x FROM t ORDER BY x");
  int read = 0;
  while (rows->executeStep()) ++read;
  CHECK(read == 3);  // from the start again, not from where the last use stopped
  CHECK(d.openings == 1);
}

TEST_CASE("a connection closed for being returned inside a transaction takes its statements") {
  Database d;
  ReadPool pool(d.Opener(), 1);
  {
    auto lease = pool.Acquire();
    auto q = lease.statements().Get("SELECT count(*) FROM t");
    REQUIRE(q->executeStep());
    lease->exec("BEGIN");
  }
  CHECK(pool.open_connections() == 0);
  auto lease = pool.Acquire();
  CHECK(lease.statements().size() == 0);  // a new connection, nothing prepared on it yet
  CHECK(d.openings == 2);
}

TEST_CASE("a pool of no connections is refused") {
  Database d;
  CHECK_THROWS_WITH(ReadPool(d.Opener(), 0),
                    "a read pool needs at least one connection (asked for 0)");
  CHECK_THROWS_AS(ReadPool(d.Opener(), -1), std::invalid_argument);
  CHECK(d.openings == 0);
}

TEST_CASE("an opening that fails frees its slot: the database vanished") {
  Database d;
  ReadPool pool(d.Opener(), 2);
  std::optional<ReadPool::Lease> held(pool.Acquire());
  d.writer.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(d.path + suffix);

  // The second connection cannot be opened, and no empty database is created
  // in the file's place.
  CHECK_THROWS_WITH(pool.Acquire(), Catch::Contains("unable to open database file"));
  CHECK_FALSE(std::filesystem::exists(d.path));
  CHECK(pool.open_connections() == 1);
  // The slot is free again: another failure, not a wait.
  CHECK_THROWS(pool.Acquire());
  // The connection already open goes on working and is handed out again.
  sqlite3* const open = (*held)->getHandle();
  held.reset();
  const auto again = pool.Acquire();
  CHECK(again->getHandle() == open);
  CHECK(pool.open_connections() == 1);
}

TEST_CASE("an opener that fails once leaves the pool as it was") {
  Database d;
  bool fail = true;
  ReadPool pool(
      [&] {
        if (std::exchange(fail, false)) throw std::runtime_error("no connection today");
        return store::OpenDatabase(d.path);
      },
      1);
  CHECK_THROWS_WITH(pool.Acquire(), "no connection today");
  CHECK(pool.open_connections() == 0);
  const auto lease = pool.Acquire();
  CHECK(Count(*lease) == 1);
}

TEST_CASE("ForEachOpen visits every open connection once none is leased") {
  Database d;
  ReadPool pool(d.Opener(), 4);
  {
    auto a = pool.Acquire();
    auto b = pool.Acquire();
  }
  int visited = 0;
  pool.ForEachOpen([&](SQLite::Database& db) {
    ++visited;
    CHECK(Count(db) == 1);
  });
  CHECK(visited == 2);

  // With a lease out, it waits for its return.
  std::optional<ReadPool::Lease> held(pool.Acquire());
  std::promise<int> result;
  std::future<int> counted = result.get_future();
  std::thread visitor([&] {
    int n = 0;
    pool.ForEachOpen([&](SQLite::Database&) { ++n; });
    result.set_value(n);
  });
  CHECK(counted.wait_for(std::chrono::seconds(0)) == std::future_status::timeout);
  held.reset();
  CHECK(counted.get() == 2);
  visitor.join();
}

}  // namespace
}  // namespace ictgate

// Group commit: the writes that queue while one group commits form the next
// group, one transaction for all; a body that throws loses only its own
// writes; a transaction that fails loses the group's, and says so to each.
// Threads meet only through the queue's own count of waiting writes:
// nothing here depends on timing.
#include <stdexcept>
#include <thread>
#include <vector>

#include <SQLiteCpp/Statement.h>
#include <catch2/catch.hpp>

#include "fixtures.h"
#include "store/database.h"
#include "store/group_commit.h"

namespace ictgate {
namespace {

using store::GroupCommit;
using testing::TempDir;

// A database with a table t(x) and a group commit on its writer.
struct Database {
  TempDir dir;
  std::unique_ptr<SQLite::Database> writer = [this] {
    auto db = store::OpenDatabase(dir.File("group.db"));
    db->exec("CREATE TABLE t (x INTEGER UNIQUE)");
    // A deferred foreign key is checked at COMMIT: how a test makes the
    // group's commit itself fail.
    db->exec("PRAGMA foreign_keys = ON");
    db->exec("CREATE TABLE parent (id INTEGER PRIMARY KEY)");
    db->exec(
        "CREATE TABLE child (parent INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY "
        "DEFERRED)");
    return db;
  }();
  std::mutex mutex;
  GroupCommit commits{*writer, mutex};

  std::vector<int64_t> Rows() {
    std::lock_guard<std::mutex> lock(mutex);
    SQLite::Statement q(*writer, "SELECT x FROM t ORDER BY x");
    std::vector<int64_t> rows;
    while (q.executeStep()) rows.push_back(q.getColumn(0).getInt64());
    return rows;
  }
};

// Blocks until `n` writes are queued in `commits` (the one running included).
void WaitUntilQueued(const GroupCommit& commits, size_t n) {
  while (commits.counts().queued < n) std::this_thread::yield();
}

GroupCommit::Body Insert(int64_t x) {
  return [x](SQLite::Database& db) {
    SQLite::Statement ins(db, "INSERT INTO t (x) VALUES (?)");
    ins.bind(1, x);
    ins.exec();
  };
}

// Runs `first` in a group of its own, holding that group open until the
// `others` are all queued behind it, so that they form the next group
// together. Returns what each of the others' Run threw (null: nothing).
std::vector<std::exception_ptr> RunBehind(GroupCommit& commits, const GroupCommit::Body& first,
                                          const std::vector<GroupCommit::Body>& others) {
  std::vector<std::exception_ptr> errors(others.size());
  std::thread leader([&] {
    commits.Run([&](SQLite::Database& db) {
      WaitUntilQueued(commits, 1 + others.size());
      first(db);
    });
  });
  WaitUntilQueued(commits, 1);
  std::vector<std::thread> followers;
  for (size_t i = 0; i < others.size(); ++i) {
    followers.emplace_back([&, i] {
      try {
        commits.Run(others[i]);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    });
  }
  leader.join();
  for (auto& t : followers) t.join();
  return errors;
}

TEST_CASE("group commit: the writes queued behind a commit share the next transaction") {
  Database d;
  std::vector<GroupCommit::Body> others;
  for (int x = 2; x <= 16; ++x) others.push_back(Insert(x));
  const auto errors = RunBehind(d.commits, Insert(1), others);
  for (const auto& e : errors) CHECK_FALSE(e);
  CHECK(d.Rows().size() == 16);
  const auto counts = d.commits.counts();
  CHECK(counts.groups == 2);  // the first alone, then the fifteen together
  CHECK(counts.bodies == 16);
  CHECK(counts.queued == 0);
  // Each Run returned after its transaction committed: a new connection
  // sees every row.
  auto other = store::OpenDatabase(d.dir.File("group.db"));
  CHECK(other->execAndGet("SELECT count(*) FROM t").getInt64() == 16);
}

TEST_CASE("group commit: a body that throws loses its own writes only, and its caller hears it") {
  Database d;
  const auto errors = RunBehind(d.commits, Insert(1),
                                {Insert(2),
                                 [](SQLite::Database& db) {
                                   Insert(3)(db);  // written, then rolled back with its savepoint
                                   throw std::invalid_argument("refused");
                                 },
                                 Insert(1),  // a UNIQUE violation: SQLite's own error
                                 Insert(4)});
  CHECK_FALSE(errors[0]);
  REQUIRE(errors[1]);
  CHECK_THROWS_AS(std::rethrow_exception(errors[1]), std::invalid_argument);
  REQUIRE(errors[2]);
  CHECK_THROWS_AS(std::rethrow_exception(errors[2]), SQLite::Exception);
  CHECK_FALSE(errors[3]);
  CHECK(d.Rows() == std::vector<int64_t>{1, 2, 4});
  CHECK(d.commits.counts().groups == 2);
}

TEST_CASE("group commit: when the transaction fails, nothing of the group is written") {
  Database d;
  const GroupCommit::Body orphan = [](SQLite::Database& db) {
    db.exec("INSERT INTO child (parent) VALUES (99)");  // fails at COMMIT
  };
  SECTION("alone") {
    CHECK_THROWS_AS(d.commits.Run(orphan), SQLite::Exception);
    CHECK(d.Rows().empty());
  }
  SECTION("with others, every one of which hears it") {
    const auto errors = RunBehind(d.commits, Insert(1), {Insert(2), orphan, Insert(3)});
    for (const auto& e : errors) {
      REQUIRE(e);
      CHECK_THROWS_WITH(std::rethrow_exception(e), Catch::Contains("FOREIGN KEY"));
    }
    CHECK(d.Rows() == std::vector<int64_t>{1});  // the first group committed alone
  }
  // The connection is usable again.
  d.commits.Run(Insert(7));
  CHECK(d.Rows().back() == 7);
  std::lock_guard<std::mutex> lock(d.mutex);
  CHECK(d.writer->execAndGet("SELECT count(*) FROM child").getInt64() == 0);
}

TEST_CASE("group commit: a group holds at most max_group writes") {
  Database d;
  GroupCommit pairs(*d.writer, d.mutex, 2);
  std::vector<GroupCommit::Body> others;
  for (int x = 2; x <= 7; ++x) others.push_back(Insert(x));
  for (const auto& e : RunBehind(pairs, Insert(1), others)) CHECK_FALSE(e);
  CHECK(d.Rows().size() == 7);
  CHECK(pairs.counts().groups == 4);  // the first alone, then three pairs
  CHECK(pairs.counts().bodies == 7);
}

}  // namespace
}  // namespace ictgate

// Group commit: many writes to one SQLite transaction, one fsync for all.
//
// With synchronous=FULL every COMMIT waits for an fsync of the WAL, and one
// writer connection can commit only one transaction at a time: writes that
// each commit alone go no faster than the disk syncs. Here the writes that
// queue while one transaction commits form the next group. The first writer
// in the queue (the leader, as in LevelDB's DBImpl::Write) runs the group's
// bodies on the writer connection, each in its own savepoint, and commits
// them together; the others wait for it.
//
//   GroupCommit commits(writer, writer_mutex);
//   commits.Run([&](SQLite::Database& db) { ... inserts ... });  // durable now
//
// Contract:
// - Thread-safe. Run returns only after the transaction holding the body's
//   writes is committed and synced: an acknowledged write is durable.
// - A body that throws has its savepoint rolled back: none of its writes are
//   kept, and Run rethrows its exception in the caller's thread. The other
//   bodies of the group are unaffected.
// - When the group's transaction cannot begin or commit, or a body's error
//   made SQLite roll the whole transaction back (SQLITE_FULL, an I/O error),
//   nothing of the group is written and every Run of the group throws that
//   error, whatever its own body did.
// - The bodies run one after another, in queue order, on the leader's
//   thread, holding `db_mutex`: a body sees the writes of the bodies before
//   it. Writes that do not come through here take `db_mutex` too.
// - A body does not call Run (it would wait for itself).
#ifndef ICTGATE_STORE_GROUP_COMMIT_H_
#define ICTGATE_STORE_GROUP_COMMIT_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "store/statement_cache.h"

namespace ictgate::store {

class GroupCommit {
 public:
  using Body = std::function<void(SQLite::Database&)>;

  // As many as a busy server has writers at once (its workers); a bigger
  // group only makes its first member wait longer.
  static constexpr size_t kMaxGroup = 128;

  // `db` is the writer connection, guarded by `db_mutex`; both outlive this.
  GroupCommit(SQLite::Database& db, std::mutex& db_mutex, size_t max_group = kMaxGroup);
  ~GroupCommit();
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  // Runs `body` in a savepoint of the next group's transaction; returns when
  // that transaction is durable, or throws as the contract above says.
  void Run(const Body& body);

  // How many groups ran (their transactions, committed or not) and how many
  // bodies they held, and how many writes are in the queue now, the group
  // being committed included: for the benchmark and the tests. The two
  // durations are the leaders' wall time in the bodies (BEGIN to the last
  // RELEASE) and in COMMIT (its fsync included): while either runs, no
  // other write can, so their sum per second is how busy the writer is.
  struct Counts {
    int64_t groups = 0;
    int64_t bodies = 0;
    size_t queued = 0;
    std::chrono::nanoseconds in_bodies{0};
    std::chrono::nanoseconds in_commit{0};
  };
  Counts counts() const;

 private:
  struct Pending;
  // Runs `group` in one transaction, leaving each member's error set (or
  // not), and adds its durations to `counts`; never throws. The caller
  // holds no lock.
  void CommitGroup(const std::vector<Pending*>& group, Counts& counts);
  // Runs one body in a savepoint. Throws only when the transaction itself
  // is lost and the group must fail.
  void RunInSavepoint(Pending& pending);
  // Runs one of the transaction's own statements (BEGIN, SAVEPOINT, ...),
  // prepared once; the caller holds db_mutex_.
  void Exec(const char* sql);

  SQLite::Database& db_;
  std::mutex& db_mutex_;
  const size_t max_group_;
  std::unique_ptr<StatementCache> statements_;  // on db_, under db_mutex_
  mutable std::mutex queue_mutex_;
  std::deque<Pending*> queue_;  // the front one leads; guarded by queue_mutex_
  Counts counts_;               // guarded by queue_mutex_; queued unused
};

}  // namespace ictgate::store

#endif  // ICTGATE_STORE_GROUP_COMMIT_H_

#include "store/group_commit.h"

#include <algorithm>
#include <condition_variable>
#include <exception>

#include <sqlite3.h>

namespace ictgate::store {

// One write in the queue, on its caller's stack: the caller waits in Run
// until `done`, so the leader may use it until then.
struct GroupCommit::Pending {
  const Body* body = nullptr;
  std::exception_ptr error;
  bool done = false;
  std::condition_variable woken;  // done, or this one leads now
};

GroupCommit::GroupCommit(SQLite::Database& db, std::mutex& db_mutex, size_t max_group)
    : db_(db),
      db_mutex_(db_mutex),
      max_group_(std::max<size_t>(1, max_group)),
      statements_(std::make_unique<StatementCache>(db)) {}

GroupCommit::~GroupCommit() = default;

void GroupCommit::Exec(const char* sql) {
  statements_->Get(sql)->exec();
}

void GroupCommit::Run(const Body& body) {
  Pending self;
  self.body = &body;
  std::unique_lock<std::mutex> lock(queue_mutex_);
  queue_.push_back(&self);
  while (!self.done && queue_.front() != &self) self.woken.wait(lock);
  if (!self.done) {
    // This one leads: the group is the front of the queue, itself first.
    // Writes that queue meanwhile wait for the next group; that is what
    // fills it while this one's fsync runs.
    const size_t size = std::min(queue_.size(), max_group_);
    const std::vector<Pending*> group(queue_.begin(), queue_.begin() + static_cast<long>(size));
    lock.unlock();
    Counts spent;
    CommitGroup(group, spent);
    lock.lock();
    ++counts_.groups;
    counts_.bodies += static_cast<int64_t>(size);
    counts_.in_bodies += spent.in_bodies;
    counts_.in_commit += spent.in_commit;
    for (Pending* p : group) {
      queue_.pop_front();
      p->done = true;
      if (p != &self) p->woken.notify_one();
    }
    if (!queue_.empty()) queue_.front()->woken.notify_one();
  }
  lock.unlock();
  if (self.error) std::rethrow_exception(self.error);
}

GroupCommit::Counts GroupCommit::counts() const {
  std::lock_guard<std::mutex> lock(queue_mutex_);
  Counts counts = counts_;
  counts.queued = queue_.size();
  return counts;
}

void GroupCommit::CommitGroup(const std::vector<Pending*>& group, Counts& counts) {
  using Clock = std::chrono::steady_clock;
  std::lock_guard<std::mutex> db_lock(db_mutex_);
  const Clock::time_point begun = Clock::now();
  try {
    // IMMEDIATE: a DEFERRED transaction that reads first can fail with
    // SQLITE_BUSY_SNAPSHOT regardless of the busy timeout.
    Exec("BEGIN IMMEDIATE");
    for (Pending* p : group) RunInSavepoint(*p);
    const Clock::time_point ran = Clock::now();
    counts.in_bodies = ran - begun;
    Exec("COMMIT");
    counts.in_commit = Clock::now() - ran;
  } catch (...) {
    // Nothing of the group is written: each member hears why, even one
    // whose own body had failed first (its answer would otherwise depend
    // on writes that never committed, such as an idempotency key's).
    const std::exception_ptr error = std::current_exception();
    if (!sqlite3_get_autocommit(db_.getHandle())) {
      try {
        Exec("ROLLBACK");
      } catch (...) {
        // The connection is broken; the next BEGIN says so to its group.
      }
    }
    for (Pending* p : group) p->error = error;
  }
}

void GroupCommit::RunInSavepoint(Pending& pending) {
  Exec("SAVEPOINT write");
  try {
    (*pending.body)(db_);
  } catch (...) {
    pending.error = std::current_exception();
    // Some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM) may roll back
    // the whole transaction: the bodies before this one are gone too.
    if (sqlite3_get_autocommit(db_.getHandle())) throw;
    Exec("ROLLBACK TO write");
  }
  Exec("RELEASE write");
}

}  // namespace ictgate::store

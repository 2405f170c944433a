// A pool of read connections to one SQLite database.
//
// In WAL mode any number of readers run beside the writer and beside each
// other, each on its own snapshot; one connection, though, serves one reader
// at a time. The pool gives each reader a connection of its own for as long
// as it holds a Lease: it opens connections lazily, with the opener it was
// given, up to `max_connections`, and when every one is leased Acquire waits
// until one is returned.
//
//   ReadPool pool([path] { return OpenDatabase(path); }, 16);
//   {
//     ReadPool::Lease db = pool.Acquire();     // declared before the statements,
//     SQLite::Statement q(*db, "SELECT ...");  // so they are finalized first
//   }                                          // the connection is back
//
// Each connection comes with its own StatementCache (store/statement_cache.h),
// for the statements every read runs: preparing "SELECT ... WHERE id = ?"
// anew was half of an activity read's time in SQLite.
//
//   ReadPool::Lease db = pool.Acquire();
//   StatementCache::Use q = db.statements().Get("SELECT ...");
//
// Contract:
// - Thread-safe. While a Lease lives, its connection is used through it
//   alone; a Lease may move to another thread, but not be shared by two.
// - Every statement on a leased connection is finalized, and every
//   transaction ended, before the Lease goes. A connection returned still
//   inside a transaction is closed, not handed out again: its snapshot may
//   be stale, and the next reader must see every write committed before it
//   started.
// - When the opener throws, Acquire throws that exception and the slot is
//   free again; connections already open are unaffected.
// - Not re-entrant: a thread holding a lease that asks for another waits
//   forever once the pool is exhausted (at max_connections = 1, at once).
// - A lease's cached statements are reset when each Use goes (StatementCache's
//   contract), so a connection returned idle holds no read open; they are
//   finalized with their connection, before it closes.
// - Every Lease is destroyed before the pool.
#ifndef ICTGATE_STORE_READ_POOL_H_
#define ICTGATE_STORE_READ_POOL_H_

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "store/statement_cache.h"

namespace ictgate::store {

class ReadPool {
 public:
  // Opens one read connection; may throw.
  using Opener = std::function<std::unique_ptr<SQLite::Database>()>;

  // Enough for the readers a busy server has at once (most reads take well
  // under a millisecond); each open connection keeps its own page cache.
  static constexpr int kDefaultMaxConnections = 16;

  // Opens nothing yet. Throws std::invalid_argument when max_connections < 1.
  explicit ReadPool(Opener open, int max_connections = kDefaultMaxConnections);
  ~ReadPool();
  ReadPool(const ReadPool&) = delete;
  ReadPool& operator=(const ReadPool&) = delete;

  // One open connection and the statements prepared on it. The statements
  // are declared after the connection, so that they are finalized first.
  struct Connection {
    explicit Connection(std::unique_ptr<SQLite::Database> opened);
    std::unique_ptr<SQLite::Database> db;
    std::unique_ptr<StatementCache> statements;
  };

  // A connection held for one reader; returned to the pool when destroyed.
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    SQLite::Database& operator*() const { return *connection_->db; }
    SQLite::Database* operator->() const { return connection_->db.get(); }
    // The statements cached on this connection; see the contract above.
    StatementCache& statements() const { return *connection_->statements; }

   private:
    friend class ReadPool;
    Lease(ReadPool* pool, std::unique_ptr<Connection> connection);
    ReadPool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  // An idle connection (the most recently returned, whose pages are most
  // likely still cached), else a new one while fewer than max_connections
  // are open, else waits for a return. Throws what the opener throws.
  [[nodiscard]] Lease Acquire();

  // Calls `visit` on every open connection, once none is leased: waits for
  // every lease to be returned, and holds off Acquire while visiting. For
  // diagnostics (the settings in force); never call it holding a lease.
  void ForEachOpen(const std::function<void(SQLite::Database&)>& visit);

  int max_connections() const { return max_; }
  // Connections open now, leased or idle (and any being opened).
  int open_connections() const;
  // Callers of Acquire waiting for a connection now (tests, metrics).
  int waiting() const;

 private:
  void Return(std::unique_ptr<Connection> connection) noexcept;

  const Opener opener_;
  const int max_;
  mutable std::mutex mutex_;
  std::condition_variable available_;              // an idle connection or a free slot
  std::condition_variable all_idle_;               // no connection leased or being opened
  std::vector<std::unique_ptr<Connection>> idle_;  // capacity max_: Return never allocates
  int open_ = 0;                                   // leased + idle + being opened
  int waiting_ = 0;
};

}  // namespace ictgate::store

#endif  // ICTGATE_STORE_READ_POOL_H_

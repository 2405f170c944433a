// Prepared statements of one connection, kept for reuse.
//
// Preparing a statement parses and plans its SQL. A transition runs the same
// few statements every time (update the activity, read the chain's head,
// insert the event, and the savepoint around them), all in the writer's one
// transaction at a time; preparing them anew each time was about a third of
// the writer's time per transition. The cache prepares each SQL text once
// and hands the statement out again, reset.
//
//   StatementCache cache(db);
//   {
//     StatementCache::Use insert = cache.Get("INSERT INTO t VALUES (?)");
//     insert->bind(1, 42);
//     insert->exec();
//   }  // reset, bindings cleared: ready for the next Get
//
// Contract:
// - Not thread-safe: whoever calls Get has the connection to itself (the
//   write lock), for as long as the Use lives.
// - A Use is reset and its bindings cleared when it goes, stepped to the
//   end or not, so no statement keeps a read transaction open between uses.
// - One Use per SQL text at a time: Get of a text whose Use still lives
//   throws std::logic_error (the two would share one statement's cursor).
// - Get throws SQLite::Exception when the SQL does not prepare; nothing is
//   cached then.
// - The cache goes before its connection (it finalizes its statements).
#ifndef ICTGATE_STORE_STATEMENT_CACHE_H_
#define ICTGATE_STORE_STATEMENT_CACHE_H_

#include <memory>
#include <string>
#include <unordered_map>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace ictgate::store {

class StatementCache {
 public:
  explicit StatementCache(SQLite::Database& db);
  ~StatementCache();
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;

  // One use of a cached statement; see the contract above.
  class Use {
   public:
    Use(Use&& other) noexcept;
    Use& operator=(Use&&) = delete;
    ~Use();
    SQLite::Statement& operator*() const;
    SQLite::Statement* operator->() const { return &**this; }

   private:
    friend class StatementCache;
    struct Entry;
    explicit Use(Entry* entry);
    Entry* entry_;
  };

  // The statement of `sql`, prepared on first use.
  [[nodiscard]] Use Get(const std::string& sql);

  // Statements prepared so far (tests).
  size_t size() const { return entries_.size(); }

 private:
  SQLite::Database& db_;
  std::unordered_map<std::string, std::unique_ptr<Use::Entry>> entries_;
};

}  // namespace ictgate::store

#endif  // ICTGATE_STORE_STATEMENT_CACHE_H_

#include "store/read_pool.h"

#include <cassert>
#include <stdexcept>
#include <string>
#include <utility>

#include <sqlite3.h>

namespace ictgate::store {

ReadPool::ReadPool(Opener open, int max_connections)
    : opener_(std::move(open)), max_(max_connections) {
  if (max_ < 1) {
    throw std::invalid_argument("a read pool needs at least one connection (asked for " +
                                std::to_string(max_) + ")");
  }
  idle_.reserve(static_cast<size_t>(max_));
}

ReadPool::~ReadPool() {
  assert(static_cast<int>(idle_.size()) == open_ && "a lease outlived its pool");
}

ReadPool::Lease ReadPool::Acquire() {
  std::unique_lock<std::mutex> lock(mutex_);
  ++waiting_;
  available_.wait(lock, [this] { return !idle_.empty() || open_ < max_; });
  --waiting_;
  if (!idle_.empty()) {
    std::unique_ptr<Connection> connection = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(connection));
  }
  // The slot is taken before opening, and the opening (file system calls,
  // pragmas that may wait for the busy timeout) is done outside the lock, so
  // that other readers get idle connections meanwhile.
  ++open_;
  lock.unlock();
  try {
    std::unique_ptr<SQLite::Database> db = opener_();
    if (!db) throw std::logic_error("a read pool's opener returned no connection");
    return Lease(this, std::make_unique<Connection>(std::move(db)));
  } catch (...) {
    lock.lock();
    --open_;
    available_.notify_one();
    if (static_cast<int>(idle_.size()) == open_) all_idle_.notify_all();
    throw;
  }
}

void ReadPool::Return(std::unique_ptr<Connection> connection) noexcept {
  // Still inside a transaction: its snapshot may predate later commits.
  // Closing the connection (outside the lock) rolls the transaction back.
  if (sqlite3_get_autocommit(connection->db->getHandle()) == 0) connection.reset();
  std::lock_guard<std::mutex> lock(mutex_);
  if (connection) {
    idle_.push_back(std::move(connection));
  } else {
    --open_;
  }
  available_.notify_one();
  if (static_cast<int>(idle_.size()) == open_) all_idle_.notify_all();
}

void ReadPool::ForEachOpen(const std::function<void(SQLite::Database&)>& visit) {
  std::unique_lock<std::mutex> lock(mutex_);
  all_idle_.wait(lock, [this] { return static_cast<int>(idle_.size()) == open_; });
  for (const auto& connection : idle_) visit(*connection->db);
}

int ReadPool::open_connections() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return open_;
}

int ReadPool::waiting() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return waiting_;
}

ReadPool::Connection::Connection(std::unique_ptr<SQLite::Database> opened)
    : db(std::move(opened)), statements(std::make_unique<StatementCache>(*db)) {}

ReadPool::Lease::Lease(ReadPool* pool, std::unique_ptr<Connection> connection)
    : pool_(pool), connection_(std::move(connection)) {}

ReadPool::Lease::Lease(Lease&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)), connection_(std::move(other.connection_)) {}

ReadPool::Lease::~Lease() {
  if (pool_ && connection_) pool_->Return(std::move(connection_));
}

}  // namespace ictgate::store

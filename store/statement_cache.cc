#include "store/statement_cache.h"

#include <stdexcept>

namespace ictgate::store {

struct StatementCache::Use::Entry {
  Entry(SQLite::Database& db, const std::string& sql) : statement(db, sql) {}
  SQLite::Statement statement;
  bool in_use = false;
};

StatementCache::StatementCache(SQLite::Database& db) : db_(db) {}

StatementCache::~StatementCache() = default;

StatementCache::Use::Use(Entry* entry) : entry_(entry) {
  entry_->in_use = true;
}

StatementCache::Use::Use(Use&& other) noexcept : entry_(other.entry_) {
  other.entry_ = nullptr;
}

SQLite::Statement& StatementCache::Use::operator*() const {
  return entry_->statement;
}

StatementCache::Use::~Use() {
  if (!entry_) return;
  // reset() only reports the last step's error again, which its caller has
  // seen already; clearBindings() cannot fail on a valid statement.
  try {
    entry_->statement.reset();
    entry_->statement.clearBindings();
  } catch (const SQLite::Exception&) {
  }
  entry_->in_use = false;
}

StatementCache::Use StatementCache::Get(const std::string& sql) {
  auto found = entries_.find(sql);
  if (found == entries_.end()) {
    // Prepared before it is cached: SQL that does not prepare leaves nothing.
    auto entry = std::make_unique<Use::Entry>(db_, sql);
    found = entries_.emplace(sql, std::move(entry)).first;
  }
  if (found->second->in_use) {
    throw std::logic_error("statement already in use: " + sql);
  }
  return Use(found->second.get());
}

}  // namespace ictgate::store

// SqliteStore's API tokens: only their hashes are stored.
#include <stdexcept>
#include <string>

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/VariadicBind.h>

#include "store/sqlite_store.h"

namespace ictgate::store {
namespace {

TokenRecord ReadToken(SQLite::Statement& q) {
  TokenRecord t;
  t.id = q.getColumn(0).getInt64();
  t.name = q.getColumn(1).getString();
  const std::string role = q.getColumn(2).getString();
  const auto parsed = engine::ParseRole(role);
  if (!parsed) {
    throw std::runtime_error("token " + std::to_string(t.id) + " has an unknown role '" + role +
                             "'");
  }
  t.role = *parsed;
  t.department = q.getColumn(3).getString();
  t.created_at = q.getColumn(4).getString();
  if (!q.getColumn(5).isNull()) t.revoked_at = q.getColumn(5).getString();
  return t;
}

constexpr const char* kTokenColumns = "id, name, role, department, created_at, revoked_at";

}  // namespace

int64_t SqliteStore::AddToken(const TokenRecord& t, const std::string& token_hash) try {
  std::lock_guard<std::mutex> lock(write_mutex_);
  SQLite::Statement ins(Writer(),
                        "INSERT INTO tokens (name, role, department, hash, created_at)"
                        " VALUES (?, ?, ?, ?, ?)");
  SQLite::bind(ins, t.name, std::string(engine::RoleName(t.role)), t.department, token_hash,
               t.created_at);
  ins.exec();
  return writer_->getLastInsertRowid();
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

std::optional<TokenRecord> SqliteStore::FindActiveToken(const std::string& token_hash) try {
  const auto reader = readers_.Acquire();
  SQLite::Statement q(*reader, std::string("SELECT ") + kTokenColumns +
                                   " FROM tokens WHERE hash = ? AND revoked_at IS NULL");
  q.bind(1, token_hash);
  if (!q.executeStep()) return std::nullopt;
  return ReadToken(q);
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

std::vector<TokenRecord> SqliteStore::Tokens() try {
  const auto reader = readers_.Acquire();
  SQLite::Statement q(*reader, std::string("SELECT ") + kTokenColumns + " FROM tokens ORDER BY id");
  std::vector<TokenRecord> out;
  while (q.executeStep()) out.push_back(ReadToken(q));
  return out;
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

bool SqliteStore::RevokeToken(int64_t id, const std::string& revoked_at) try {
  std::lock_guard<std::mutex> lock(write_mutex_);
  SQLite::Statement upd(Writer(),
                        "UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
  upd.bind(1, revoked_at);
  upd.bind(2, id);
  return upd.exec() == 1;
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

}  // namespace ictgate::store

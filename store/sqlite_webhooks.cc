// SqliteStore's webhook subscriptions and outbox (migrations/0004).
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <SQLiteCpp/VariadicBind.h>

#include "store/chain.h"
#include "store/sqlite_store.h"

namespace ictgate::store {
namespace {

using nlohmann::json;

constexpr const char* kMessageColumns =
    "o.id, o.subscription_id, s.url, s.secret, o.seq, o.topic, o.body, o.attempts,"
    " o.next_attempt_at, o.delivered_at, o.failed_at, o.last_error";

std::optional<std::string> OptionalText(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getString();
}

OutboxMessage ReadMessage(SQLite::Statement& q) {
  OutboxMessage m;
  m.id = q.getColumn(0).getInt64();
  m.subscription_id = q.getColumn(1).getInt64();
  m.url = q.getColumn(2).getString();
  m.secret = q.getColumn(3).getString();
  m.seq = q.getColumn(4).getInt64();
  m.topic = q.getColumn(5).getString();
  m.body = q.getColumn(6).getString();
  m.attempts = q.getColumn(7).getInt();
  m.next_attempt_at = q.getColumn(8).getString();
  m.delivered_at = OptionalText(q.getColumn(9));
  m.failed_at = OptionalText(q.getColumn(10));
  m.last_error = q.getColumn(11).getString();
  return m;
}

// Messages with where they go: `condition` (one parameter, `key`) and an
// ORDER BY, at most `limit`.
template <typename Key>
std::vector<OutboxMessage> SelectMessages(SQLite::Database& db, const std::string& condition,
                                          const Key& key, int limit) {
  SQLite::Statement q(db, std::string("SELECT ") + kMessageColumns +
                              " FROM outbox o JOIN webhook_subscriptions s"
                              " ON s.id = o.subscription_id WHERE " +
                              condition + " LIMIT ?");
  q.bind(1, key);
  q.bind(2, limit);
  std::vector<OutboxMessage> out;
  while (q.executeStep()) out.push_back(ReadMessage(q));
  return out;
}

}  // namespace

void SqliteStore::InsertMessages(const std::vector<engine::Notification>& notifications,
                                 const ChainedEvent& event) {
  if (notifications.empty()) return;
  std::vector<std::pair<int64_t, json>> active;
  {
    const StatementCache::Use subscribers = statements_->Get(
        "SELECT id, topics FROM webhook_subscriptions"
        " WHERE deleted_at IS NULL AND (department = '*' OR department = ?)");
    subscribers->bind(1, notifications.front().department);
    while (subscribers->executeStep()) {
      active.emplace_back(subscribers->getColumn(0).getInt64(),
                          json::parse(subscribers->getColumn(1).getString()));
    }
  }
  // Most transitions have nobody to tell: no body is built for them. This
  // runs inside the group's transaction, which every writer waits for.
  if (active.empty()) return;
  SQLite::Statement ins(*writer_,
                        "INSERT INTO outbox (subscription_id, seq, topic, body, next_attempt_at)"
                        " VALUES (?, ?, ?, ?, ?)");
  for (const auto& n : notifications) {
    std::string text;  // built for the first subscriber that follows the topic
    for (const auto& [id, topics] : active) {
      if (std::find(topics.begin(), topics.end(), n.topic) == topics.end()) continue;
      if (text.empty()) {
        json body = n.body;
        body["event"] = ChainedEntryJson(event);
        text = body.dump();
      }
      ins.reset();
      SQLite::bind(ins, id, event.seq, n.topic, text, engine::FormatInstant(event.event.at));
      ins.exec();
    }
  }
}

int64_t SqliteStore::AddSubscription(const Subscription& s) try {
  std::lock_guard<std::mutex> lock(write_mutex_);
  SQLite::Statement ins(Writer(),
                        "INSERT INTO webhook_subscriptions (url, secret, topics, department,"
                        " created_at) VALUES (?, ?, ?, ?, ?)");
  SQLite::bind(ins, s.url, s.secret, json(s.topics).dump(), s.department, s.created_at);
  ins.exec();
  return writer_->getLastInsertRowid();
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

std::vector<Subscription> SqliteStore::Subscriptions() try {
  const auto reader = readers_.Acquire();
  SQLite::Statement q(*reader,
                      "SELECT id, url, secret, topics, department, created_at"
                      " FROM webhook_subscriptions WHERE deleted_at IS NULL ORDER BY id");
  std::vector<Subscription> out;
  while (q.executeStep()) {
    out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                   q.getColumn(2).getString(),
                   json::parse(q.getColumn(3).getString()).get<std::vector<std::string>>(),
                   q.getColumn(4).getString(), q.getColumn(5).getString()});
  }
  return out;
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

bool SqliteStore::DeleteSubscription(int64_t id, const std::string& at) try {
  std::lock_guard<std::mutex> lock(write_mutex_);
  SQLite::Statement upd(Writer(),
                        "UPDATE webhook_subscriptions SET deleted_at = ?"
                        " WHERE id = ? AND deleted_at IS NULL");
  upd.bind(1, at);
  upd.bind(2, id);
  return upd.exec() == 1;
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

std::vector<OutboxMessage> SqliteStore::DueMessages(const std::string& now, int limit) try {
  const auto reader = readers_.Acquire();
  return SelectMessages(*reader,
                        "o.delivered_at IS NULL AND o.failed_at IS NULL AND s.deleted_at IS NULL"
                        " AND o.next_attempt_at <= ? ORDER BY o.next_attempt_at, o.id",
                        now, limit);
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

std::vector<OutboxMessage> SqliteStore::Messages(int64_t subscription_id, int limit) try {
  const auto reader = readers_.Acquire();
  return SelectMessages(*reader, "o.subscription_id = ? ORDER BY o.id DESC", subscription_id,
                        limit);
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

void SqliteStore::RecordAttempt(int64_t message_id, const DeliveryAttempt& a) try {
  std::lock_guard<std::mutex> lock(write_mutex_);
  SQLite::Statement upd(Writer(),
                        "UPDATE outbox SET attempts = attempts + 1, last_error = ?,"
                        " delivered_at = ?, failed_at = ?,"
                        " next_attempt_at = coalesce(?, next_attempt_at) WHERE id = ?");
  upd.bind(1, a.error);
  if (a.delivered) upd.bind(2, a.at);
  if (!a.delivered && !a.next_attempt_at) upd.bind(3, a.at);
  if (a.next_attempt_at) upd.bind(4, *a.next_attempt_at);
  upd.bind(5, message_id);
  upd.exec();
} catch (const SQLite::Exception& e) {
  throw Unavailable(e.what());
}

}  // namespace ictgate::store

// The composition root: where a store, a clock, the policy packs and the
// services are put together. The command line, the tests and the benchmarks
// all build the application here, so there is one wiring to read.
//
//   engine::SystemClock clock;
//   auto app = app::Application::Open(app::OpenOptions("ictgate.db"), clock);
//   app->service().Create(...);
#ifndef ICTGATE_APP_APPLICATION_H_
#define ICTGATE_APP_APPLICATION_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>

#include "app/audit.h"
#include "app/policy_registry.h"
#include "app/service.h"
#include "app/sessions.h"
#include "app/tokens.h"
#include "app/webhooks.h"
#include "engine/clock.h"

namespace ictgate::app {

// store::ReadPool::kDefaultMaxConnections, named here so that this header
// need not include the store's SQLite headers (application.cc checks that
// the two agree).
inline constexpr int kDefaultReadConnections = 16;

struct OpenOptions {
  explicit OpenOptions(std::string db_file) : db(std::move(db_file)) {}

  std::string db;  // the SQLite file
  // Read-only: no migration, no pack registration, every write refused. The
  // file must exist and its schema be current.
  bool read_only = false;
  // Refuse a path with no database instead of creating one (commands that
  // only read or check: a typo must not create an empty database that then
  // "verifies").
  bool must_exist = false;
  int64_t max_db_bytes = 0;  // 0: no cap
  // Reads the store runs at once, each on a connection of its own
  // (store/read_pool.h); at least 1.
  int read_connections = kDefaultReadConnections;
  // How token lookups are remembered (app/tokens.h).
  TokenCacheOptions token_cache;
  // How long a dashboard sign-in lasts (app/sessions.h).
  SessionOptions sessions;
  // Webhook receivers inside the network the operator allows
  // (app/webhook_destination.h).
  DestinationPolicy webhook_destinations;
};

// What the operator's metrics count, read when asked.
struct OperationalCounts {
  std::map<std::string, int64_t> events_by_type;             // "submit" -> 12
  std::map<std::string, int64_t> activities_by_eligibility;  // "eligible" -> 3, now
};

class Application {
 public:
  // Opens the SQLite database of `options` (applying migrations unless read
  // only). Throws std::runtime_error with a message for the operator when
  // the database is missing and must exist, store::Unavailable when it
  // cannot be opened, store::MigrationError when its schema is not ours.
  static std::unique_ptr<Application> Open(const OpenOptions& options, const engine::Clock& clock);

  // Over a store already open. `clock` must outlive the application.
  Application(std::unique_ptr<store::Store> store, const engine::Clock& clock,
              PolicyRegistry::Mode mode = PolicyRegistry::Mode::kRegister,
              DestinationPolicy webhook_destinations = {}, TokenCacheOptions token_cache = {},
              SessionOptions sessions = {});
  ~Application();

  // Erases the person `name` from the record (app/actors.h) and ends what
  // this process keeps of them: their remembered tokens and their sessions.
  // nullopt when nobody of that name acted.
  std::optional<ActorErasure> EraseActor(const std::string& name);

  Service& service() { return service_; }
  Tokens& tokens() { return tokens_; }
  Sessions& sessions() { return sessions_; }
  Audit& audit() { return audit_; }
  WebhookAdmin& webhooks() { return webhooks_; }
  PolicyRegistry& packs() { return packs_; }
  const engine::Clock& clock() const { return clock_; }
  OperationalCounts Counts();
  // A dispatcher for the outbox, under the same destination policy as the
  // subscriptions.
  WebhookDispatcher Dispatcher(DispatchOptions options = {}) {
    return WebhookDispatcher(*store_, clock_, destinations_, options);
  }

  // The store itself: for the shell's own tools (export, import, the
  // dispatcher, tests), never for the API.
  store::Store& store() { return *store_; }

 private:
  std::unique_ptr<store::Store> store_;
  const engine::Clock& clock_;
  const DestinationPolicy destinations_;
  PolicyRegistry packs_;
  Service service_;
  Tokens tokens_;
  Sessions sessions_;
  Audit audit_;
  WebhookAdmin webhooks_;
};

}  // namespace ictgate::app

#endif  // ICTGATE_APP_APPLICATION_H_

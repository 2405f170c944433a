#include "app/application.h"

#include <sys/stat.h>

#include <stdexcept>

#include "store/sqlite_store.h"

namespace ictgate::app {

static_assert(kDefaultReadConnections == store::ReadPool::kDefaultMaxConnections);

std::unique_ptr<Application> Application::Open(const OpenOptions& options,
                                               const engine::Clock& clock) {
  struct stat info {};
  if ((options.must_exist || options.read_only) && stat(options.db.c_str(), &info) != 0) {
    throw std::runtime_error("no database at " + options.db);
  }
  const auto mode = options.read_only ? store::OpenMode::kReadOnly : store::OpenMode::kReadWrite;
  auto sqlite = std::make_unique<store::SqliteStore>(options.db, mode, options.read_connections);
  if (options.max_db_bytes > 0) sqlite->LimitSize(options.max_db_bytes);
  return std::make_unique<Application>(
      std::move(sqlite), clock,
      options.read_only ? PolicyRegistry::Mode::kReadOnly : PolicyRegistry::Mode::kRegister,
      options.webhook_destinations, options.token_cache, options.sessions);
}

Application::Application(std::unique_ptr<store::Store> store, const engine::Clock& clock,
                         PolicyRegistry::Mode mode, DestinationPolicy webhook_destinations,
                         TokenCacheOptions token_cache, SessionOptions sessions)
    : store_(std::move(store)),
      clock_(clock),
      destinations_(std::move(webhook_destinations)),
      packs_(*store_, clock.Now(), mode),
      service_(*store_, clock, packs_),
      tokens_(*store_, clock, token_cache),
      sessions_(clock, sessions),
      audit_(*store_, service_),
      webhooks_(*store_, clock, destinations_) {
  // A chain from before pseudonyms is rewritten once, by the first program
  // that opens it for writing (migrations/0010_actors.sql).
  if (mode == PolicyRegistry::Mode::kRegister)
    PseudonymiseNamedActors(*store_, packs_, clock.Now());
}

Application::~Application() = default;

std::optional<ActorErasure> Application::EraseActor(const std::string& name) {
  auto erased = service_.actors().Erase(name, clock_.Now());
  if (erased) {
    tokens_.ForgetHolder(name);
    sessions_.CloseAllOf(name);
  }
  return erased;
}

OperationalCounts Application::Counts() {
  OperationalCounts counts;
  counts.events_by_type = store_->EventCounts();
  static const engine::Actor kOperator{"metrics", engine::Role::kAuditor, "*"};
  service_.ForEachEligibility("", kOperator, clock_.Now(), [&](const EligibilityReport& r) {
    ++counts.activities_by_eligibility[std::string(
        engine::EligibilityStatusName(r.eligibility.status))];
    return true;
  });
  return counts;
}

}  // namespace ictgate::app

// Tokens' memory of lookups: a token found active is answered from memory
// for at most max_age on the injected clock; Tokens::Revoke forgets it before
// returning; unknown tokens are never remembered; the memory is bounded.
// "Behind the cache's back" below is a revocation written straight into the
// store, as `ictgate token revoke` does from another process.
#include <atomic>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "app/tokens.h"
#include "engine/clock.h"
#include "fixtures.h"
#include "store/sqlite_store.h"

namespace ictgate {
namespace {

using namespace testing;
using namespace std::chrono_literals;

struct TokensFixture {
  explicit TokensFixture(app::TokenCacheOptions options = {}) : tokens(store, clock, options) {}

  TempDir dir;
  store::SqliteStore store{dir.File("tokens.db")};
  engine::ManualClock clock{kNow};
  app::Tokens tokens;

  // The id of the token named `name`.
  int64_t Id(const std::string& name) {
    for (const auto& t : store.Tokens()) {
      if (t.name == name) return t.id;
    }
    FAIL("no token " << name);
    return 0;
  }
  void RevokeBehindTheBack(const std::string& name) {
    REQUIRE(store.RevokeToken(Id(name), "2026-12-01T12:00:00.000Z"));
  }
};

TEST_CASE("a token found active is answered from memory, not from the store, until max age") {
  TokensFixture f;
  const std::string token = f.tokens.Issue("finance", engine::Role::kFinance, "BZK");
  const auto actor = f.tokens.Authenticate(token);
  REQUIRE(actor);
  CHECK(actor->role == engine::Role::kFinance);
  CHECK(f.tokens.CachedCount() == 1);

  // The store refuses the token now; the remembered answer stands...
  f.RevokeBehindTheBack("finance");
  REQUIRE_FALSE(f.store.FindActiveToken(app::TokenHash(token)));
  CHECK(f.tokens.Authenticate(token));
  f.clock.Advance(999ms);
  CHECK(f.tokens.Authenticate(token));
  // ...for less than max_age (1 s): then the store is asked again.
  f.clock.Advance(1ms);
  CHECK_FALSE(f.tokens.Authenticate(token));
  CHECK(f.tokens.CachedCount() == 0);
}

TEST_CASE("Tokens::Revoke forgets the token: the next request is refused") {
  TokensFixture f;
  const std::string token = f.tokens.Issue("owner", engine::Role::kOwner, "BZK");
  const std::string other = f.tokens.Issue("cio", engine::Role::kCio, "BZK");
  REQUIRE(f.tokens.Authenticate(token));
  REQUIRE(f.tokens.Authenticate(other));
  REQUIRE(f.tokens.CachedCount() == 2);

  CHECK(f.tokens.Revoke(f.Id("owner")));
  CHECK_FALSE(f.tokens.Authenticate(token));  // the clock has not moved
  CHECK(f.tokens.Authenticate(other));        // the others stay remembered
  CHECK(f.tokens.CachedCount() == 1);
  CHECK_FALSE(f.tokens.Revoke(f.Id("owner")));  // already revoked
}

TEST_CASE("revoking a token already revoked elsewhere still forgets it") {
  TokensFixture f;
  const std::string token = f.tokens.Issue("sg", engine::Role::kSg, "BZK");
  REQUIRE(f.tokens.Authenticate(token));
  f.RevokeBehindTheBack("sg");
  CHECK(f.tokens.Authenticate(token));  // remembered
  CHECK_FALSE(f.tokens.Revoke(f.Id("sg")));
  CHECK_FALSE(f.tokens.Authenticate(token));
}

TEST_CASE("a remembered answer expires at max age on the injected clock, also set back") {
  app::TokenCacheOptions options;
  options.max_age = 5s;
  TokensFixture f(options);
  const std::string token = f.tokens.Issue("owner", engine::Role::kOwner, "BZK");
  REQUIRE(f.tokens.Authenticate(token));
  f.RevokeBehindTheBack("owner");
  f.clock.Advance(4999ms);
  CHECK(f.tokens.Authenticate(token));
  f.clock.Advance(1ms);
  CHECK_FALSE(f.tokens.Authenticate(token));

  // A clock set back does not make an answer young again.
  const std::string other = f.tokens.Issue("cio", engine::Role::kCio, "BZK");
  REQUIRE(f.tokens.Authenticate(other));
  f.RevokeBehindTheBack("cio");
  f.clock.Advance(-1ms);
  CHECK_FALSE(f.tokens.Authenticate(other));
}

TEST_CASE("a max age of 0 asks the store on every request") {
  app::TokenCacheOptions options;
  options.max_age = 0ms;
  TokensFixture f(options);
  const std::string token = f.tokens.Issue("owner", engine::Role::kOwner, "BZK");
  REQUIRE(f.tokens.Authenticate(token));
  CHECK(f.tokens.CachedCount() == 0);
  f.RevokeBehindTheBack("owner");
  CHECK_FALSE(f.tokens.Authenticate(token));
}

TEST_CASE("unknown tokens are never remembered, so a token issued later is found at once") {
  TokensFixture f;
  for (int i = 0; i < 1000; ++i) CHECK_FALSE(f.tokens.Authenticate(app::NewToken()));
  CHECK(f.tokens.CachedCount() == 0);

  const std::string token = "igt_" + std::string(64, 'a');
  CHECK_FALSE(f.tokens.Authenticate(token));
  store::TokenRecord record;
  record.name = "late";
  record.role = engine::Role::kAuditor;
  record.department = "*";
  record.created_at = "2026-12-01T12:00:00.000Z";
  f.store.AddToken(record, app::TokenHash(token));
  const auto actor = f.tokens.Authenticate(token);
  REQUIRE(actor);
  CHECK(actor->name == "late");
}

TEST_CASE("the memory holds at most max_entries tokens, and forgotten ones still authenticate") {
  app::TokenCacheOptions options;
  options.max_entries = 3;
  TokensFixture f(options);
  std::vector<std::string> issued;
  for (int i = 0; i < 8; ++i) {
    issued.push_back(f.tokens.Issue("t" + std::to_string(i), engine::Role::kOwner, "BZK"));
  }
  for (int round = 0; round < 2; ++round) {
    for (const auto& token : issued) {
      CHECK(f.tokens.Authenticate(token));
      CHECK(f.tokens.CachedCount() <= 3);
    }
  }
  CHECK(f.tokens.CachedCount() == 3);
}

// Lookups from many threads while tokens are revoked one by one: a lookup
// that starts after Revoke returned is refused, however the threads meet
// (and TSan sees the cache's locking).
TEST_CASE("a lookup that starts after Revoke returned is refused, from any thread") {
  TokensFixture f;
  constexpr int kTokens = 16;
  constexpr int kThreads = 4;
  std::vector<std::string> issued;
  std::vector<int64_t> ids;
  for (int i = 0; i < kTokens; ++i) {
    const std::string name = "t" + std::to_string(i);
    issued.push_back(f.tokens.Issue(name, engine::Role::kOwner, "BZK"));
    ids.push_back(f.Id(name));
  }
  std::atomic<int> revoked_below{0};  // tokens [0, revoked_below) are revoked
  std::atomic<int> accepted_after_revoke{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int n = t; !stop; ++n) {
        const int i = n % kTokens;
        const bool was_revoked = i < revoked_below;  // read before the lookup starts
        if (f.tokens.Authenticate(issued[i]) && was_revoked) ++accepted_after_revoke;
      }
    });
  }
  for (int i = 0; i < kTokens; ++i) {
    REQUIRE(f.tokens.Revoke(ids[i]));
    revoked_below = i + 1;
  }
  stop = true;
  for (auto& thread : threads) thread.join();
  CHECK(accepted_after_revoke == 0);
  for (const auto& token : issued) CHECK_FALSE(f.tokens.Authenticate(token));
  CHECK(f.tokens.CachedCount() == 0);
}

}  // namespace
}  // namespace ictgate

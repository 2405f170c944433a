// Browser sessions (app/sessions.h): a session stands for its actor until
// sign-out, 30 minutes without use, or 8 hours after sign-in, whichever comes
// first; ids and CSRF secrets are random; the number kept is bounded.
#include <set>

#include <catch2/catch.hpp>

#include "app/sessions.h"
#include "engine/clock.h"
#include "fixtures.h"

namespace ictgate {
namespace {

using namespace testing;
using namespace std::chrono_literals;

TEST_CASE("a session stands for its actor until it is closed") {
  engine::ManualClock clock{kNow};
  app::Sessions sessions(clock);
  const app::Session opened = sessions.Open(Finance(), "igt_x", "token");
  CHECK(opened.id.rfind("igs_", 0) == 0);
  CHECK(opened.id.size() == 4 + 64);
  CHECK(opened.csrf.size() == 64);
  CHECK(opened.expires_at == kNow + 30min);

  const auto found = sessions.Find(opened.id);
  REQUIRE(found);
  CHECK(found->actor.role == engine::Role::kFinance);
  CHECK(found->actor.department == "BZK");
  CHECK(found->token == "igt_x");
  CHECK(found->method == "token");
  CHECK(found->csrf == opened.csrf);

  CHECK(sessions.Close(opened.id));
  CHECK_FALSE(sessions.Find(opened.id));
  CHECK_FALSE(sessions.Close(opened.id));
  CHECK(sessions.Count() == 0);
}

TEST_CASE("unknown and almost-right session ids find nothing") {
  engine::ManualClock clock{kNow};
  app::Sessions sessions(clock);
  const app::Session opened = sessions.Open(Owner(), "", "demo");
  CHECK_FALSE(sessions.Find(""));
  CHECK_FALSE(sessions.Find("igs_"));
  std::string other = opened.id;
  other.back() = other.back() == '0' ? '1' : '0';
  CHECK_FALSE(sessions.Find(other));
  CHECK(sessions.Find(opened.id));
}

TEST_CASE("every session has its own id and CSRF secret") {
  engine::ManualClock clock{kNow};
  app::Sessions sessions(clock);
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const app::Session s = sessions.Open(Owner(), "", "demo");
    CHECK(seen.insert(s.id).second);
    CHECK(seen.insert(s.csrf).second);
  }
}

TEST_CASE("a session ends after 30 minutes without use, and each use moves that on") {
  engine::ManualClock clock{kNow};
  app::Sessions sessions(clock);
  const std::string id = sessions.Open(Owner(), "", "demo").id;
  clock.Advance(30min - 1ms);
  const auto used = sessions.Find(id);
  REQUIRE(used);
  CHECK(used->expires_at == clock.Now() + 30min);
  clock.Advance(30min - 1ms);
  CHECK(sessions.Find(id));
  clock.Advance(30min);
  CHECK_FALSE(sessions.Find(id));
  CHECK(sessions.Count() == 0);  // ended, not only refused
}

TEST_CASE("a session in use ends 8 hours after sign-in all the same") {
  engine::ManualClock clock{kNow};
  app::Sessions sessions(clock);
  const std::string id = sessions.Open(Owner(), "", "demo").id;
  for (int i = 0; i < 23; ++i) {  // every 20 minutes for 7 h 40 min
    clock.Advance(20min);
    REQUIRE(sessions.Find(id));
  }
  clock.Advance(19min);
  const auto last = sessions.Find(id);
  REQUIRE(last);
  CHECK(last->expires_at == kNow + 8h);
  clock.Advance(1min);
  CHECK_FALSE(sessions.Find(id));
}

TEST_CASE("past the cap, the session used longest ago is ended") {
  engine::ManualClock clock{kNow};
  app::SessionOptions options;
  options.max_sessions = 2;
  app::Sessions sessions(clock, options);
  const std::string first = sessions.Open(Owner(), "", "demo").id;
  clock.Advance(1s);
  const std::string second = sessions.Open(Cio(), "", "demo").id;
  clock.Advance(1s);
  REQUIRE(sessions.Find(first));  // now the second is the one used longest ago
  clock.Advance(1s);
  const std::string third = sessions.Open(Finance(), "", "demo").id;
  CHECK(sessions.Count() == 2);
  CHECK(sessions.Find(first));
  CHECK_FALSE(sessions.Find(second));
  CHECK(sessions.Find(third));
}

}  // namespace
}  // namespace ictgate

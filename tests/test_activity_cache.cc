// The cache of parsed activities: answers only the version asked for, keeps
// the newer of two puts, drops the least recently used past its capacity;
// and through the store: a write by another connection to the same file is
// read, never the cached copy.
#include <memory>

#include <catch2/catch.hpp>

#include "engine/lifecycle.h"
#include "fixtures.h"
#include "store/activity_cache.h"
#include "store/database.h"
#include "store/sqlite_store.h"

namespace ictgate {
namespace {

using engine::EventType;
using nlohmann::json;
using store::ActivityCache;
using testing::kNow;

std::shared_ptr<const engine::Activity> At(const std::string& id, int64_t version) {
  auto a = testing::ActivityIn(engine::State::kDraft);
  a.id = id;
  a.version = version;
  return std::make_shared<const engine::Activity>(std::move(a));
}

TEST_CASE("activity cache: a hit is of exactly the version asked for") {
  ActivityCache cache(8);
  CHECK(cache.Find("BZK-2026-0001", 1) == nullptr);
  cache.Put(At("BZK-2026-0001", 3));
  const auto hit = cache.Find("BZK-2026-0001", 3);
  REQUIRE(hit);
  CHECK(hit->version == 3);
  CHECK(cache.Find("BZK-2026-0001", 4) == nullptr);  // written since
  CHECK(cache.Find("BZK-2026-0001", 2) == nullptr);
  CHECK(cache.counts().hits == 1);
  CHECK(cache.counts().misses == 3);
}

TEST_CASE("activity cache: an older version put after a newer one does not replace it") {
  ActivityCache cache(8);
  cache.Put(At("BZK-2026-0001", 5));
  cache.Put(At("BZK-2026-0001", 4));  // a reader that parsed before the write
  CHECK(cache.Find("BZK-2026-0001", 5) != nullptr);
  cache.Put(At("BZK-2026-0001", 6));
  CHECK(cache.Find("BZK-2026-0001", 6) != nullptr);
  CHECK(cache.counts().size == 1);
}

TEST_CASE("activity cache: past its capacity the least recently used goes") {
  ActivityCache cache(2);
  cache.Put(At("A", 1));
  cache.Put(At("B", 1));
  REQUIRE(cache.Find("A", 1));  // A is now the most recent
  cache.Put(At("C", 1));        // B goes
  CHECK(cache.Find("B", 1) == nullptr);
  CHECK(cache.Find("A", 1) != nullptr);
  CHECK(cache.Find("C", 1) != nullptr);
  CHECK(cache.counts().size == 2);
  cache.Clear();
  CHECK(cache.Find("A", 1) == nullptr);
  CHECK(cache.counts().size == 0);
}

TEST_CASE("activity cache: a capacity of zero keeps nothing") {
  ActivityCache cache(0);
  cache.Put(At("A", 1));
  CHECK(cache.Find("A", 1) == nullptr);
  CHECK(cache.counts().size == 0);
}

TEST_CASE("store: a write through another connection is read, not the cached copy") {
  testing::TempDir dir;
  const std::string path = dir.File("cache.db");
  store::SqliteStore service(path);
  store::SqliteStore other(path);  // another process on the same file, say the CLI
  const auto created =
      engine::DecideCreate({EventType::kCreate, testing::NewActivityInput(), testing::Owner(), "r"},
                           testing::TestPack(), kNow);
  REQUIRE(created.ok());
  const std::string id =
      service.Create(created.value(), engine::Apply({}, created.value())).first.id;
  REQUIRE(service.Load(id)->state == engine::State::kDraft);
  const auto hits = service.ActivityCacheCounts().hits;
  REQUIRE(service.Load(id));
  CHECK(service.ActivityCacheCounts().hits == hits + 1);  // cached since its write

  const auto a = *other.Load(id);
  const auto submit = engine::Decide(a, {EventType::kSubmit, json::object(), testing::Owner(), "r"},
                                     testing::TestPack(), kNow);
  REQUIRE(submit.ok());
  other.Append(submit.value(), engine::Apply(a, submit.value()));

  const auto read = service.Load(id);
  REQUIRE(read);
  CHECK(read->state == engine::State::kSubmitted);
  CHECK(read->version == a.version + 1);
  CHECK(!service.Load("BZK-2026-0099"));
}

TEST_CASE("store: an edit behind the store's back is seen by LoadUncached, which audits use") {
  testing::TempDir dir;
  const std::string path = dir.File("cache.db");
  store::SqliteStore service(path);
  const auto created =
      engine::DecideCreate({EventType::kCreate, testing::NewActivityInput(), testing::Owner(), "r"},
                           testing::TestPack(), kNow);
  REQUIRE(created.ok());
  const std::string id =
      service.Create(created.value(), engine::Apply({}, created.value())).first.id;
  {
    auto db = store::OpenDatabase(path);
    db->exec("UPDATE activities SET record = json_set(record, '$.title', 'edited') WHERE id = '" +
             id + "'");
  }
  CHECK(service.LoadUncached(id)->title == "edited");
  // The cached copy is of the same version: Load does not see the edit,
  // which is why the audit's replay check reads uncached.
  CHECK(service.Load(id)->title != "edited");
  CHECK(!service.LoadUncached("BZK-2026-0099"));
}

}  // namespace
}  // namespace ictgate

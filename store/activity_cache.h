// Parsed activity records, kept by id and checked against the row's version.
//
// Every transition first reads the activity it changes, and reading one
// parses its stored JSON record: that parse was the largest single cost of
// a write outside the HTTP exchange. The cache keeps the activities last
// written or read, parsed. A read still asks the row for its version (one
// indexed lookup), and parses the record only when the cached copy is of
// another version, so it never answers from a stale copy, even after a write
// by another process on the same file.
//
//   ActivityCache cache(4096);
//   if (auto hit = cache.Find(id, version_of_the_row)) return *hit;
//   ... parse the record ..., then cache.Put(activity);
//
// Contract: VersionedCache's (common/versioned_cache.h), keyed by the
// activity's id at its version. Sound only while every change of a stored
// record changes its version, as every write through the Store does. Clear
// drops everything (import).
#ifndef ICTGATE_STORE_ACTIVITY_CACHE_H_
#define ICTGATE_STORE_ACTIVITY_CACHE_H_

#include <memory>
#include <utility>

#include "common/versioned_cache.h"
#include "engine/activity.h"

namespace ictgate::store {

class ActivityCache : public VersionedCache<engine::Activity> {
 public:
  using VersionedCache::VersionedCache;
  // Keeps `activity` under its own id and version.
  void Put(std::shared_ptr<const engine::Activity> activity) {
    const std::string id = activity->id;
    const int64_t version = activity->version;
    VersionedCache::Put(id, version, std::move(activity));
  }
};

}  // namespace ictgate::store

#endif  // ICTGATE_STORE_ACTIVITY_CACHE_H_

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
// Contract:
// - Thread-safe.
// - Find answers only an activity of exactly the version asked for.
// - Holds at most `capacity` activities; Put past it drops the least
//   recently found or put.
// - Sound only while every change of a stored record changes its version,
//   as every write through the Store does. Clear drops everything (import).
#ifndef ICTGATE_STORE_ACTIVITY_CACHE_H_
#define ICTGATE_STORE_ACTIVITY_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "engine/activity.h"

namespace ictgate::store {

class ActivityCache {
 public:
  // A capacity of 0 caches nothing.
  explicit ActivityCache(size_t capacity);
  ActivityCache(const ActivityCache&) = delete;
  ActivityCache& operator=(const ActivityCache&) = delete;

  // The cached activity `id` if it is at `version`, else null.
  std::shared_ptr<const engine::Activity> Find(const std::string& id, int64_t version);
  // Keeps `activity`, unless a later version of it is kept already.
  void Put(std::shared_ptr<const engine::Activity> activity);
  void Clear();

  struct Counts {
    int64_t hits = 0;
    int64_t misses = 0;  // absent, or of another version
    size_t size = 0;
  };
  Counts counts() const;

 private:
  using Recency = std::list<std::string>;  // most recent first
  struct Entry {
    std::shared_ptr<const engine::Activity> activity;
    Recency::iterator position;
  };

  const size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;  // guarded by mutex_
  Recency recency_;                                 // guarded by mutex_
  Counts counts_;                                   // guarded by mutex_; size unused
};

}  // namespace ictgate::store

#endif  // ICTGATE_STORE_ACTIVITY_CACHE_H_

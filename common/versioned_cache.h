// Values derived from a versioned record, kept by the record's key and
// checked against its version, least recently used first to go.
//
// Records here (activities) change only by a write that raises their
// version, so a value computed from a record at version v is sound for
// exactly as long as the record is at v. The caller reads the record's
// current version (one indexed lookup) and asks for the value of that
// version: a cache that never answers with a stale value, even after a
// write by another process, without being told of writes.
//
//   VersionedCache<Parsed> cache(4096);
//   if (auto hit = cache.Find(id, version_now)) return *hit;
//   auto value = std::make_shared<const Parsed>(...);
//   cache.Put(id, version_of_what_was_read, value);
//
// Contract:
// - Thread-safe; values are shared and immutable, so a value found stays
//   valid for its holder after it is replaced or dropped.
// - Find answers only a value put for exactly the version asked for.
// - Put keeps the value unless a value of a later version is kept already
//   (a reader that read before a write may put after it).
// - Holds at most `capacity` values; past it, Put drops the least recently
//   found or put. A capacity of 0 keeps nothing.
#ifndef ICTGATE_COMMON_VERSIONED_CACHE_H_
#define ICTGATE_COMMON_VERSIONED_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

namespace ictgate {

template <typename Value>
class VersionedCache {
 public:
  explicit VersionedCache(size_t capacity) : capacity_(capacity) {}
  VersionedCache(const VersionedCache&) = delete;
  VersionedCache& operator=(const VersionedCache&) = delete;

  // The value kept for `key` at `version`, else null.
  std::shared_ptr<const Value> Find(const std::string& key, int64_t version) {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto found = entries_.find(key);
    if (found == entries_.end() || found->second.version != version) {
      ++counts_.misses;
      return nullptr;
    }
    ++counts_.hits;
    recency_.splice(recency_.begin(), recency_, found->second.position);
    return found->second.value;
  }

  void Put(const std::string& key, int64_t version, std::shared_ptr<const Value> value) {
    if (capacity_ == 0) return;
    std::lock_guard<std::mutex> lock(mutex_);
    const auto found = entries_.find(key);
    if (found != entries_.end()) {
      if (found->second.version <= version) {
        found->second.version = version;
        found->second.value = std::move(value);
      }
      recency_.splice(recency_.begin(), recency_, found->second.position);
      return;
    }
    if (entries_.size() == capacity_) {
      entries_.erase(recency_.back());
      recency_.pop_back();
    }
    recency_.push_front(key);
    entries_.emplace(key, Entry{version, std::move(value), recency_.begin()});
  }

  void Clear() {
    std::lock_guard<std::mutex> lock(mutex_);
    entries_.clear();
    recency_.clear();
  }

  struct Counts {
    int64_t hits = 0;
    int64_t misses = 0;  // absent, or of another version
    size_t size = 0;
  };
  Counts counts() const {
    std::lock_guard<std::mutex> lock(mutex_);
    Counts counts = counts_;
    counts.size = entries_.size();
    return counts;
  }

 private:
  using Recency = std::list<std::string>;  // most recent first
  struct Entry {
    int64_t version;
    std::shared_ptr<const Value> value;
    Recency::iterator position;
  };

  const size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;  // guarded by mutex_
  Recency recency_;                                 // guarded by mutex_
  Counts counts_;                                   // guarded by mutex_; size unused
};

}  // namespace ictgate

#endif  // ICTGATE_COMMON_VERSIONED_CACHE_H_

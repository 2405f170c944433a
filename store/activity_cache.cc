#include "store/activity_cache.h"

namespace ictgate::store {

ActivityCache::ActivityCache(size_t capacity) : capacity_(capacity) {}

std::shared_ptr<const engine::Activity> ActivityCache::Find(const std::string& id,
                                                            int64_t version) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto found = entries_.find(id);
  if (found == entries_.end() || found->second.activity->version != version) {
    ++counts_.misses;
    return nullptr;
  }
  ++counts_.hits;
  recency_.splice(recency_.begin(), recency_, found->second.position);
  return found->second.activity;
}

void ActivityCache::Put(std::shared_ptr<const engine::Activity> activity) {
  if (capacity_ == 0) return;
  std::lock_guard<std::mutex> lock(mutex_);
  const auto found = entries_.find(activity->id);
  if (found != entries_.end()) {
    // A reader that parsed an older version may put it after a write put
    // the newer one: the newer stays (Find would refuse the older anyway).
    if (found->second.activity->version <= activity->version) {
      found->second.activity = std::move(activity);
    }
    recency_.splice(recency_.begin(), recency_, found->second.position);
    return;
  }
  if (entries_.size() == capacity_) {
    entries_.erase(recency_.back());
    recency_.pop_back();
  }
  recency_.push_front(activity->id);
  const std::string& id = recency_.front();  // read before `activity` moves
  entries_.emplace(id, Entry{std::move(activity), recency_.begin()});
}

void ActivityCache::Clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  entries_.clear();
  recency_.clear();
}

ActivityCache::Counts ActivityCache::counts() const {
  std::lock_guard<std::mutex> lock(mutex_);
  Counts counts = counts_;
  counts.size = entries_.size();
  return counts;
}

}  // namespace ictgate::store

#include "api/bounded_queue.h"

namespace ictgate::api {
namespace {

thread_local bool t_shedding = false;

// Shed connections are answered at once; a few waiting is plenty.
constexpr size_t kShedQueue = 32;

}  // namespace

bool IsShedding() {
  return t_shedding;
}

BoundedQueue::BoundedQueue(size_t threads, size_t max_queued)
    : work_{{}, max_queued, false, {}}, shed_{{}, kShedQueue, true, {}} {
  for (size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { Work(work_); });
  threads_.emplace_back([this] { Work(shed_); });
}

BoundedQueue::~BoundedQueue() {
  shutdown();
}

void BoundedQueue::enqueue(std::function<void()> fn) {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    for (Lane* lane : {&work_, &shed_}) {
      if (lane->jobs.size() < lane->capacity) {
        lane->jobs.push_back(std::move(fn));
        lane->ready.notify_one();
        return;
      }
    }
  }
  t_shedding = true;  // both full: answer 503 from the accepting thread
  fn();
  t_shedding = false;
}

void BoundedQueue::shutdown() {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  work_.ready.notify_all();
  shed_.ready.notify_all();
  for (auto& t : threads_) t.join();
  threads_.clear();
}

void BoundedQueue::Work(Lane& lane) {
  t_shedding = lane.shedding;
  while (true) {
    std::function<void()> job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      lane.ready.wait(lock, [&] { return stopping_ || !lane.jobs.empty(); });
      if (lane.jobs.empty()) return;  // stopping and drained
      job = std::move(lane.jobs.front());
      lane.jobs.pop_front();
    }
    job();
  }
}

}  // namespace ictgate::api

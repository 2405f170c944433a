// A worker pool whose queue is bounded: under overload the service answers
// 503 with Retry-After instead of queueing connections without bound
// (cpp-httplib's own ThreadPool queue is unbounded, docs/platform-notes.md).
//
// The connection poller (api/connection_poller.h) hands the pool a closure
// that serves a buffered request and cannot be told "no", and dropping it
// would leak the connection. So a closure that does not fit runs on a small
// shedding thread instead, marked so that the request is answered 503 before
// any work is done (IsShedding()); if even the shedder is full, it runs on
// the caller's thread (the poller's), which then pauses for as long as
// answering that one request takes.
#ifndef ICTGATE_API_BOUNDED_QUEUE_H_
#define ICTGATE_API_BOUNDED_QUEUE_H_

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include <httplib.h>

namespace ictgate::api {

// True on a thread serving a connection that did not fit in the queue.
bool IsShedding();

class BoundedQueue final : public httplib::TaskQueue {
 public:
  // `threads` workers; at most `max_queued` requests wait for one.
  BoundedQueue(size_t threads, size_t max_queued);
  ~BoundedQueue() override;

  void enqueue(std::function<void()> fn) override;
  void shutdown() override;

 private:
  struct Lane {
    std::deque<std::function<void()>> jobs;
    size_t capacity;
    bool shedding;
    // One per lane, woken one at a time: with one shared condition and
    // notify_all, each request woke all 128 workers (a profile's largest cost).
    std::condition_variable ready;
  };
  void Work(Lane& lane);

  std::mutex mutex_;
  bool stopping_ = false;
  Lane work_;
  Lane shed_;
  std::vector<std::thread> threads_;
};

}  // namespace ictgate::api

#endif  // ICTGATE_API_BOUNDED_QUEUE_H_

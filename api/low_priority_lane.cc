#include "api/low_priority_lane.h"

#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace ictgate::api {

LowPriorityLane::LowPriorityLane(size_t threads) {
  for (size_t i = 0; i < std::max<size_t>(1, threads); ++i) {
    threads_.emplace_back([this] { Work(); });
  }
}

LowPriorityLane::~LowPriorityLane() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (auto& t : threads_) t.join();
}

void LowPriorityLane::Run(const std::function<void()>& job) {
  std::packaged_task<void()> task([&job] { job(); });
  std::future<void> done = task.get_future();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    jobs_.push_back(std::move(task));
  }
  ready_.notify_one();
  done.get();  // rethrows what the job threw
}

void LowPriorityLane::Work() {
  // SCHED_IDLE: the scheduler runs this thread when the workers leave a core
  // idle, and under full load gives it the smallest weight there is (3
  // against a normal thread's 1,024), so it slows but never stops. Any
  // thread may lower itself to it; raising a thread back needs a privilege,
  // which is why the lane has threads of its own rather than lowering a
  // worker for the length of one request. Where the policy is refused, nice
  // +10 (on Linux a thread's own); failing both, the lane still bounds how
  // many such answers run at once.
  sched_param unused{};
  if (pthread_setschedparam(pthread_self(), SCHED_IDLE, &unused) != 0) {
    const auto self = static_cast<id_t>(gettid());
    errno = 0;
    const int nice = getpriority(PRIO_PROCESS, self);
    if (errno == 0) setpriority(PRIO_PROCESS, self, nice + kNiceIncrement);
  }
  for (;;) {
    std::packaged_task<void()> task;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;  // stopping, and nothing left handed over
      task = std::move(jobs_.front());
      jobs_.pop_front();
    }
    task();
  }
}

}  // namespace ictgate::api

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

// Not std::packaged_task: with it, the exception a job threw is shared by
// the lane thread (in the task's state) and the caller (rethrowing it), and
// is destroyed by whichever lets go last, through a reference count the
// sanitizer cannot see, which ThreadSanitizer reports as a race. Here the
// lane thread lets go of it before it says the job is done, under the mutex,
// so the caller holds the only reference and destroys it.
void LowPriorityLane::Run(const std::function<void()>& job) {
  Job handed{&job, nullptr, false};
  {
    std::lock_guard<std::mutex> lock(mutex_);
    jobs_.push_back(&handed);
  }
  ready_.notify_one();
  {
    std::unique_lock<std::mutex> lock(mutex_);
    finished_.wait(lock, [&handed] { return handed.done; });
  }
  if (handed.error) std::rethrow_exception(handed.error);
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
    Job* job = nullptr;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;  // stopping, and nothing left handed over
      job = jobs_.front();
      jobs_.pop_front();
    }
    std::exception_ptr error;
    try {
      (*job->body)();
    } catch (...) {
      error = std::current_exception();
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      job->error = std::move(error);
      job->done = true;  // from here on `job` is the caller's again
    }
    finished_.notify_all();
  }
}

}  // namespace ictgate::api

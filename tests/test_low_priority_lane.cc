// The low-priority lane: a job runs on one of its threads, below the
// caller's priority, and its caller hears what it threw; no more jobs run at
// once than the lane has threads.
#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "api/low_priority_lane.h"

namespace ictgate {
namespace {

using api::LowPriorityLane;

int NiceOfThisThread() {
  return getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
}

int PolicyOfThisThread() {
  int policy = 0;
  sched_param param{};
  REQUIRE(pthread_getschedparam(pthread_self(), &policy, &param) == 0);
  return policy;
}

TEST_CASE("the low-priority lane runs a job on its own thread, scheduled below the caller") {
  LowPriorityLane lane(1);
  const int caller_policy = PolicyOfThisThread();
  const int caller_nice = NiceOfThisThread();
  std::thread::id ran_on;
  int job_policy = 0;
  int job_nice = 0;
  lane.Run([&] {
    ran_on = std::this_thread::get_id();
    job_policy = PolicyOfThisThread();
    job_nice = NiceOfThisThread();
  });
  CHECK(ran_on != std::this_thread::get_id());
  // SCHED_IDLE, which Linux grants any thread (the nice +10 fallback is for
  // where it is refused); its nice value is left as it was.
  CHECK(job_policy == SCHED_IDLE);
  CHECK(job_nice == caller_nice);
  // The caller's own scheduling is unchanged.
  CHECK(PolicyOfThisThread() == caller_policy);
  CHECK(NiceOfThisThread() == caller_nice);
}

TEST_CASE("the low-priority lane rethrows what a job threw, and goes on") {
  LowPriorityLane lane(1);
  CHECK_THROWS_WITH(lane.Run([] { throw std::runtime_error("storage unavailable"); }),
                    "storage unavailable");
  int ran = 0;
  lane.Run([&] { ++ran; });
  CHECK(ran == 1);
}

TEST_CASE("the low-priority lane runs at most as many jobs at once as it has threads") {
  LowPriorityLane lane(2);
  std::mutex mutex;
  std::condition_variable changed;
  int running = 0;
  int most = 0;
  bool released = false;
  std::vector<std::thread> callers;
  callers.reserve(4);
  for (int i = 0; i < 4; ++i) {
    callers.emplace_back([&] {
      lane.Run([&] {
        std::unique_lock<std::mutex> lock(mutex);
        most = std::max(most, ++running);
        changed.notify_all();
        changed.wait(lock, [&] { return released; });
        --running;
      });
    });
  }
  {
    std::unique_lock<std::mutex> lock(mutex);
    changed.wait(lock, [&] { return running == 2; });
    // Two hold the lane's threads; the other two must still be waiting.
    changed.wait_for(lock, std::chrono::milliseconds(100), [&] { return running > 2; });
    CHECK(running == 2);
    released = true;
  }
  changed.notify_all();
  for (auto& c : callers) c.join();
  CHECK(most == 2);
  CHECK(running == 0);
}

}  // namespace
}  // namespace ictgate

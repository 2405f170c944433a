// A few threads at a lower scheduling priority, for the answers that cost
// far more than the rest: a department's eligibility judges and renders
// hundreds of records, where a read of one activity reads one.
//
// On a machine with few cores, two users paging through a department kept
// both cores busy, and every other reader's p99 latency tripled. A worker
// that takes such a request hands the answer to this lane and waits. The
// lane's threads run under SCHED_IDLE (or, where that is refused, at nice
// +10): the scheduler gives them what the other workers leave idle, and
// very little while they are busy. The lane's size also bounds how many
// such answers, each holding a page of records, run at once.
//
//   LowPriorityLane lane(2);
//   lane.Run([&] { body = DepartmentAnswer(...); });  // on a lane thread
//
// Contract:
// - Thread-safe. Run returns when `job` has run on one of the lane's
//   threads, and rethrows what it threw. Jobs start in the order they came.
// - A job does not call Run (with every lane thread waiting for itself, it
//   would wait forever).
// - The destructor waits for the jobs already handed over, then stops.
// - A job holds no lock that a worker waits for longer than a moment: a lane
//   thread may not run for a while under load, and Linux mutexes do not
//   lend it the waiter's priority. So a job reads and renders; its writes
//   (a department answer's judged-again answers) happen on the worker after
//   Run. Short holds remain (the read pool's mutex, malloc's arena locks):
//   a worker may wait on one until the lane thread is scheduled again.
#ifndef ICTGATE_API_LOW_PRIORITY_LANE_H_
#define ICTGATE_API_LOW_PRIORITY_LANE_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace ictgate::api {

class LowPriorityLane {
 public:
  // How far below the process's own priority the lane runs where SCHED_IDLE
  // is refused.
  static constexpr int kNiceIncrement = 10;
  // Enough that one user's department answer does not wait for another's on
  // two cores; more only adds memory.
  static constexpr size_t kDefaultThreads = 2;

  // Starts `threads` threads (at least one).
  explicit LowPriorityLane(size_t threads = kDefaultThreads);
  ~LowPriorityLane();
  LowPriorityLane(const LowPriorityLane&) = delete;
  LowPriorityLane& operator=(const LowPriorityLane&) = delete;

  void Run(const std::function<void()>& job);

 private:
  // A job handed over, on the stack of the Run that waits for it.
  struct Job {
    const std::function<void()>* body;
    std::exception_ptr error;  // what it threw; set with `done`
    bool done = false;         // guarded by mutex_
  };

  void Work();

  std::mutex mutex_;
  std::condition_variable ready_;     // a job was handed over, or stopping
  std::condition_variable finished_;  // a job is done
  std::deque<Job*> jobs_;             // guarded by mutex_
  bool stopping_ = false;             // guarded by mutex_
  std::vector<std::thread> threads_;
};

}  // namespace ictgate::api

#endif  // ICTGATE_API_LOW_PRIORITY_LANE_H_

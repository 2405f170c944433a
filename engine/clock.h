// The source of "now". Everything time-dependent (deadlines, verdict expiry,
// event timestamps) reads an injected Clock, so tests can travel in time.
#ifndef ICTGATE_ENGINE_CLOCK_H_
#define ICTGATE_ENGINE_CLOCK_H_

#include <atomic>

#include "engine/time.h"

namespace ictgate::engine {

class Clock {
 public:
  virtual ~Clock() = default;
  // Thread-safe.
  virtual Instant Now() const = 0;
};

// The machine's wall clock, truncated to milliseconds.
class SystemClock final : public Clock {
 public:
  Instant Now() const override;
};

// A clock that only moves when told to. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Instant start) : now_ms_(start.time_since_epoch().count()) {}
  Instant Now() const override;
  void Set(Instant t) { now_ms_ = t.time_since_epoch().count(); }
  void Advance(std::chrono::milliseconds d) { now_ms_ += d.count(); }

 private:
  std::atomic<int64_t> now_ms_;
};

}  // namespace ictgate::engine

#endif  // ICTGATE_ENGINE_CLOCK_H_

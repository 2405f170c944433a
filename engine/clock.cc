#include "engine/clock.h"

namespace ictgate::engine {

Instant SystemClock::Now() const {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

Instant ManualClock::Now() const {
  return Instant(std::chrono::milliseconds(now_ms_.load()));
}

}  // namespace ictgate::engine

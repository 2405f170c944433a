// The numeric parameters of the lifecycle that a policy pack sets.
#ifndef ICTGATE_ENGINE_RULES_H_
#define ICTGATE_ENGINE_RULES_H_

#include <cstdint>

namespace ictgate::engine {

// Defaults are those of docs/spec.md; packs override them.
struct Rules {
  int64_t threshold_eur = 5'000'000;
  int verdict_validity_months = 12;
  int cost_increase_pct = 20;  // reassessment trigger
  int end_slip_months = 6;     // reassessment trigger
};

}  // namespace ictgate::engine

#endif  // ICTGATE_ENGINE_RULES_H_

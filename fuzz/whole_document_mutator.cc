// libFuzzer's custom mutator for the targets whose whole input is one JSON
// document (fuzz_jsonlogic, fuzz_policy_pack): it is mutated as JSON
// (json_mutator.h), with no prefix kept. fuzz_request keeps its event type
// line and defines its own.
#include <cstddef>
#include <cstdint>

#include "fuzz/json_mutator.h"

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t max_size,
                                          unsigned int seed) {
  return ictgate::fuzz::MutateJson(data, size, max_size, seed, 0);
}

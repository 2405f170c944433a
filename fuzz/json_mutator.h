// A structure-aware mutation for the fuzz targets whose input is JSON.
//
// libFuzzer's byte mutations seldom turn one valid document into another of a
// different shape: making a string member null takes two edits, and the
// first one breaks the JSON, so it earns no coverage and is dropped. Yet such
// type confusion (a null, a number for a string, a missing or unexpected
// member) is exactly what the validators under test must survive. So the
// targets define LLVMFuzzerCustomMutator with this: half of the time it
// parses the document and changes one node of it, keeping it valid JSON;
// otherwise, or when the input is not JSON, it leaves the work to libFuzzer's
// own mutations (which also use the -dict tokens).
#ifndef ICTGATE_FUZZ_JSON_MUTATOR_H_
#define ICTGATE_FUZZ_JSON_MUTATOR_H_

#include <cstddef>
#include <cstdint>

namespace ictgate::fuzz {

// Mutates data[0, size) in place within max_size bytes and returns the new
// size, as LLVMFuzzerCustomMutator does. The first `prefix` bytes (the event
// type line of fuzz_request) are kept as they are when the document after
// them is mutated. Members it adds are named after the member names of the
// documents it has mutated so far (the corpus seeds name every request
// member, operator and pack member), so a member can move to where it is
// not expected.
size_t MutateJson(uint8_t* data, size_t size, size_t max_size, unsigned int seed, size_t prefix);

}  // namespace ictgate::fuzz

#endif  // ICTGATE_FUZZ_JSON_MUTATOR_H_

// What the fuzz targets share besides the JSON mutation: the real data they
// run the engine on, and how they report a broken invariant.
#ifndef ICTGATE_FUZZ_FUZZ_SUPPORT_H_
#define ICTGATE_FUZZ_FUZZ_SUPPORT_H_

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/policy_pack.h"

namespace ictgate::fuzz {

// Aborts, naming `invariant`, unless `ok`: libFuzzer reports the abort as a
// crash and keeps the input, so a broken contract is found like a fault.
void Require(bool ok, const char* invariant);

// The first policy pack compiled in (policies/), loaded as the service loads
// it (app::LoadPackText).
const engine::PolicyPack& RealPack();

// The example dossiers compiled in (examples/dossiers), by name: "green",
// "orange", "red".
const std::map<std::string, nlohmann::json>& ExampleDossiers();

}  // namespace ictgate::fuzz

#endif  // ICTGATE_FUZZ_FUZZ_SUPPORT_H_

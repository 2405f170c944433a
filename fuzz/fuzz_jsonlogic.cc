// libFuzzer target: JSON Logic evaluation (engine/jsonlogic.h) of hostile
// rules on hostile data.
//
// Input: a JSON document. A two-element array is [rule, data]; anything else
// is a rule applied to a fixed dossier-like data object. Input that is not
// JSON, or whose data nests deeper than a dossier can, is skipped.
//
// jsonlogic.h promises that evaluation is bounded in depth, operations and
// the sizes it builds, and that passing a bound or meeting an unknown
// operator throws JsonLogicError. So JsonLogicError is caught; any other
// exception, a crash, a hang (-timeout) or a blow-up (-rss_limit_mb) is a
// finding. The input is mutated as JSON (fuzz/json_mutator.h).
#include <cstddef>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "engine/json_depth.h"
#include "engine/jsonlogic.h"

namespace ictgate {
namespace {

using nlohmann::json;

// Data with each JSON type at a known path, as a dossier would have them.
const json& FixedData() {
  static const json kData = json::parse(R"({
    "businessCase": "DMS:BZK-2026-004187", "personalData": true, "dpiaDone": false,
    "europeanCloudSharePct": 85, "ratio": 0.5, "empty": "", "nothing": null,
    "list": [1, "2", [3], {"four": 4}], "nested": {"a": {"b": [true, false]}},
    "explanations": {"open-standards": "not applicable here"}})");
  return kData;
}

void Run(const uint8_t* data, size_t size) {
  const json input = json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
  if (input.is_discarded()) return;
  const bool pair = input.is_array() && input.size() == 2;
  const json& rule = pair ? input[0] : input;
  const json& values = pair ? input[1] : FixedData();
  // The data is trusted to be shallow (jsonlogic.h): a dossier, which the
  // server reads with a depth limit of 32.
  if (engine::NestedDeeperThan(values, 64)) return;
  engine::JsonLogicVars(rule);  // never throws, whatever the rule
  try {
    engine::JsonLogicTruthy(engine::ApplyJsonLogic(rule, values));
  } catch (const engine::JsonLogicError&) {
    // A rule past a limit, or with an unknown operator: refused as promised.
  }
}

}  // namespace
}  // namespace ictgate

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ictgate::Run(data, size);
  return 0;
}

// The input is mutated as one JSON document (whole_document_mutator.cc).

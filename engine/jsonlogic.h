// A JSON Logic (jsonlogic.com) evaluator, following the reference
// implementation json-logic-js, including its JavaScript coercions, and its
// operator aliases as the JSON Logic test suite (third_party/json-logic-tests) uses them.
//
// Evaluation is safe on hostile rules: recursion depth, the number of
// operations, the size of strings and arrays an evaluation builds, and the
// work it does are all bounded; passing a bound, or an unknown operator,
// throws JsonLogicError.
// It never recurses without bound and never allocates without bound. The
// data is trusted to be shallow: parts of it are returned as copies, which
// recurse as deep as they nest (a dossier is: request bodies are bounded).
#ifndef ICTGATE_ENGINE_JSONLOGIC_H_
#define ICTGATE_ENGINE_JSONLOGIC_H_

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ictgate::engine {

class JsonLogicError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct JsonLogicLimits {
  int max_depth = 64;               // nesting of rules being evaluated
  size_t max_operations = 100'000;  // operator applications per evaluation
  size_t max_string_bytes = 65'536;
  size_t max_array_items = 10'000;
  // The values an evaluation produces, weighed: one per JSON node and one per
  // 64 bytes of a string or member name, summed over every (sub)rule's result, literals and
  // the items of "map" included. Operations alone do not bound the time: one
  // "map" over a 10,000-item array applies its literal logic 10,000 times
  // and counts as one operation, so two nested take 10^8 steps.
  size_t max_work = 2'000'000;
};

// Applies `rule` to `data`. Throws JsonLogicError.
nlohmann::json ApplyJsonLogic(const nlohmann::json& rule, const nlohmann::json& data,
                              const JsonLogicLimits& limits = {});

// JSON Logic truthiness: false, null, 0, NaN, "" and [] are falsy; every
// other value, including "0" and {}, is truthy.
bool JsonLogicTruthy(const nlohmann::json& value);

// The names of every operator the evaluator knows.
const std::vector<std::string>& JsonLogicOperators();

// The dotted paths of every {"var": "path"} with a literal path in `rule`
// (for checking a rule against the fields a pack declares).
std::vector<std::string> JsonLogicVars(const nlohmann::json& rule);

}  // namespace ictgate::engine

#endif  // ICTGATE_ENGINE_JSONLOGIC_H_

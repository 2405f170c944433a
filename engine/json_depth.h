// The nesting depth of a JSON value, measured without recursion.
//
// nlohmann::json parses and destroys without recursion, but copies, compares
// and dumps recursively: a value nested a few hundred thousand levels deep
// (a few hundred kilobytes of "[[[[...") overflows the stack when copied. So
// code that takes a document from outside measures it first, this way.
#ifndef ICTGATE_ENGINE_JSON_DEPTH_H_
#define ICTGATE_ENGINE_JSON_DEPTH_H_

#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace ictgate::engine {

// Whether `value` nests deeper than `limit` levels (a scalar is 0 deep, [] and
// {} are 1, [[]] is 2). Stops at the first node past the limit.
inline bool NestedDeeperThan(const nlohmann::json& value, int limit) {
  std::vector<std::pair<const nlohmann::json*, int>> pending{{&value, 0}};
  while (!pending.empty()) {
    const auto [node, depth] = pending.back();
    pending.pop_back();
    if (!node->is_structured()) continue;
    if (depth + 1 > limit) return true;
    for (const auto& child : *node) pending.emplace_back(&child, depth + 1);
  }
  return false;
}

}  // namespace ictgate::engine

#endif  // ICTGATE_ENGINE_JSON_DEPTH_H_

#include "fuzz/json_mutator.h"

#include <algorithm>
#include <iterator>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

// libFuzzer's own mutation, for the inputs this one leaves to it.
extern "C" size_t LLVMFuzzerMutate(uint8_t* data, size_t size, size_t max_size);

namespace ictgate::fuzz {
namespace {

using nlohmann::json;

// A value of every JSON type, and the edges validators tend to miss: the
// integer limits, an impossible date, a text past the engine's 10,000 bytes.
const json& Values() {
  static const json kValues = [] {
    json values = json::parse(R"([null, true, false, 0, -1, 1, 0.5, 1e300,
        9223372036854775807, -9223372036854775808, 18446744073709551615,
        "", " ", "x", "2027-01-01", "2027-02-30", "C1", [], {}, [null]])");
    values.push_back(std::string(10'001, 'x'));
    return values;
  }();
  return kValues;
}

// Member names seen in the documents mutated so far; bounded.
std::vector<std::string>& Names() {
  static std::vector<std::string> names;
  return names;
}

void Learn(const json& object) {
  static std::set<std::string> known;
  for (const auto& item : object.items()) {
    if (known.size() < 2'000 && item.key().size() <= 64 && known.insert(item.key()).second) {
      Names().push_back(item.key());
    }
  }
}

// The nodes of `doc`, parents before children, at most `limit` of them.
std::vector<json*> Nodes(json& doc, size_t limit) {
  std::vector<json*> nodes{&doc};
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (!nodes[i]->is_structured()) continue;
    if (nodes[i]->is_object()) Learn(*nodes[i]);
    for (auto& child : *nodes[i]) {
      if (nodes.size() == limit) return nodes;
      nodes.push_back(&child);
    }
  }
  return nodes;
}

// Changes one node of `doc`; false when the change drawn does not apply.
bool MutateNode(json& doc, std::minstd_rand& rng) {
  const auto below = [&rng](size_t n) {
    return std::uniform_int_distribution<size_t>(0, n - 1)(rng);
  };
  const std::vector<json*> nodes = Nodes(doc, 10'000);
  json& node = *nodes[below(nodes.size())];
  const json& value = Values()[below(Values().size())];
  switch (below(5)) {
    case 0:  // another type, or an edge of the same one
      node = value;
      return true;
    case 1: {  // another node's value (copied first: one may contain the other)
      const json other = *nodes[below(nodes.size())];
      node = other;
      return true;
    }
    case 2:  // a member or element less
      if (node.is_object() && !node.empty()) {
        node.erase(std::next(node.begin(), static_cast<std::ptrdiff_t>(below(node.size()))));
        return true;
      }
      if (node.is_array() && !node.empty()) {
        node.erase(below(node.size()));
        return true;
      }
      return false;
    case 3:  // a member or element more
      if (node.is_object() && !Names().empty()) {
        node[Names()[below(Names().size())]] = value;
        return true;
      }
      if (node.is_array()) {
        node.push_back(value);
        return true;
      }
      return false;
    default:  // a member under another name, keeping its value
      if (node.is_object() && !node.empty() && !Names().empty()) {
        const auto it = std::next(node.begin(), static_cast<std::ptrdiff_t>(below(node.size())));
        json moved = std::move(it.value());
        node.erase(it);
        node[Names()[below(Names().size())]] = std::move(moved);
        return true;
      }
      return false;
  }
}

}  // namespace

size_t MutateJson(uint8_t* data, size_t size, size_t max_size, unsigned int seed, size_t prefix) {
  std::minstd_rand rng(seed);
  if (prefix <= size && rng() % 2 == 0) {
    json doc = json::parse(data + prefix, data + size, nullptr, /*allow_exceptions=*/false);
    if (!doc.is_discarded() && MutateNode(doc, rng)) {
      const std::string text = doc.dump(-1, ' ', false, json::error_handler_t::replace);
      if (prefix + text.size() <= max_size) {
        std::copy(text.begin(), text.end(), data + prefix);
        return prefix + text.size();
      }
    }
  }
  return LLVMFuzzerMutate(data, size, max_size);
}

}  // namespace ictgate::fuzz

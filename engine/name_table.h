// The name table behind an enum's Name/Parse pair: each value beside the one
// name it is persisted and exchanged by, so that the two directions cannot
// disagree. For engine/*.cc only; other layers use the pairs.
#ifndef ICTGATE_ENGINE_NAME_TABLE_H_
#define ICTGATE_ENGINE_NAME_TABLE_H_

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace ictgate::engine::internal {

template <typename Key, size_t N>
using NameTable = std::array<std::pair<Key, std::string_view>, N>;

// The name of `key`; "?" for a key missing from `table` (a bug).
template <typename Table, typename Key>
std::string_view NameIn(const Table& table, Key key) {
  for (const auto& [k, name] : table) {
    if (k == key) return name;
  }
  return "?";
}

// The key named exactly `name`; nullopt for any other text.
template <typename Key, typename Table>
std::optional<Key> KeyIn(const Table& table, std::string_view name) {
  for (const auto& [k, n] : table) {
    if (n == name) return k;
  }
  return std::nullopt;
}

// Every key, in table order.
template <typename Key, typename Table>
std::vector<Key> KeysOf(const Table& table) {
  std::vector<Key> keys;
  keys.reserve(table.size());
  for (const auto& entry : table) keys.push_back(entry.first);
  return keys;
}

}  // namespace ictgate::engine::internal

#endif  // ICTGATE_ENGINE_NAME_TABLE_H_

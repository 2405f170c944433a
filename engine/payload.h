// Reads typed members out of a command's JSON payload, collecting a Problem
// for every member that is missing or malformed instead of stopping at the
// first, so a caller learns everything wrong with a request at once.
#ifndef ICTGATE_ENGINE_PAYLOAD_H_
#define ICTGATE_ENGINE_PAYLOAD_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/lifecycle.h"
#include "engine/time.h"

namespace ictgate::engine {

// The largest amount of euros accepted anywhere: well above any real budget,
// far below where int64 arithmetic on sums could overflow.
inline constexpr int64_t kMaxAmountEur = 1'000'000'000'000'000;  // 10^15
// Longest free text member (reasons, justifications, titles), in bytes.
inline constexpr size_t kMaxTextBytes = 10'000;

// Whether `payload` (an object) has `key` with a value. A member given as
// null is absent, here as in PayloadReader: what folds an accepted event in
// (Apply, and what Decide derives) must read the payload as the decision read
// it, or a null the decision let through would be read as a value.
bool HasMember(const nlohmann::json& payload, const char* key);

// The member `key` of an accepted payload as a T, or `fallback` when it is
// absent (HasMember).
template <typename T>
T MemberOr(const nlohmann::json& payload, const char* key, T fallback) {
  return HasMember(payload, key) ? payload.at(key).get<T>() : std::move(fallback);
}

class PayloadReader {
 public:
  // `prefix` is prepended to member names in problems ("conditions/0/").
  PayloadReader(const nlohmann::json& payload, std::vector<Problem>& problems,
                std::string prefix = "");

  // A non-blank string of at most kMaxTextBytes. Missing: a problem if required.
  std::optional<std::string> Text(const char* key, bool required);
  // An integer number of euros in [0, kMaxAmountEur]; `positive` excludes 0.
  std::optional<int64_t> Amount(const char* key, bool required, bool positive = false);
  std::optional<Date> DateMember(const char* key, bool required);
  std::optional<bool> Flag(const char* key);
  // A string member that must be one of `allowed`.
  std::optional<std::string> OneOf(const char* key, const std::vector<std::string_view>& allowed,
                                   bool required);
  // A non-empty array of distinct strings, each one of `allowed`.
  std::optional<std::vector<std::string>> SomeOf(const char* key,
                                                 const std::vector<std::string_view>& allowed,
                                                 bool required);

  // A document referenced by its hash: {title, sha256, reference?}, the
  // SHA-256 as 64 lowercase hexadecimal digits. The record keeps the hash,
  // not the file, so that whoever holds the file can check it is this one.
  void Document(const char* key, bool required);
  // A SHA-256 in hexadecimal: 64 lowercase hexadecimal digits.
  std::optional<std::string> Sha256(const char* key, bool required);
  void Fail(const std::string& key, const std::string& message);

 private:
  const nlohmann::json* Member(const char* key, bool required);

  const nlohmann::json& payload_;
  std::vector<Problem>& problems_;
  std::string prefix_;
};

}  // namespace ictgate::engine

#endif  // ICTGATE_ENGINE_PAYLOAD_H_

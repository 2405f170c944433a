#include "engine/payload.h"

#include <algorithm>
#include <cctype>
#include <limits>

namespace ictgate::engine {

bool HasMember(const nlohmann::json& payload, const char* key) {
  const auto it = payload.find(key);
  return it != payload.end() && !it->is_null();
}

PayloadReader::PayloadReader(const nlohmann::json& payload, std::vector<Problem>& problems,
                             std::string prefix)
    : payload_(payload), problems_(problems), prefix_(std::move(prefix)) {}

void PayloadReader::Fail(const std::string& key, const std::string& message) {
  problems_.push_back({prefix_ + key, message});
}

const nlohmann::json* PayloadReader::Member(const char* key, bool required) {
  if (!payload_.is_object()) {
    if (required) Fail(key, "is required (the body must be a JSON object)");
    return nullptr;
  }
  if (!HasMember(payload_, key)) {
    if (required) Fail(key, "is required");
    return nullptr;
  }
  return &payload_.at(key);
}

void PayloadReader::Document(const char* key, bool required) {
  const nlohmann::json* v = Member(key, required);
  if (!v) return;
  if (!v->is_object()) return Fail(key, "must be a document: {title, sha256, reference?}");
  const std::string prefix = prefix_ + key + "/";
  PayloadReader in(*v, problems_, prefix);
  in.Text("title", true);
  in.Text("reference", false);
  in.Sha256("sha256", true);
  for (const auto& [name, value] : v->items()) {
    if (name != "title" && name != "sha256" && name != "reference")
      problems_.push_back({prefix + name, "is not a member of a document"});
  }
}

std::optional<std::string> PayloadReader::Sha256(const char* key, bool required) {
  auto hash = Text(key, required);
  const auto hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); };
  if (hash && (hash->size() != 64 || !std::all_of(hash->begin(), hash->end(), hex))) {
    Fail(key, "must be the document's SHA-256: 64 lowercase hexadecimal digits");
    return std::nullopt;
  }
  return hash;
}

std::optional<std::string> PayloadReader::Text(const char* key, bool required) {
  const nlohmann::json* v = Member(key, required);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    Fail(key, "must be a string");
    return std::nullopt;
  }
  const auto& s = v->get_ref<const std::string&>();
  if (s.size() > kMaxTextBytes) {
    Fail(key, "must be at most " + std::to_string(kMaxTextBytes) + " bytes");
    return std::nullopt;
  }
  const bool blank =
      std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); });
  if (blank) {
    if (required) Fail(key, "must not be empty");
    return std::nullopt;
  }
  return s;
}

std::optional<int64_t> PayloadReader::Amount(const char* key, bool required, bool positive) {
  const nlohmann::json* v = Member(key, required);
  if (!v) return std::nullopt;
  // Reject fractions and, through the unsigned branch, values past int64.
  if (!v->is_number_integer() ||
      (v->is_number_unsigned() &&
       v->get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))) {
    Fail(key, "must be a whole number of euros");
    return std::nullopt;
  }
  const int64_t amount = v->get<int64_t>();
  if (amount < (positive ? 1 : 0) || amount > kMaxAmountEur) {
    Fail(key, std::string("must be between ") + (positive ? "1" : "0") + " and " +
                  std::to_string(kMaxAmountEur));
    return std::nullopt;
  }
  return amount;
}

std::optional<Date> PayloadReader::DateMember(const char* key, bool required) {
  const nlohmann::json* v = Member(key, required);
  if (!v) return std::nullopt;
  std::optional<Date> d;
  if (v->is_string()) d = ParseDate(v->get_ref<const std::string&>());
  if (!d) Fail(key, "must be a date as YYYY-MM-DD");
  return d;
}

std::optional<bool> PayloadReader::Flag(const char* key) {
  const nlohmann::json* v = Member(key, false);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    Fail(key, "must be true or false");
    return std::nullopt;
  }
  return v->get<bool>();
}

namespace {

// "a, b, c": the allowed values, as a problem names them.
std::string Listed(const std::vector<std::string_view>& allowed) {
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  return list;
}

}  // namespace

std::optional<std::string> PayloadReader::OneOf(const char* key,
                                                const std::vector<std::string_view>& allowed,
                                                bool required) {
  const nlohmann::json* v = Member(key, required);
  if (!v) return std::nullopt;
  if (v->is_string() && std::find(allowed.begin(), allowed.end(),
                                  v->get_ref<const std::string&>()) != allowed.end()) {
    return v->get<std::string>();
  }
  Fail(key, "must be one of: " + Listed(allowed));
  return std::nullopt;
}

std::optional<std::vector<std::string>> PayloadReader::SomeOf(
    const char* key, const std::vector<std::string_view>& allowed, bool required) {
  const nlohmann::json* v = Member(key, required);
  if (!v) return std::nullopt;
  std::vector<std::string> chosen;
  const bool listed = v->is_array() && !v->empty() && v->size() <= allowed.size();
  for (const nlohmann::json& item : listed ? *v : nlohmann::json::array()) {
    const bool known =
        item.is_string() && std::find(allowed.begin(), allowed.end(),
                                      item.get_ref<const std::string&>()) != allowed.end();
    if (!known || std::find(chosen.begin(), chosen.end(), item) != chosen.end()) break;
    chosen.push_back(item.get<std::string>());
  }
  if (listed && chosen.size() == v->size()) return chosen;
  Fail(key, "must be a list of distinct values, each one of: " + Listed(allowed));
  return std::nullopt;
}

}  // namespace ictgate::engine

#include "api/request_schema.h"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "engine/time.h"

namespace ictgate::api {
namespace {

using nlohmann::json;

const std::set<std::string>& KnownKeywords() {
  static const std::set<std::string> kKnown = {
      "type",    "nullable", "properties",  "required",  "additionalProperties",
      "items",   "minItems", "maxItems",    "minLength", "maxLength",
      "minimum", "maximum",  "enum",        "pattern",   "format",
      "$ref",    "allOf",    "description", "example",   "default"};
  return kKnown;
}

const std::set<std::string>& KnownTypes() {
  static const std::set<std::string> kTypes = {"object",  "array",  "string",
                                               "integer", "number", "boolean"};
  return kTypes;
}

const std::set<std::string>& KnownFormats() {
  static const std::set<std::string> kFormats = {"date", "date-time", "int64"};
  return kFormats;
}

// `schema[key]`, or an empty object or array (`empty`) when absent. Not
// schema.value(...), whose temporary would die before a loop over it ends.
const json& Member(const json& schema, const char* key, const json& empty) {
  const auto it = schema.find(key);
  return it == schema.end() ? empty : *it;
}
const json kNoObject = json::object();
const json kNoArray = json::array();

std::string Join(const std::string& field, const std::string& member) {
  return field.empty() ? member : field + "/" + member;
}

// Characters, as JSON Schema counts string length: UTF-8 code points.
size_t CodePoints(const std::string& s) {
  return static_cast<size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

bool HasType(const json& value, const std::string& type) {
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "string") return value.is_string();
  if (type == "integer") return value.is_number_integer();
  if (type == "number") return value.is_number();
  return value.is_boolean();
}

std::string TypeProblem(const std::string& type) {
  static const std::map<std::string, std::string> kArticle = {
      {"object", "an object"},   {"array", "an array"},  {"string", "a string"},
      {"integer", "an integer"}, {"number", "a number"}, {"boolean", "true or false"}};
  return "must be " + kArticle.at(type);
}

std::string Number(const json& n) {
  return n.is_number_float() ? std::to_string(n.get<double>()) : n.dump();
}

}  // namespace

RequestSchemas::RequestSchemas(json openapi) : openapi_(std::move(openapi)) {
  for (const auto& [path, operations] : openapi_.at("paths").items()) {
    for (const auto& [method, operation] : operations.items()) {
      if (!operation.is_object() || !operation.contains("requestBody")) continue;
      const json& content = Resolve(operation["requestBody"]).at("content");
      if (!content.contains("application/json")) continue;
      std::string upper = method;
      std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
      const json& schema = content["application/json"].at("schema");
      Audit(schema, upper + " " + path);
      bodies_[{upper, path}] = schema;
    }
  }
}

bool RequestSchemas::HasBody(const std::string& method, const std::string& path) const {
  return bodies_.count({method, path}) > 0;
}

std::vector<engine::Problem> RequestSchemas::Check(const std::string& method,
                                                   const std::string& path,
                                                   const json& body) const {
  std::vector<engine::Problem> problems;
  const auto it = bodies_.find({method, path});
  if (it != bodies_.end()) CheckValue(it->second, body, "", problems);
  return problems;
}

const json& RequestSchemas::Resolve(const json& schema) const {
  if (!schema.contains("$ref")) return schema;
  const std::string ref = schema["$ref"].get<std::string>();
  static const std::string kPrefix = "#/components/";
  if (ref.rfind(kPrefix, 0) != 0) throw std::invalid_argument("unsupported $ref " + ref);
  const auto pointer = json::json_pointer(ref.substr(1));
  if (!openapi_.contains(pointer)) throw std::invalid_argument("unresolved $ref " + ref);
  return Resolve(openapi_.at(pointer));
}

// Every keyword, type and format must be one this checker enforces, and
// every pattern must compile; checked once, at start.
void RequestSchemas::Audit(const json& raw, const std::string& where) {
  const json& schema = Resolve(raw);
  for (const auto& [keyword, value] : schema.items()) {
    if (KnownKeywords().count(keyword) == 0) {
      throw std::invalid_argument(where + ": schema keyword '" + keyword + "' is not enforced");
    }
  }
  if (schema.contains("type") && KnownTypes().count(schema["type"].get<std::string>()) == 0) {
    throw std::invalid_argument(where + ": type " + schema["type"].dump() + " is not enforced");
  }
  if (schema.contains("format") && KnownFormats().count(schema["format"].get<std::string>()) == 0) {
    throw std::invalid_argument(where + ": format " + schema["format"].dump() + " is not enforced");
  }
  if (schema.contains("pattern")) {
    const std::string pattern = schema["pattern"].get<std::string>();
    patterns_.emplace(pattern, std::regex(pattern, std::regex::ECMAScript));
  }
  for (const auto& [name, sub] : Member(schema, "properties", kNoObject).items()) {
    Audit(sub, where + " " + name);
  }
  if (schema.contains("items")) Audit(schema["items"], where + " items");
  if (schema.contains("additionalProperties") && schema["additionalProperties"].is_object()) {
    Audit(schema["additionalProperties"], where + " additionalProperties");
  }
  for (const auto& part : Member(schema, "allOf", kNoArray)) Audit(part, where + " allOf");
}

void RequestSchemas::CheckValue(const json& raw, const json& value, const std::string& field,
                                std::vector<engine::Problem>& problems) const {
  const json& schema = Resolve(raw);
  for (const auto& part : Member(schema, "allOf", kNoArray)) {
    CheckValue(part, value, field, problems);
  }
  if (value.is_null() && schema.value("nullable", false)) return;
  if (schema.contains("type")) {
    const std::string type = schema["type"].get<std::string>();
    if (!HasType(value, type)) {
      problems.push_back({field, TypeProblem(type)});
      return;
    }
  }
  if (value.is_object()) return CheckObject(schema, value, field, problems);
  if (value.is_array()) return CheckArray(schema, value, field, problems);
  if (std::string problem = ScalarProblem(schema, value); !problem.empty()) {
    problems.push_back({field, std::move(problem)});
  }
}

void RequestSchemas::CheckObject(const json& schema, const json& value, const std::string& field,
                                 std::vector<engine::Problem>& problems) const {
  const json& properties = Member(schema, "properties", kNoObject);
  for (const auto& name : Member(schema, "required", kNoArray)) {
    if (!value.contains(name.get<std::string>())) {
      problems.push_back({Join(field, name), "is required"});
    }
  }
  const json additional = schema.value("additionalProperties", json(true));
  for (const auto& [name, member] : value.items()) {
    if (properties.contains(name)) {
      CheckValue(properties[name], member, Join(field, name), problems);
    } else if (additional.is_object()) {
      CheckValue(additional, member, Join(field, name), problems);
    } else if (additional == false) {
      problems.push_back({Join(field, name), "is not a member of this request"});
    }
  }
}

void RequestSchemas::CheckArray(const json& schema, const json& value, const std::string& field,
                                std::vector<engine::Problem>& problems) const {
  if (schema.contains("minItems") && value.size() < schema["minItems"].get<size_t>()) {
    problems.push_back({field, "must have at least " + schema["minItems"].dump() + " item(s)"});
  }
  if (schema.contains("maxItems") && value.size() > schema["maxItems"].get<size_t>()) {
    problems.push_back({field, "must have at most " + schema["maxItems"].dump() + " item(s)"});
  }
  if (!schema.contains("items")) return;
  for (size_t i = 0; i < value.size(); ++i) {
    CheckValue(schema["items"], value[i], Join(field, std::to_string(i)), problems);
  }
}

std::string RequestSchemas::ScalarProblem(const json& schema, const json& value) const {
  if (schema.contains("enum") &&
      std::find(schema["enum"].begin(), schema["enum"].end(), value) == schema["enum"].end()) {
    std::string names;
    for (const auto& e : schema["enum"]) names += (names.empty() ? "" : ", ") + e.dump();
    return "must be one of " + names;
  }
  if (value.is_number()) {
    if (schema.contains("minimum") && value < schema["minimum"]) {
      return "must be at least " + Number(schema["minimum"]);
    }
    if (schema.contains("maximum") && value > schema["maximum"]) {
      return "must be at most " + Number(schema["maximum"]);
    }
    return "";
  }
  if (!value.is_string()) return "";
  const std::string& text = value.get_ref<const std::string&>();
  if (schema.contains("minLength") && CodePoints(text) < schema["minLength"].get<size_t>()) {
    return schema["minLength"] == 1
               ? "must not be empty"
               : "must be at least " + schema["minLength"].dump() + " characters";
  }
  if (schema.contains("maxLength") && CodePoints(text) > schema["maxLength"].get<size_t>()) {
    return "must be at most " + schema["maxLength"].dump() + " characters";
  }
  if (schema.contains("pattern") &&
      !std::regex_search(text, patterns_.at(schema["pattern"].get<std::string>()))) {
    return "must match " + schema["pattern"].get<std::string>();
  }
  const std::string format = schema.value("format", "");
  if (format == "date" && !engine::ParseDate(text)) return "must be a date (YYYY-MM-DD)";
  if (format == "date-time" && !engine::ParseInstant(text)) {
    return "must be an RFC 3339 date-time";
  }
  return "";
}

}  // namespace ictgate::api

// Request bodies checked against the schemas of the OpenAPI document.
//
// The document (api/openapi.json) is the contract. Checking every body
// against it in the router, before any handler runs, means a constraint the
// document states is a constraint the service enforces: `{"title": ""}` is
// refused because the document says minLength 1, not because a handler
// remembered to. The engine still validates its commands (the CLI and
// import reach it without HTTP); this check only makes the contract exact.
//
// It implements the part of JSON Schema (as OpenAPI 3.0 uses it) that the
// document uses: type, nullable, properties, required,
// additionalProperties, items, minItems, maxItems, minLength, maxLength,
// minimum, maximum, enum, pattern, format (date, date-time, int64), $ref to
// #/components/schemas and allOf; description, example and default are
// annotations. A keyword outside that set makes the constructor throw, so a
// constraint added to the document is never silently unenforced.
//
// Why not a library: Debian's JSON Schema validator for C++ (valijson) is
// header-only, but its package depends on the development packages of Qt 5,
// Poco, JsonCpp and MySQL (68 packages), and it reports errors as schema
// paths rather than the member names a problem answer gives.
#ifndef ICTGATE_API_REQUEST_SCHEMA_H_
#define ICTGATE_API_REQUEST_SCHEMA_H_

#include <map>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/problem.h"

namespace ictgate::api {

class RequestSchemas {
 public:
  // Reads every operation's application/json request body schema from
  // `openapi`. Throws std::invalid_argument naming the place when a schema
  // uses a keyword, type or format this checker does not know, or a $ref
  // that does not resolve.
  explicit RequestSchemas(nlohmann::json openapi);

  // Whether the document states a request body for (method, path), with
  // the method in capitals and the path as in the document
  // ("POST", "/activities/{id}/submissions").
  bool HasBody(const std::string& method, const std::string& path) const;

  // What is wrong with `body` for (method, path): one problem per member
  // at fault, named as the engine names members ("conditions/0/dueDate";
  // empty for the body itself). Empty when it conforms, or when the
  // operation has no request body.
  std::vector<engine::Problem> Check(const std::string& method, const std::string& path,
                                     const nlohmann::json& body) const;

 private:
  const nlohmann::json& Resolve(const nlohmann::json& schema) const;
  void Audit(const nlohmann::json& schema, const std::string& where);
  void CheckValue(const nlohmann::json& schema, const nlohmann::json& value,
                  const std::string& field, std::vector<engine::Problem>& problems) const;
  void CheckObject(const nlohmann::json& schema, const nlohmann::json& value,
                   const std::string& field, std::vector<engine::Problem>& problems) const;
  void CheckArray(const nlohmann::json& schema, const nlohmann::json& value,
                  const std::string& field, std::vector<engine::Problem>& problems) const;
  // The problem with a scalar `value`, or "".
  std::string ScalarProblem(const nlohmann::json& schema, const nlohmann::json& value) const;

  nlohmann::json openapi_;
  std::map<std::pair<std::string, std::string>, nlohmann::json> bodies_;
  std::map<std::string, std::regex> patterns_;  // compiled once
};

}  // namespace ictgate::api

#endif  // ICTGATE_API_REQUEST_SCHEMA_H_

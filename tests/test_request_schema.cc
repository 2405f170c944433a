// Request bodies are checked against the OpenAPI document (api/request_schema.h).
// The checker is tested keyword by keyword on a small document; then, for
// every operation of the real document, a body breaking each constraint the
// document states is generated from the document itself and sent to a live
// server, which must refuse it naming the member and change nothing.
#include <functional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "api/openapi_document.h"
#include "api/request_schema.h"
#include "api/router.h"
#include "live_server.h"

namespace ictgate {
namespace {

using nlohmann::json;
using testing::Body;
using testing::LiveServer;

json DocumentWith(const json& schema) {
  json document = json::parse(R"({
    "paths": {"/things": {"post": {"requestBody": {"content": {"application/json": {}}}}}},
    "components": {"schemas": {"Item": {
      "type": "object", "required": ["at"],
      "properties": {"at": {"type": "string", "format": "date"}}}}}})");
  document["paths"]["/things"]["post"]["requestBody"]["content"]["application/json"]["schema"] =
      schema;
  return document;
}

// The fields named by the problems of `body`.
std::vector<std::string> Fields(const api::RequestSchemas& schemas, const json& body) {
  std::vector<std::string> fields;
  for (const auto& p : schemas.Check("POST", "/things", body)) fields.push_back(p.field);
  return fields;
}

using Fieldset = std::vector<std::string>;

TEST_CASE("request schema: each keyword the document uses is enforced") {
  const json schema = json::parse(R"({
    "type": "object", "required": ["name"], "additionalProperties": false,
    "properties": {
      "name": {"type": "string", "minLength": 1, "maxLength": 3},
      "code": {"type": "string", "pattern": "^[A-Z]{2}$"},
      "kind": {"type": "string", "enum": ["a", "b"]},
      "amount": {"type": "integer", "minimum": 0, "maximum": 10},
      "when": {"type": "string", "format": "date-time"},
      "maybe": {"type": "string", "nullable": true},
      "flag": {"type": "boolean"},
      "items": {"type": "array", "minItems": 1, "maxItems": 2,
                "items": {"$ref": "#/components/schemas/Item"}},
      "scores": {"type": "object",
                 "additionalProperties": {"type": "string", "enum": ["ok"]}},
      "both": {"allOf": [{"$ref": "#/components/schemas/Item"}]}}})");
  const api::RequestSchemas schemas(DocumentWith(schema));
  CHECK(schemas.HasBody("POST", "/things"));
  CHECK_FALSE(schemas.HasBody("GET", "/things"));
  CHECK_FALSE(schemas.HasBody("POST", "/other"));

  const json good = json::parse(R"({
    "name": "abc", "code": "NL", "kind": "a", "amount": 10,
    "when": "2027-01-01T10:00:00Z", "maybe": null, "flag": true,
    "items": [{"at": "2027-02-28"}], "scores": {"x": "ok"}, "both": {"at": "2027-01-01"}})");
  CHECK(Fields(schemas, good).empty());
  CHECK(Fields(schemas, json::parse(R"({"name": "€€€"})")).empty());  // 3 characters, 9 bytes

  const auto broken = [&](const std::string& member, const json& value) {
    json body = good;
    body[json::json_pointer("/" + member)] = value;
    return Fields(schemas, body);
  };
  CHECK(broken("name", "") == Fieldset{"name"});
  CHECK(broken("name", "abcd") == Fieldset{"name"});
  CHECK(broken("name", 7) == Fieldset{"name"});
  CHECK(broken("code", "nl") == Fieldset{"code"});
  CHECK(broken("kind", "c") == Fieldset{"kind"});
  CHECK(broken("amount", -1) == Fieldset{"amount"});
  CHECK(broken("amount", 11) == Fieldset{"amount"});
  CHECK(broken("amount", 1.5) == Fieldset{"amount"});
  CHECK(broken("when", "soon") == Fieldset{"when"});
  CHECK(broken("flag", "true") == Fieldset{"flag"});
  CHECK(broken("items", json::array()) == Fieldset{"items"});
  CHECK(broken("items", json::parse(R"([{"at": "2027-01-01"}, {"at": "2027-01-01"},
                                         {"at": "2027-01-01"}])")) == Fieldset{"items"});
  CHECK(broken("items/0/at", "2027-02-30") == Fieldset{"items/0/at"});
  CHECK(broken("items/0", json::object()) == Fieldset{"items/0/at"});
  CHECK(broken("scores/y", "bad") == Fieldset{"scores/y"});
  CHECK(broken("both/at", "today") == Fieldset{"both/at"});
  CHECK(broken("extra", 1) == Fieldset{"extra"});
  CHECK(broken("code", nullptr) == Fieldset{"code"});  // null is not a string here
  json missing = good;
  missing.erase("name");
  CHECK(Fields(schemas, missing) == Fieldset{"name"});
}

TEST_CASE("request schema: a keyword, type or format it does not enforce is refused at start") {
  CHECK_NOTHROW(api::RequestSchemas(DocumentWith({{"type", "object"}})));
  CHECK_THROWS_WITH(api::RequestSchemas(DocumentWith(json::parse(R"({"oneOf": []})"))),
                    Catch::Contains("'oneOf' is not enforced"));
  CHECK_THROWS_WITH(api::RequestSchemas(DocumentWith(json::parse(
                        R"({"properties": {"a": {"type": "string", "format": "email"}}})"))),
                    Catch::Contains("format \"email\""));
  CHECK_THROWS_WITH(api::RequestSchemas(DocumentWith({{"type", "null"}})),
                    Catch::Contains("is not enforced"));
  CHECK_THROWS_WITH(api::RequestSchemas(DocumentWith({{"$ref", "#/components/schemas/Nope"}})),
                    Catch::Contains("unresolved $ref"));
  // The real document uses nothing it does not enforce.
  CHECK_NOTHROW(api::RequestSchemas(json::parse(api::OpenApiText())));
}

TEST_CASE("request schema: a route that reads a body the document does not state is refused") {
  LiveServer server;
  httplib::Server http;
  const api::RequestSchemas schemas(DocumentWith({{"type", "object"}}));
  api::Router router(http, server.application().tokens(), server.application().sessions(), nullptr,
                     schemas, server.application().service().actors(), {});
  const auto ignore = [](api::Exchange&) {};
  CHECK_NOTHROW(router.Add({"POST", "/things", api::kAnyRole, api::Body::kJson, ignore}));
  CHECK_THROWS_WITH(router.Add({"POST", "/other", api::kAnyRole, api::Body::kJson, ignore}),
                    Catch::Contains("reads a body the document does not state"));
  CHECK_THROWS_WITH(router.Add({"PATCH", "/things", api::kAnyRole, api::Body::kJson, ignore}),
                    Catch::Contains("reads a body"));
  CHECK_THROWS_WITH(router.Add({"POST", "/things", api::kAnyRole, api::Body::kNone, ignore}),
                    Catch::Contains("ignores the body the document states"));
}

// --- Bodies generated from the document --------------------------------------

class Generator {
 public:
  explicit Generator(json document) : document_(std::move(document)) {}

  const json& Resolve(const json& schema) const {
    if (!schema.contains("$ref")) return schema;
    return Resolve(document_.at(json::json_pointer(schema["$ref"].get<std::string>().substr(1))));
  }

  // A value that satisfies `schema`, with only the required members.
  json Valid(const json& raw) const {
    const json& s = Resolve(raw);
    if (s.contains("allOf")) return Valid(s["allOf"][0]);
    if (s.contains("enum")) return s["enum"][0];
    const std::string type = s.value("type", "object");
    if (type == "object") {
      json out = json::object();
      const json required = s.value("required", json::array());
      for (const auto& name : required) {
        out[name.get<std::string>()] = Valid(s["properties"][name.get<std::string>()]);
      }
      return out;
    }
    if (type == "array") {
      json out = json::array();
      for (size_t i = 0; i < s.value("minItems", size_t{0}); ++i) out.push_back(Valid(s["items"]));
      return out;
    }
    if (type == "integer" || type == "number") return std::max<int64_t>(1, s.value("minimum", 0));
    if (type == "boolean") return true;
    if (s.value("format", "") == "date") return "2027-01-01";
    if (s.value("format", "") == "date-time") return "2027-01-01T10:00:00Z";
    if (s.contains("pattern")) return s.value("example", json("BZK"));
    return std::string(std::max<size_t>(1, s.value("minLength", size_t{1})), 'x');
  }

  struct Mutation {
    json body;
    std::string field;  // the member the answer must name
    std::string what;   // the constraint broken
  };

  // One body for each constraint of `raw`, placed at `pointer` in `base`.
  void Mutate(const json& raw, const json& base, const std::string& pointer,
              std::vector<Mutation>& out) const {
    const json& s = Resolve(raw);
    if (s.contains("allOf")) return Mutate(s["allOf"][0], base, pointer, out);
    const std::string field = pointer.empty() ? "" : pointer.substr(1);
    const auto with = [&](const json& value, const std::string& what) {
      json body = base;
      body[json::json_pointer(pointer)] = value;
      out.push_back({body, field, what});
    };
    const std::string type = s.value("type", "");
    if (!pointer.empty() && !type.empty()) with(type == "string" ? json(42) : json("x"), "type");
    if (s.contains("enum")) with("not-a-choice", "enum");
    if (s.contains("minLength") && s["minLength"] > 0)
      with(std::string(s["minLength"].get<size_t>() - 1, 'x'), "minLength");
    if (s.contains("maxLength"))
      with(std::string(s["maxLength"].get<size_t>() + 1, 'x'), "maxLength");
    if (s.contains("minimum")) with(s["minimum"].get<int64_t>() - 1, "minimum");
    if (s.contains("maximum")) with(s["maximum"].get<int64_t>() + 1, "maximum");
    if (s.contains("pattern")) with("!", "pattern");
    if (s.value("format", "") == "date") with("2027-02-30", "format date");
    if (s.value("format", "") == "date-time") with("yesterday", "format date-time");
    if (type == "array") MutateArray(s, base, pointer, out);
    if (type == "object" || s.contains("properties")) MutateObject(s, base, pointer, out);
  }

 private:
  void MutateObject(const json& s, const json& base, const std::string& pointer,
                    std::vector<Mutation>& out) const {
    const std::string prefix = pointer.empty() ? "" : pointer.substr(1) + "/";
    const json required = s.value("required", json::array());
    for (const auto& name : required) {
      json body = base;
      body[json::json_pointer(pointer)].erase(name.get<std::string>());
      out.push_back({body, prefix + name.get<std::string>(), "required"});
    }
    if (s.value("additionalProperties", json(true)) == false) {
      json body = base;
      body[json::json_pointer(pointer + "/unexpected")] = 1;
      out.push_back({body, prefix + "unexpected", "additionalProperties"});
    }
    if (s.contains("additionalProperties") && s["additionalProperties"].is_object()) {
      json with_member = base;
      with_member[json::json_pointer(pointer + "/k")] = Valid(s["additionalProperties"]);
      Mutate(s["additionalProperties"], with_member, pointer + "/k", out);
    }
    const json properties = s.value("properties", json::object());
    for (const auto& [name, sub] : properties.items()) {
      // An optional member is added, valid, so that its own constraints can be broken.
      json with_member = base;
      if (!with_member[json::json_pointer(pointer)].contains(name)) {
        with_member[json::json_pointer(pointer + "/" + name)] = Valid(sub);
      }
      Mutate(sub, with_member, pointer + "/" + name, out);
    }
  }

  void MutateArray(const json& s, const json& base, const std::string& pointer,
                   std::vector<Mutation>& out) const {
    const json item = Valid(s["items"]);
    if (s.contains("minItems") && s["minItems"] > 0) {
      json body = base;
      body[json::json_pointer(pointer)] = json::array();
      out.push_back({body, pointer.substr(1), "minItems"});
    }
    if (s.contains("maxItems")) {
      json body = base;
      body[json::json_pointer(pointer)] =
          json(std::vector<json>(s["maxItems"].get<size_t>() + 1, item));
      out.push_back({body, pointer.substr(1), "maxItems"});
    }
    json one = base;
    one[json::json_pointer(pointer)] = json::array({item});
    Mutate(s["items"], one, pointer + "/0", out);
  }

  json document_;
};

std::string Fill(std::string path, const std::string& id) {
  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"{id}", id}, {"{packId}", "rijksbrede-startvoorwaarden"}, {"{version}", "2026.1"}}) {
    const auto at = path.find(name);
    if (at != std::string::npos) path.replace(at, name.size(), value);
  }
  return path;
}

TEST_CASE(
    "every operation refuses a body breaking any constraint its schema states, and changes "
    "nothing") {
  LiveServer server;
  const std::string id =
      Body(server.Post("owner", "/activities", testing::NewActivityInput()))["activity"]["id"];
  const json document = json::parse(api::OpenApiText());
  const Generator generator(document);
  const auto head = server.store().Head();
  size_t operations = 0;
  size_t sent = 0;
  size_t unconstrained = 0;
  for (const auto& [path, item] : document["paths"].items()) {
    for (const auto& [method, operation] : item.items()) {
      if (!operation.is_object() || !operation.contains("requestBody")) continue;
      // A document's bytes have no schema to break (tests/test_documents_http.cc).
      if (!operation["requestBody"]["content"].contains("application/json")) continue;
      ++operations;
      const json& schema = operation["requestBody"]["content"]["application/json"]["schema"];
      std::vector<Generator::Mutation> mutations;
      generator.Mutate(schema, generator.Valid(schema), "", mutations);
      if (mutations.empty()) {
        // The what-if body is any object (a candidate pack, or nothing):
        // it states no member constraint to break.
        CHECK_FALSE(generator.Resolve(schema).contains("properties"));
        ++unconstrained;
        continue;
      }
      for (const auto& m : mutations) {
        std::string upper = method;
        for (auto& c : upper) c = static_cast<char>(toupper(c));
        INFO(upper << " " << path << ": " << m.what << " at '" << m.field
                   << "': " << m.body.dump());
        // The first role that may act on it gets past authorization.
        int status = 0;
        std::string answer;
        for (const char* role : {"owner", "cio", "finance", "sg", "admin", "acict", "ciso"}) {
          const std::string target = "/api/v1" + Fill(path, id);
          const auto r = upper == "PATCH" ? server.client().Patch(target.c_str(), server.As(role),
                                                                  m.body.dump(), "application/json")
                                          : server.client().Post(target.c_str(), server.As(role),
                                                                 m.body.dump(), "application/json");
          REQUIRE(r);
          status = r->status;
          answer = r->body;
          if (status != 403) break;
        }
        ++sent;
        INFO(answer);
        REQUIRE(status == 400);
        const json problem = json::parse(answer);
        bool named = false;
        for (const auto& p : problem["invalidParams"])
          named = named || p.value("name", "") == m.field;
        CHECK(named);
      }
    }
  }
  // Every operation with a body: the AcICT track's six, the CISO's advice and
  // the erasure of a person included.
  CHECK(operations == 28);
  CHECK(unconstrained == 1);
  CHECK(sent > 60);
  CHECK(server.store().Head().length == head.length);  // nothing was recorded
  CHECK(Body(server.Get("admin", "/webhooks"))["items"].empty());
}

}  // namespace
}  // namespace ictgate

namespace ictgate {
namespace {

TEST_CASE("an empty title and a note that is not a string are refused, as the contract says") {
  LiveServer server;
  const json created = Body(server.Post("owner", "/activities", testing::NewActivityInput()));
  const std::string id = created["activity"]["id"];
  const std::string title = created["activity"]["title"];
  const auto patched =
      server.client().Patch(("/api/v1/activities/" + id).c_str(), server.As("owner"),
                            R"({"title": ""})", "application/json");
  REQUIRE(patched);
  CHECK(patched->status == 400);
  CHECK(json::parse(patched->body)["invalidParams"][0] ==
        json{{"name", "title"}, {"reason", "must not be empty"}});
  const auto submitted =
      server.Post("owner", "/activities/" + id + "/submissions", {{"note", {"x"}}});
  CHECK(submitted->status == 400);
  CHECK(Body(submitted)["invalidParams"][0] ==
        json{{"name", "note"}, {"reason", "must be a string"}});
  const json now = Body(server.Get("owner", "/activities/" + id));
  CHECK(now["title"] == title);
  CHECK(now["state"] == "draft");
  CHECK(now["version"] == 1);
}

}  // namespace
}  // namespace ictgate

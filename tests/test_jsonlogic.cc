// The JSON Logic evaluator against the language-independent test suite
// (third_party/json-logic-tests/tests.json), and on hostile rules.
#include <fstream>

#include <catch2/catch.hpp>

#include "engine/jsonlogic.h"

namespace ictgate {
namespace {

using engine::ApplyJsonLogic;
using engine::JsonLogicError;
using nlohmann::json;

TEST_CASE("JSON Logic: every case of the JSON Logic test suite") {
  std::ifstream in(ICTGATE_SOURCE_DIR "/third_party/json-logic-tests/tests.json");
  REQUIRE(in.good());
  const json suite = json::parse(in);
  int ran = 0, failed = 0;
  for (const auto& entry : suite) {
    if (entry.is_string()) continue;  // section comments
    REQUIRE(entry.is_array());
    REQUIRE(entry.size() == 3);
    json got;
    try {
      got = ApplyJsonLogic(entry[0], entry[1]);
    } catch (const JsonLogicError& e) {
      got = std::string("error: ") + e.what();
    }
    ++ran;
    if (got != entry[2]) {
      ++failed;
      UNSCOPED_INFO("rule " << entry[0].dump() << " data " << entry[1].dump() << " expected "
                            << entry[2].dump() << " got " << got.dump());
    }
  }
  WARN("JSON Logic suite: ran " << ran << " cases, " << failed << " failed");
  CHECK(ran == 290);
  CHECK(failed == 0);
}

TEST_CASE("JSON Logic: truthiness follows JSON Logic, not JavaScript") {
  CHECK_FALSE(engine::JsonLogicTruthy(json::array()));
  CHECK(engine::JsonLogicTruthy(json::array({0})));
  CHECK(engine::JsonLogicTruthy("0"));
  CHECK_FALSE(engine::JsonLogicTruthy(""));
  CHECK_FALSE(engine::JsonLogicTruthy(0));
  CHECK_FALSE(engine::JsonLogicTruthy(nullptr));
  CHECK(engine::JsonLogicTruthy(json::object()));
}

TEST_CASE("JSON Logic: hostile rules fail cleanly within bounds") {
  // Deeper than the recursion limit.
  // Built by moving, never copying: a copy of a value this deep recurses as
  // deep, which overflows the stack of an unoptimised, sanitized build.
  json deep = true;
  for (int i = 0; i < 10'000; ++i) {
    json level = json::object();
    level["!"] = json::array();
    level["!"].push_back(std::move(deep));
    deep = std::move(level);
  }
  CHECK_THROWS_WITH(ApplyJsonLogic(deep, json::object()), Catch::Contains("nested deeper"));
  // The same in the shorthand {"!": x}, whose one operand is not an array:
  // it is read in place, never copied (a copy would recurse 10,000 deep).
  json shorthand = true;
  for (int i = 0; i < 10'000; ++i) {
    json level = json::object();
    level["!"] = std::move(shorthand);
    shorthand = std::move(level);
  }
  CHECK_THROWS_WITH(ApplyJsonLogic(shorthand, json::object()), Catch::Contains("nested deeper"));

  // Exponential string growth through reduce.
  const json doubling = json::parse(R"({"reduce": [[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,
      19,20,21,22,23,24,25,26,27,28,29,30],
      {"cat": [{"var": "accumulator"}, {"var": "accumulator"}]}, "xx"]})");
  CHECK_THROWS_WITH(ApplyJsonLogic(doubling, json::object()), Catch::Contains("string longer"));

  // Quadratic work: a map inside a map over a large array.
  json big = json::array();
  for (int i = 0; i < 1000; ++i) big.push_back(i);
  json work = json::parse(R"({"map": [{"var": "xs"}, {"map": [null, {"+": [{"var": ""}, 1]}]}]})");
  work["map"][1]["map"][0] = big;  // 1,000 x 1,000 additions
  CHECK_THROWS_WITH(ApplyJsonLogic(work, json{{"xs", big}}), Catch::Contains("operations"));
  const json inner = json::parse(R"({"map": [{"var": "xs"}, {"map": [[1,2,3,4,5,6,7,8,9,10],
      {"+": [{"var": ""}, 1]}]}]})");
  CHECK_THROWS_WITH(ApplyJsonLogic(inner, json{{"xs", big}}, {64, 5'000, 65'536, 10'000}),
                    Catch::Contains("operations"));

  CHECK_THROWS_WITH(ApplyJsonLogic(json{{"teleport", 1}}, json::object()),
                    Catch::Contains("unknown operator 'teleport'"));
  CHECK_THROWS_AS(ApplyJsonLogic(json{{"*", json::array()}}, json::object()), JsonLogicError);
}

// Found with fuzz/fuzz_jsonlogic: a literal object (not an operation) is
// returned as a copy, which recursed as deep as it nests; 200,000 levels
// overflowed the stack.
TEST_CASE("JSON Logic: a literal object nested deeper than the limit is refused, not copied") {
  json deep = true;
  for (int i = 0; i < 200'000; ++i) {
    json level = json::array();
    level.push_back(std::move(deep));
    deep = std::move(level);
  }
  json rule = json::object();
  rule["literal"] = true;
  rule["deep"] = std::move(deep);
  CHECK_THROWS_WITH(ApplyJsonLogic(rule, json::object()), Catch::Contains("nested deeper"));
  // Shallow literal objects are still values.
  const json shallow = {{"a", 1}, {"b", {{"c", json::array({1, 2})}}}};
  CHECK(ApplyJsonLogic(shallow, json::object()) == shallow);
  CHECK(ApplyJsonLogic(json::object(), json::object()) == json::object());
}

// Found with fuzz/fuzz_jsonlogic (a 10 s timeout in CI): "map" applies its
// logic once per item but counts as one operation, so nested maps over big
// arrays did 10^8 steps inside the operation limit. The work limit weighs
// every result instead.
TEST_CASE("JSON Logic: work is bounded even where operations are few") {
  json big = json::array();
  for (int i = 0; i < 10'000; ++i) big.push_back(i);
  const json data = {{"big", big}};
  // Inside "map" the data is the item, so the inner array is a literal.
  const auto nested_maps = [](const json& inner) {
    return json{
        {"map", json::array({json{{"var", "big"}}, json{{"map", json::array({inner, 1})}}})}};
  };
  CHECK_THROWS_WITH(ApplyJsonLogic(nested_maps(big), data),
                    Catch::Contains("more work than the limit"));

  // A long member name is weighed like a long string: copying a literal
  // object with a 60 KB key 10,000 times is 600 MB of copies.
  json wide = json::object();
  wide[std::string(60'000, 'k')] = 1;
  wide["other"] = 2;
  const json copies = {{"map", json::array({json{{"var", "big"}}, wide})}};
  CHECK_THROWS_WITH(ApplyJsonLogic(copies, data), Catch::Contains("more work than the limit"));

  // Within the limit the same shapes evaluate, and a smaller limit is honoured.
  const json small_data = {{"big", json::array({1, 2, 3})}};
  const json small = json::array({7, 8});
  CHECK(ApplyJsonLogic(nested_maps(small), small_data) == json::parse("[[1, 1], [1, 1], [1, 1]]"));
  engine::JsonLogicLimits tight;
  tight.max_work = 10;
  CHECK_THROWS_WITH(ApplyJsonLogic(nested_maps(small), small_data, tight),
                    Catch::Contains("more work than the limit"));
}

TEST_CASE("JSON Logic: \"in\" finds substrings, including in strings of one repeated letter") {
  const auto in = [](const std::string& needle, const std::string& hay) {
    return ApplyJsonLogic(json{{"in", json::array({needle, hay})}}, json::object());
  };
  CHECK(in("Spring", "Springfield") == true);
  CHECK(in("field", "Springfield") == true);
  CHECK(in("fields", "Springfield") == false);
  CHECK(in("", "") == true);
  CHECK(in("", "abc") == true);
  CHECK(in("abc", "") == false);
  // The worst case of a naive search: a needle of one repeated letter with a
  // different last one, in a string of that letter.
  const std::string hay(65'000, 'a');
  CHECK(in(std::string(32'000, 'a') + "b", hay) == false);
  CHECK(in(std::string(32'000, 'a') + "b", hay + "b") == true);
  CHECK(in("b" + std::string(32'000, 'a'), hay) == false);
}

TEST_CASE("JSON Logic: the vars a rule reads are listed") {
  const json rule =
      json::parse(R"({"and": [{"==": [{"var": "a.b"}, 1]}, {"var": ["c", 2]}, {"var": ""}]})");
  CHECK(engine::JsonLogicVars(rule) == std::vector<std::string>{"a.b", "c"});
}

}  // namespace
}  // namespace ictgate

// Openness (engine/publication.h): the parts of a record its pack marks
// public, and nothing else.
#include <catch2/catch.hpp>

#include "engine/publication.h"
#include "fixtures.h"

namespace ictgate {
namespace {

using namespace testing;
using engine::Activity;
using engine::State;
using nlohmann::json;

// An approved activity with the whole AcICT track on its record, each step
// by a named person, with the request and selection the public never sees.
Activity Advised() {
  Activity a = ActivityIn(State::kApproved);
  const json doc = {{"title", "Advies"}, {"sha256", std::string(64, 'b')}};
  const auto step = [](json s) {
    s["by"] = "Anna AcICT";
    s["at"] = "2027-08-01T10:00:00.000Z";
    return s;
  };
  a.acict.request = step({{"document", doc}, {"note", "vertrouwelijk"}});
  a.acict.selection = step({{"decision", "advise"}, {"reason", "intern risico"}});
  a.acict.advice = step({{"document", doc}, {"recommendations", {"Eén"}}, {"public", true}});
  a.acict.reaction = step({{"document", doc}, {"summary", "Overgenomen"}, {"public", true}});
  a.acict.follow_ups =
      json::array({step({{"recommendation", 1}, {"status", "planned"}, {"note", "x"}})});
  a.verdict->recommendations = {"Doe dit"};
  a.verdict->assessor = "Cees CIO";
  return a;
}

engine::Rules Marking(std::vector<std::string> parts) {
  engine::Rules rules;
  rules.public_parts = std::move(parts);
  return rules;
}

TEST_CASE("a public record holds the parts its pack marks, and no name, dossier or internal step") {
  const Activity a = Advised();
  const json r = engine::PublicRecord(
      a, Marking({"verdictSummary", "acictAdvice", "acictReaction", "acictNaschrift"}));
  REQUIRE(r.is_object());
  CHECK(r["activityId"] == a.id);
  CHECK(r["verdictSummary"]["recorded"] == "green");
  CHECK(r["verdictSummary"]["recommendations"] == 1);
  CHECK(r["acictAdvice"]["document"]["sha256"] == std::string(64, 'b'));
  CHECK(r["acictReaction"]["summary"] == "Overgenomen");
  CHECK_FALSE(r.contains("acictNaschrift"));  // marked, but not on the record
  CHECK(r["updated"] == "2027-08-01T10:00:00.000Z");
  const std::string text = r.dump();
  for (const char* secret : {"Anna AcICT", "Cees CIO", "vertrouwelijk", "intern risico", "\"by\"",
                             "dossier", "businessCase", "followUps", "selection", "request"}) {
    INFO(secret);
    CHECK(text.find(secret) == std::string::npos);
  }
}

TEST_CASE("a public record shows only what is marked: one part, or nothing at all") {
  const Activity a = Advised();
  const json advice_only = engine::PublicRecord(a, Marking({"acictAdvice"}));
  CHECK(advice_only.contains("acictAdvice"));
  CHECK_FALSE(advice_only.contains("verdictSummary"));
  CHECK_FALSE(advice_only.contains("acictReaction"));
  CHECK(engine::PublicRecord(a, Marking({})).is_null());
  // Marked, but nothing of it on the record: no record.
  CHECK(engine::PublicRecord(ActivityIn(State::kInAssessment),
                             Marking({"verdictSummary", "acictAdvice"}))
            .is_null());
}

TEST_CASE("a pack's publication is checked when the pack is read") {
  json doc = TestPack().document;
  doc["publication"] = {{"public", {"acictAdvice", "verdictSummary"}}};
  const auto parsed = engine::ParsePolicyPack(doc);
  REQUIRE(parsed.ok());
  CHECK(parsed.value().rules.public_parts ==
        std::vector<std::string>{"acictAdvice", "verdictSummary"});
  for (const json& bad : {json{{"public", "acictAdvice"}}, json{{"public", {"dossier"}}},
                          json{{"public", {"acictAdvice"}}, {"private", {"x"}}}, json::object()}) {
    INFO(bad.dump());
    doc["publication"] = bad;
    const auto refused = engine::ParsePolicyPack(doc);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().front().field.rfind("/publication", 0) == 0);
  }
}

}  // namespace
}  // namespace ictgate

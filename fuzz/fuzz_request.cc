// libFuzzer target: a request to cause an event, parsed and decided as the
// server and the service would.
//
// Input: the first line names the event type as engine::ParseEventType reads
// it ("create", "update", "submit", "record-verdict", "grant-funding", ...);
// the rest is the request body. The body is parsed within the server's
// default limits (api/request_body.h, the code ParseBody in api/server.cc
// runs), and a body the server answers 400 goes no further. "create" is then
// decided by engine::DecideCreate; any other type by engine::Decide against
// the realistic activity of tests/fixtures.h (ActivityIn) with the green
// example dossier, in each of the twelve states, by every role allowed to
// cause it, under the real policy pack (policies/, compiled in). Accepted
// events are folded in (engine::Apply), and the folded activity is stored
// and read back as the store does (ToJson, ActivityFromJson).
//
// Besides never crashing, every step must keep the contracts of
// api/request_body.h and engine/lifecycle.h; a breach aborts, which libFuzzer
// reports as a crash. The body is mutated as JSON (fuzz/json_mutator.h).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/request_body.h"
#include "api/server.h"
#include "engine/activity.h"
#include "engine/event.h"
#include "engine/lifecycle.h"
#include "engine/permissions.h"
#include "fuzz/fuzz_support.h"
#include "fuzz/json_mutator.h"
#include "tests/fixtures.h"

namespace ictgate {
namespace {

using fuzz::RealPack;
using fuzz::Require;
using nlohmann::json;

// The store keeps ToJson(activity) and reads it back with ActivityFromJson:
// a folded activity must survive that unchanged.
void CheckStored(const engine::Activity& a) {
  const json stored = engine::ToJson(a);
  Require(engine::ToJson(engine::ActivityFromJson(stored)) == stored,
          "ActivityFromJson(ToJson(a)) gives back a");
}

// lifecycle.h: a refusal says why.
void CheckDecision(const engine::Decision& d) {
  if (d.ok()) return;
  const engine::Refusal& refusal = d.error();
  Require(!refusal.summary.empty() || !refusal.problems.empty(),
          "a refusal has a summary or a problem");
  for (const auto& p : refusal.problems) Require(!p.message.empty(), "a problem has a message");
}

void CheckCreate(const json& body) {
  const engine::Command command{engine::EventType::kCreate, body, testing::Owner(), "fuzz"};
  const engine::Decision d = engine::DecideCreate(command, RealPack(), testing::kNow);
  CheckDecision(d);
  if (!d.ok()) return;
  engine::Event e = d.value();
  Require(e.version == 1 && e.activity_id.empty() && e.type == engine::EventType::kCreate &&
              e.from == engine::State::kDraft && e.to == engine::State::kDraft,
          "a create event is version 1 of a new draft");
  e.activity_id = "BZK-2026-0001";  // what the store assigns
  const engine::Activity created = engine::Apply({}, e);
  Require(created.version == 1 && created.state == engine::State::kDraft,
          "Apply of a create event gives version 1 in draft");
  CheckStored(created);
  // The log of just this event replays to the same activity.
  const auto replay = engine::Replay({e}, [](const engine::PackRef& ref) {
    return ref == RealPack().ref ? &RealPack() : nullptr;
  });
  Require(replay.ok(), "a created activity replays");
  Require(engine::ToJson(replay.value()) == engine::ToJson(created),
          "replay gives the applied activity");
}

void CheckEvent(engine::EventType type, const json& body) {
  for (const engine::Role role : engine::RolesFor(type)) {
    const bool bound = role != engine::Role::kSystem;  // the system acts on every department
    const engine::Actor actor{"Fuzz " + std::string(engine::RoleName(role)), role,
                              bound ? "BZK" : "*"};
    const engine::Command command{type, body, actor, "fuzz"};
    for (const engine::State state : engine::AllStates()) {
      engine::Activity a = testing::ActivityIn(state);
      a.dossier = fuzz::ExampleDossiers().at("green");
      const engine::Decision d = engine::Decide(a, command, RealPack(), testing::kNow);
      CheckDecision(d);
      if (!d.ok()) continue;
      const engine::Event& e = d.value();
      Require(e.version == a.version + 1 && e.from == a.state && e.type == type &&
                  e.activity_id == a.id,
              "an event follows the activity's version and state");
      Require(engine::IsMachineEvent(type) || e.to == e.from,
              "an event outside the state machine moves nothing");
      const engine::Activity after = engine::Apply(a, e);
      Require(after.version == e.version && after.state == e.to,
              "Apply reaches the event's version and state");
      CheckStored(after);
    }
  }
}

void Run(std::string_view input) {
  const size_t newline = input.find('\n');
  if (newline == std::string_view::npos) return;
  const auto type = engine::ParseEventType(input.substr(0, newline));
  // link-change never comes from a request: the service refuses it before
  // deciding (app/service.cc), as its payload states facts only Link knows.
  if (!type || *type == engine::EventType::kLinkChange) return;

  const api::ServerOptions limits;
  const auto parsed = api::ParseRequestBody(input.substr(newline + 1), limits.max_json_depth,
                                            limits.max_string_bytes);
  if (!parsed.ok()) {
    Require(!parsed.error().message.empty(), "a refused body says why");
    return;
  }
  const json& body = parsed.value();
  Require(body.is_object(), "a parsed body is an object");

  if (*type == engine::EventType::kCreate) {
    CheckCreate(body);
  } else {
    CheckEvent(*type, body);
  }
}

}  // namespace
}  // namespace ictgate

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ictgate::Run(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}

// Mutates the body as JSON, keeping the event type line (fuzz/json_mutator.h).
extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t max_size,
                                          unsigned int seed) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  const size_t prefix = newline == std::string_view::npos ? size : newline + 1;
  return ictgate::fuzz::MutateJson(data, size, max_size, seed, prefix);
}

#include "engine/acict.h"

#include <algorithm>
#include <string>

#include "engine/lifecycle.h"
#include "engine/payload.h"

namespace ictgate::engine {
namespace {

using nlohmann::json;

void CheckRecommendations(const json& payload, std::vector<Problem>& problems) {
  const json list = payload.is_object() ? payload.value("recommendations", json()) : json();
  if (!list.is_array()) {
    problems.push_back({"recommendations", "is required: the advice's recommendations, as texts"});
    return;
  }
  for (size_t i = 0; i < list.size(); ++i) {
    if (!list[i].is_string() ||
        list[i].get<std::string>().find_first_not_of(" \t\n") == std::string::npos) {
      problems.push_back({"recommendations/" + std::to_string(i), "must be a non-blank text"});
    }
  }
}

Refusal OutOfOrder(const std::string& why) {
  return {Refusal::Kind::kPrecondition, why, {{"", why}}, {}};
}

// The follow-up's recommendation number is 1..n of the advice, and its
// earlier follow-up, if any, is not final.
std::optional<Refusal> CheckFollowUp(const AcictTrack& t, const json& payload,
                                     std::vector<Problem>& problems) {
  PayloadReader in(payload, problems);
  in.OneOf("status", FollowUpStatuses(), true);
  in.Text("note", true);
  const size_t count = t.advice.is_null() ? 0 : t.advice.at("recommendations").size();
  const json number = payload.is_object() ? payload.value("recommendation", json()) : json();
  if (!number.is_number_integer() || number.get<int64_t>() < 1 ||
      number.get<int64_t>() > static_cast<int64_t>(count)) {
    in.Fail("recommendation", count == 0 ? "the AcICT's advice has no recommendations"
                                         : "must be a number from 1 to " + std::to_string(count));
    return std::nullopt;
  }
  for (const json& f : t.follow_ups) {
    const std::string status = f.at("status");
    if (f.at("recommendation") == number &&
        (status == "implemented" || status == "not_implemented"))
      return OutOfOrder("recommendation " + number.dump() + " was closed as " + status);
  }
  return std::nullopt;
}

// The step's own members; for the follow-up also whether it may follow.
std::optional<Refusal> CheckPayload(const AcictTrack& t, const Command& c,
                                    std::vector<Problem>& problems) {
  PayloadReader in(c.payload, problems);
  switch (c.type) {
    case EventType::kRequestAcictAdvice:
    case EventType::kRecordAcictNaschrift:
      in.Document("document", true);
      in.Text("note", false);
      break;
    case EventType::kRecordAcictSelection:
      in.OneOf("decision", {"advise", "no_advice"}, true);
      in.Text("reason", true);
      break;
    case EventType::kRecordAcictAdvice:
      in.Document("document", true);
      CheckRecommendations(c.payload, problems);
      in.Text("summary", false);
      break;
    case EventType::kRecordBestuurlijkeReactie:
      in.Document("document", true);
      in.Text("summary", true);
      break;
    case EventType::kFollowUpAcictRecommendation:
      return CheckFollowUp(t, c.payload, problems);
    default:
      break;
  }
  return std::nullopt;
}

// Why the step does not come next in the track, or nothing.
std::optional<Refusal> CheckOrder(const AcictTrack& t, EventType type) {
  const auto next = NextAcictSteps(t);
  if (std::find(next.begin(), next.end(), type) != next.end()) return std::nullopt;
  switch (type) {
    case EventType::kRequestAcictAdvice:
      return OutOfOrder("the AcICT's advice was requested already, on " +
                        t.request.at("at").get<std::string>());
    case EventType::kRecordAcictSelection:
      return OutOfOrder(t.request.is_null() ? "no request for the AcICT's advice is on record"
                                            : "the AcICT's selection decision is on record");
    case EventType::kRecordAcictAdvice:
      if (!t.advice.is_null()) return OutOfOrder("the AcICT's advice is on record");
      return OutOfOrder(t.selection.is_null() ? "the AcICT has not decided whether it advises"
                                              : "the AcICT decided not to advise on this activity");
    case EventType::kRecordBestuurlijkeReactie:
      return OutOfOrder(t.advice.is_null() ? "there is no AcICT advice to react to"
                                           : "the bestuurlijke reactie is on record");
    case EventType::kRecordAcictNaschrift:
      return OutOfOrder(t.reaction.is_null() ? "a naschrift follows the bestuurlijke reactie"
                                             : "the AcICT's naschrift is on record");
    default:
      return OutOfOrder("there is no AcICT advice whose recommendations are open");
  }
}

json Stamp(json step, const Event& e) {
  step["by"] = e.actor.name;
  step["at"] = FormatInstant(e.at);
  return step;
}

// The payload's optional text `key` copied into `step` where given.
void CopyText(json& step, const Event& e, const char* key) {
  if (HasMember(e.payload, key)) step[key] = e.payload.at(key);
}

}  // namespace

const std::vector<std::string_view>& FollowUpStatuses() {
  static const std::vector<std::string_view> kStatuses = {"planned", "in_progress", "implemented",
                                                          "not_implemented"};
  return kStatuses;
}

std::optional<Refusal> CheckAcictStep(const Activity& a, const Command& c) {
  // The order first, as a state is checked before a body: a step that cannot
  // come next is refused whatever it carries.
  if (auto refusal = CheckOrder(a.acict, c.type)) return refusal;
  std::vector<Problem> problems;
  std::optional<Refusal> closed = CheckPayload(a.acict, c, problems);
  if (!problems.empty()) {
    return Refusal{Refusal::Kind::kInvalid,
                   "the " + std::string(EventTypeName(c.type)) + " request is not valid",
                   std::move(problems),
                   {}};
  }
  return closed;
}

void ApplyAcictStep(AcictTrack& t, const Event& e) {
  const json& p = e.payload;
  switch (e.type) {
    case EventType::kRequestAcictAdvice:
      t.request = Stamp({{"document", e.payload.at("document")}}, e);
      CopyText(t.request, e, "note");
      break;
    case EventType::kRecordAcictSelection:
      t.selection = Stamp({{"decision", p.at("decision")}, {"reason", p.at("reason")}}, e);
      break;
    case EventType::kRecordAcictAdvice:
      t.advice = Stamp({{"document", e.payload.at("document")},
                        {"recommendations", p.at("recommendations")},
                        {"public", true}},
                       e);
      CopyText(t.advice, e, "summary");
      break;
    case EventType::kRecordBestuurlijkeReactie:
      t.reaction = Stamp(
          {{"document", e.payload.at("document")}, {"summary", p.at("summary")}, {"public", true}},
          e);
      break;
    case EventType::kRecordAcictNaschrift:
      t.naschrift = Stamp({{"document", e.payload.at("document")}, {"public", true}}, e);
      CopyText(t.naschrift, e, "note");
      break;
    case EventType::kFollowUpAcictRecommendation:
      t.follow_ups.push_back(Stamp({{"recommendation", p.at("recommendation")},
                                    {"status", p.at("status")},
                                    {"note", p.at("note")}},
                                   e));
      break;
    default:
      break;
  }
}

bool AcictRequestMissing(const AcictTrack& t) {
  return t.request_required && t.request.is_null();
}

std::vector<EventType> NextAcictSteps(const AcictTrack& t) {
  if (t.request.is_null()) return {EventType::kRequestAcictAdvice};
  if (t.selection.is_null()) return {EventType::kRecordAcictSelection};
  if (t.selection.at("decision") != "advise") return {};
  if (t.advice.is_null()) return {EventType::kRecordAcictAdvice};
  std::vector<EventType> next;
  if (t.reaction.is_null()) {
    next.push_back(EventType::kRecordBestuurlijkeReactie);
  } else if (t.naschrift.is_null()) {
    next.push_back(EventType::kRecordAcictNaschrift);
  }
  const size_t count = t.advice.at("recommendations").size();
  size_t closed = 0;
  for (size_t n = 1; n <= count; ++n) {
    const bool final = std::any_of(t.follow_ups.begin(), t.follow_ups.end(), [&](const json& f) {
      return f.at("recommendation") == n && f.at("status") != "planned" &&
             f.at("status") != "in_progress";
    });
    if (final) ++closed;
  }
  if (closed < count) next.push_back(EventType::kFollowUpAcictRecommendation);
  return next;
}

json ToJson(const AcictTrack& t) {
  return {{"requestRequired", t.request_required},
          {"request", t.request},
          {"selection", t.selection},
          {"advice", t.advice},
          {"reaction", t.reaction},
          {"naschrift", t.naschrift},
          {"followUps", t.follow_ups}};
}

AcictTrack AcictTrackFromJson(const json& j) {
  AcictTrack t;
  if (!j.is_object()) return t;
  t.request_required = j.value("requestRequired", false);
  t.request = j.value("request", json());
  t.selection = j.value("selection", json());
  t.advice = j.value("advice", json());
  t.reaction = j.value("reaction", json());
  t.naschrift = j.value("naschrift", json());
  t.follow_ups = j.value("followUps", json::array());
  return t;
}

}  // namespace ictgate::engine

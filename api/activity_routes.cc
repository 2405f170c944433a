// /activities: registration, reads, the lifecycle's event resources, links,
// the gate view and the recorded assessments.
#include <functional>
#include <map>
#include <set>
#include <string>

#include "api/problem.h"
#include "api/routes.h"
#include "api/views.h"
#include "app/oordeel.h"
#include "engine/gate.h"
#include "engine/permissions.h"

namespace ictgate::api {
namespace {

using engine::EventType;
using nlohmann::json;

// POST /activities/{id}/<segment> causes these events.
const std::map<std::string, EventType>& EventSegments() {
  static const std::map<std::string, EventType> kSegments = {
      {"submissions", EventType::kSubmit},
      {"withdrawals", EventType::kWithdraw},
      {"assessments", EventType::kRecordVerdict},
      {"condition-reviews", EventType::kReviewCondition},
      {"overrides", EventType::kOverrule},
      {"revisions", EventType::kRevise},
      {"changes", EventType::kReportChange},
      {"completions", EventType::kComplete},
      {"cancellations", EventType::kCancel},
      {"pack-adoptions", EventType::kAdoptPack},
      {"recommendation-responses", EventType::kRespondRecommendation},
      // The AcICT track (engine/acict.h) and the CISO's advice.
      {"acict-requests", EventType::kRequestAcictAdvice},
      {"acict-selections", EventType::kRecordAcictSelection},
      {"acict-advices", EventType::kRecordAcictAdvice},
      {"acict-reactions", EventType::kRecordBestuurlijkeReactie},
      {"acict-naschriften", EventType::kRecordAcictNaschrift},
      {"acict-follow-ups", EventType::kFollowUpAcictRecommendation},
      {"ciso-advices", EventType::kRecordCisoAdvice},
  };
  return kSegments;
}

// A resource whose "decision" member picks the event.
struct DecisionResource {
  std::map<std::string, EventType> choices;
  std::string fallback;  // the choice when "decision" is absent; empty: required
};

const std::map<std::string, DecisionResource>& DecisionSegments() {
  static const std::map<std::string, DecisionResource> kSegments = {
      {"intake-decisions",
       {{{"accept", EventType::kAcceptIntake}, {"return", EventType::kReturnIntake}}, ""}},
      // "grant" by default: a funding decision is a grant unless it says not.
      {"funding-decisions",
       {{{"grant", EventType::kGrantFunding}, {"refuse", EventType::kRefuseFunding}}, "grant"}},
  };
  return kSegments;
}

// The event a decision resource's body asks for (removing "decision" from
// the body), or nullopt after answering 400.
std::optional<EventType> ResolveDecision(const DecisionResource& r, Exchange& x) {
  const json decision = x.body.value("decision", r.fallback.empty() ? json() : json(r.fallback));
  const auto it =
      decision.is_string() ? r.choices.find(decision.get<std::string>()) : r.choices.end();
  if (it == r.choices.end()) {
    std::string names;
    for (const auto& [name, type] : r.choices) names += (names.empty() ? "" : " or ") + name;
    SendInvalid(x, "decision must be " + names, "decision", "must be " + names);
    return std::nullopt;
  }
  x.body.erase("decision");
  return it->second;
}

// POST .../advice: the CIO's assessment so far, judged under the pack, for
// whoever may record the verdict now (else the 403, 404 or 409 recording
// would get).
void Advise(app::Service& service, Exchange& x) {
  const app::WriteOutcome may =
      service.Authorize(x.Param(1), EventType::kRecordVerdict, x.Caller());
  if (may.status != app::WriteOutcome::Status::kOk) return SendOutcome(x, may, 200);
  const auto a = service.Get(x.Param(1), x.Caller());
  if (!a) return SendProblem(x.res, 404, NoActivity(x.Param(1)));
  if (auto refusal = engine::CheckState(*a, EventType::kRecordVerdict)) {
    return SendRefusal(x, *refusal);
  }
  const auto advice = service.Advise(*a, x.body.value("findings", nlohmann::json()),
                                     x.body.value("areaScores", nlohmann::json::object()));
  if (!advice.ok()) return SendInvalid(x, "the assessment so far is not valid", advice.error());
  nlohmann::json answer = engine::ToJson(advice.value());
  answer["pending"] = advice.value().Pending();
  SendJson(x, answer);
}

void Transition(app::Service& service, Exchange& x, EventType type) {
  const engine::Command command{type, x.body, x.Caller(), x.request_id};
  SendOutcome(x, service.Execute(x.Param(1), command, x.expected_version, x.Claim(201)), 201);
}

void ListActivities(app::Service& service, Exchange& x) {
  app::ActivityFilter filter;
  const auto department = ReadDepartment(x);
  if (!department) return;
  filter.department = *department;
  filter.verdict = x.req.get_param_value("verdict");
  filter.after_id = x.req.get_param_value("cursor");
  static const std::set<std::string> kVerdicts = {"", "green", "orange", "red", "none"};
  if (!kVerdicts.count(filter.verdict)) {
    return SendInvalid(x, "verdict must be green, orange, red or none", "verdict",
                       "is not a verdict");
  }
  if (const std::string state = x.req.get_param_value("state"); !state.empty()) {
    filter.state = engine::ParseState(state);
    if (!filter.state) {
      return SendInvalid(x, "unknown state '" + state + "'", "state", "is not a state");
    }
  }
  if (!ReadLimit(x, filter.limit)) return;
  std::vector<engine::Activity> items;
  std::string next;
  const std::string eligibility = x.req.get_param_value("eligibility");
  if (eligibility.empty()) {
    items = service.List(filter, x.Caller());
    if (static_cast<int64_t>(items.size()) == filter.limit) next = items.back().id;
  } else {
    const auto status = engine::ParseEligibilityStatus(eligibility);
    if (!status) {
      return SendInvalid(x, "eligibility must be an eligibility status", "eligibility", "unknown");
    }
    std::tie(items, next) = service.ListByEligibility(filter, *status, x.Caller());
  }
  json list = json::array();
  for (const auto& a : items) list.push_back(engine::ToJson(a));
  SendJson(x, {{"items", list}, {"nextCursor", next.empty() ? json() : json(next)}});
}

void AddLink(app::Service& service, Exchange& x) {
  const auto other = x.body.find("activityId");
  if (x.body.size() != 1 || other == x.body.end() || !other->is_string()) {
    return SendInvalid(x, "the body must be {\"activityId\": \"...\"}", "activityId",
                       "must be the only member, a string");
  }
  SendOutcome(x,
              service.Link(x.Param(1), *other, true, x.Caller(), x.request_id, x.expected_version,
                           x.Claim(201)),
              201);
}

// GET /activities/{id}/verdict-document: the CIO-oordeel as a printable
// document (app/oordeel.h), of the record as it stands.
void VerdictDocument(app::Service& service, Exchange& x) {
  const std::string id = x.Param(1);
  auto log = service.Events(id, x.Caller());
  if (!log) return SendNoActivity(x, service, id);
  service.actors().ResolveNames(*log, app::kErasedActorDutch);  // the document names people
  const auto html = app::OordeelHtml(*log, service.packs(), service.clock().Now());
  if (!html) {
    return SendProblem(x.res, 409, "activity " + id + " has no verdict in force to print");
  }
  x.res.set_header("Content-Security-Policy", app::OordeelContentSecurityPolicy());
  x.res.set_header("Content-Language", "nl");
  x.res.set_content(*html, "text/html; charset=utf-8");
}

// GET /activities/{id}/gate: the answer kept with the record while it holds
// (engine/answers.h), with the caller's actions.
void GateAnswer(app::Service& service, Exchange& x) {
  const std::string id = x.Param(1);
  const auto text = service.GateAnswer(id, x.Caller(), service.clock().Now());
  if (!text) return SendNoActivity(x, service, id);
  SendAnswerText(x, service, std::move(*text));
}

}  // namespace

std::vector<Route> ActivityRoutes(app::Application& app) {
  app::Service& service = app.service();
  std::vector<Route> routes = {
      {"GET", "/activities", kAnyRole, Body::kNone,
       [&service](Exchange& x) { ListActivities(service, x); }},
      {"POST", "/activities", kAnyRole, Body::kJson,
       [&service](Exchange& x) {
         SendOutcome(x, service.Create(x.body, x.Caller(), x.request_id, x.Claim(201)), 201);
       },
       MayCause(service, EventType::kCreate)},
      {"GET", "/activities/{id}", kAnyRole, Body::kNone,
       [&service](Exchange& x) {
         const auto a = service.Get(x.Param(1), x.Caller());
         if (!a) return SendNoActivity(x, service, x.Param(1));
         SendActivity(x, 200, *a, engine::ToJson(*a));
       }},
      {"PATCH", "/activities/{id}", kAnyRole, Body::kJson,
       [&service](Exchange& x) {
         const engine::Command command{EventType::kUpdate, x.body, x.Caller(), x.request_id};
         SendOutcome(x, service.Execute(x.Param(1), command, x.expected_version, x.Claim(200)),
                     200);
       },
       MayCause(service, EventType::kUpdate)},
      {"GET", "/activities/{id}/events", kAnyRole, Body::kNone,
       [&service](Exchange& x) { SendEvents(x, service, service.Events(x.Param(1), x.Caller())); }},
      {"GET", "/activities/{id}/assessments", kAnyRole, Body::kNone,
       [&service](Exchange& x) {
         SendEvents(x, service, service.Assessments(x.Param(1), x.Caller()));
       }},
      {"POST", "/activities/{id}/advice", kAnyRole, Body::kJson,
       [&service](Exchange& x) { Advise(service, x); },
       MayCause(service, EventType::kRecordVerdict)},
      {"GET", "/activities/{id}/gate", kAnyRole, Body::kNone,
       [&service](Exchange& x) { GateAnswer(service, x); }},
      {"GET", "/activities/{id}/verdict-document", kAnyRole, Body::kNone,
       [&service](Exchange& x) { VerdictDocument(service, x); }},
      {"POST", "/activities/{id}/links", kAnyRole, Body::kJson,
       [&service](Exchange& x) { AddLink(service, x); }, MayCause(service, EventType::kLinkChange)},
      {"DELETE", "/activities/{id}/links/{linkedId}", kAnyRole, Body::kNone,
       [&service](Exchange& x) {
         SendOutcome(x,
                     service.Link(x.Param(1), x.Param(2), false, x.Caller(), x.request_id,
                                  x.expected_version, x.Claim(200)),
                     200);
       }},
  };
  // One resource per lifecycle event; the engine decides who may cause it.
  for (const auto& [segment, type] : EventSegments()) {
    routes.push_back({"POST", "/activities/{id}/" + segment, kAnyRole, Body::kJson,
                      [&service, type = type](Exchange& x) { Transition(service, x, type); },
                      MayCause(service, type)});
  }
  for (const auto& [segment, decision] : DecisionSegments()) {
    routes.push_back({"POST", "/activities/{id}/" + segment, kAnyRole, Body::kJson,
                      [&service, &decision = decision](Exchange& x) {
                        if (const auto type = ResolveDecision(decision, x)) {
                          Transition(service, x, *type);
                        }
                      },
                      // A decision resource's choices share their roles.
                      MayCause(service, decision.choices.begin()->second)});
  }
  return routes;
}

}  // namespace ictgate::api

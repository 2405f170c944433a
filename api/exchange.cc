#include "api/exchange.h"

#include <algorithm>
#include <cctype>

#include "api/problem.h"
#include "api/problem_language.h"
#include "api/views.h"
#include "engine/answers.h"
#include "engine/permissions.h"

namespace ictgate::api {

using nlohmann::json;

std::optional<app::IdempotencyClaim> Exchange::Claim(int status) const {
  if (!idempotency_key) return std::nullopt;
  return app::ClaimFor(Caller(), *idempotency_key, req.method + "\n" + req.target + "\n" + req.body,
                       status);
}

void SendInvalid(Exchange& x, const std::string& detail, const std::string& param,
                 const std::string& reason) {
  SendInvalid(x, detail, {{param, reason}});
}

json InvalidParams(const std::vector<engine::Problem>& problems) {
  json params = json::array();
  for (const auto& p : problems) {
    params.push_back(p.field.empty() ? json{{"reason", p.message}}
                                     : json{{"name", p.field}, {"reason", p.message}});
  }
  return params;
}

void SendInvalid(Exchange& x, const std::string& detail,
                 const std::vector<engine::Problem>& problems) {
  SendProblem(x.res, 400, detail, {{"invalidParams", InvalidParams(problems)}});
}

bool ReadLimit(Exchange& x, int64_t& limit) {
  if (!x.req.has_param("limit")) return true;
  const std::string text = x.req.get_param_value("limit");
  const bool ok = !text.empty() && text.size() <= 3 &&
                  std::all_of(text.begin(), text.end(), ::isdigit) && std::stoi(text) >= 1 &&
                  std::stoi(text) <= 500;
  if (!ok) {
    SendInvalid(x, "limit must be 1 to 500", "limit", "must be 1 to 500");
    return false;
  }
  limit = std::stoi(text);
  return true;
}

std::optional<engine::Instant> ReadAt(Exchange& x, engine::Instant now) {
  if (!x.req.has_param("at")) return now;
  const auto at = engine::ParseInstant(x.req.get_param_value("at"));
  if (!at) SendInvalid(x, "at must be an RFC 3339 date-time or a date", "at", "not a date-time");
  return at;
}

std::optional<std::string> ReadDepartment(Exchange& x) {
  const std::string department = x.req.get_param_value("department");
  if (department.empty()) return department;
  if (!engine::IsDepartmentCode(department)) {
    SendInvalid(x, "department must be a department code: 2 to 10 capital letters, like BZK",
                "department", "not a department code");
    return std::nullopt;
  }
  if (!engine::CoversDepartment(x.Caller(), department)) {
    SendProblem(x.res, 403,
                "your token is for department " + x.Caller().department + ", not " + department);
    return std::nullopt;
  }
  return department;
}

void SendJson(Exchange& x, const json& body, int status) {
  SendJsonText(x, body.dump(), status);
}

void SendJsonText(Exchange& x, std::string body, int status) {
  x.res.status = status;
  x.res.set_content(std::move(body), "application/json");
}

engine::Language Exchange::Language() const {
  return PreferredLanguage(req.get_header_value("Accept-Language")) == "nl"
             ? engine::Language::kDutch
             : engine::Language::kEnglish;
}

void SetContentLanguage(Exchange& x) {
  SetContentLanguage(x.res, std::string(engine::LanguageTag(x.Language())));
}

void SendAnswerText(Exchange& x, const app::Service& service, std::string answer) {
  const engine::Language language = x.Language();
  SetContentLanguage(x.res, std::string(engine::LanguageTag(language)));
  SendJsonText(x, service.Localised(std::move(answer), language));
}

void SendEvents(Exchange& x, app::Service& service,
                const std::optional<std::vector<app::RecordedEvent>>& events) {
  if (!events) return SendNoActivity(x, service, x.Param(1));
  json items = json::array();
  for (const auto& e : *events) items.push_back(EventJson(e));
  SendJson(x, {{"items", items}});
}

void SendActivity(Exchange& x, int status, const engine::Activity& a, const json& body) {
  x.res.set_header("ETag", "\"" + std::to_string(a.version) + "\"");
  SendJson(x, body, status);
}

void SendRefusal(Exchange& x, const engine::Refusal& r) {
  using Kind = engine::Refusal::Kind;
  const json problems = InvalidParams(r.problems);
  switch (r.kind) {
    case Kind::kForbidden:
      return SendProblem(x.res, 403, r.summary);
    case Kind::kNotAllowed:
      return SendProblem(x.res, 409, r.summary, {{"allowedEvents", engine::EventNames(r.allowed)}});
    case Kind::kInvalid:
      return SendInvalid(x, r.summary, r.problems);
    case Kind::kPrecondition:
      return SendProblem(
          x.res, 409, r.summary,
          {{"blockedBy", problems}, {"allowedEvents", engine::EventNames(r.allowed)}});
  }
}

void SendOutcome(Exchange& x, const app::WriteOutcome& r, int status) {
  using Status = app::WriteOutcome::Status;
  switch (r.status) {
    case Status::kOk: {
      if (r.replayed) x.res.set_header("Idempotent-Replayed", "true");
      const engine::Activity& a = *r.activity;
      if (r.event->event.type == engine::EventType::kCreate) {
        x.res.set_header("Location", std::string(kBase) + "/activities/" + a.id);
      }
      return SendActivity(x, r.replayed ? r.replayed_status : status, a,
                          {{"activity", engine::ToJson(a)}, {"event", EventJson(*r.event)}});
    }
    case Status::kNotFound:
      return SendProblem(x.res, 404, r.message);
    case Status::kRefused:
      return SendRefusal(x, *r.refusal);
    case Status::kConflict:
      return SendProblem(x.res, x.expected_version ? 412 : 409, r.message);
    case Status::kKeyReused:
      return SendProblem(x.res, 422, r.message);
    case Status::kUnsupportedType:
      return SendProblem(x.res, 415, r.message);
  }
}

std::function<bool(Exchange&)> MayCause(app::Service& service, engine::EventType type) {
  return [&service, type](Exchange& x) {
    const std::string id = type == engine::EventType::kCreate ? "" : x.Param(1);
    const app::WriteOutcome r = service.Authorize(id, type, x.Caller());
    if (r.status == app::WriteOutcome::Status::kOk) return true;
    SendOutcome(x, r, 200);
    return false;
  };
}

std::optional<int64_t> ReadPositive(Exchange& x, const std::string& text, const std::string& name,
                                    const std::string& detail, const std::string& reason) {
  const bool number = !text.empty() && text.size() <= 18 &&
                      std::all_of(text.begin(), text.end(), ::isdigit) && std::stoll(text) >= 1;
  if (!number) {
    SendInvalid(x, detail, name, reason);
    return std::nullopt;
  }
  return std::stoll(text);
}

std::string NoActivity(const std::string& id) {
  return "no activity " + id;
}

void SendNoActivity(Exchange& x, app::Service& service, const std::string& id,
                    const std::string& suffix) {
  const auto disposal = service.Disposal(id, x.Caller());
  if (!disposal) return SendProblem(x.res, 404, NoActivity(id) + suffix);
  const bool transferred = disposal->kind == "transfer-activity";
  SendProblem(x.res, 410,
              "activity " + id +
                  (transferred ? " was transferred to the e-depot" : " was destroyed") + " on " +
                  disposal->at.substr(0, 10) + " under retention rule " +
                  disposal->detail.value("rule", "?") + " (record log entry " +
                  std::to_string(disposal->seq) + ")",
              {{"recordEntry", disposal->seq}});
}

}  // namespace ictgate::api

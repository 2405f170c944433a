// One request and its answer, as a route's handler sees them, and the
// helpers that read requests and write answers.
//
// The convention for "already answered": a reading helper that returns
// false or nullopt has sent its problem answer, and the caller returns at
// once. The router (api/router.h) does the common prologue before a handler
// runs, so a handler starts with an authenticated, authorised caller and a
// parsed body.
#ifndef ICTGATE_API_EXCHANGE_H_
#define ICTGATE_API_EXCHANGE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "app/service.h"
#include "app/sessions.h"
#include "engine/event.h"
#include "engine/language.h"
#include "engine/lifecycle.h"
#include "engine/time.h"

namespace ictgate::api {

inline constexpr char kBase[] = "/api/v1";
// Sent as API-Version on every answer.
inline constexpr char kApiVersion[] = "1.0.0";

struct Exchange {
  const httplib::Request& req;
  httplib::Response& res;
  std::string request_id;                          // echoed as X-Request-Id, recorded with events
  std::optional<engine::Actor> actor;              // set on every route that needs a token
  nlohmann::json body = nlohmann::json::object();  // the parsed body, when the route takes one
  std::optional<int64_t> expected_version;         // If-Match
  std::optional<std::string> idempotency_key;
  std::optional<app::Session> session;  // when the caller came by session cookie
  // Set by a handler whose answer shows the record as it is kept (the audit
  // chain's entries, the record log, an erasure): its pseudonyms are not
  // turned into names (Router).
  bool keeps_pseudonyms = false;

  // Path parameter `i` (1-based, in path order).
  std::string Param(size_t i) const { return req.matches[i].str(); }
  const engine::Actor& Caller() const { return *actor; }
  // The language the caller reads: Dutch when Accept-Language prefers it,
  // else English (api/problem_language.h).
  engine::Language Language() const;
  // The claim this write makes with its Idempotency-Key; nullopt without one.
  // `status` is the status of its first answer.
  std::optional<app::IdempotencyClaim> Claim(int status) const;
};

// ?limit= (1 to 500) into `limit`, which keeps its default when absent.
bool ReadLimit(Exchange& x, int64_t& limit);
// ?at= (RFC 3339, or a date meaning its midnight UTC); `now` when absent.
std::optional<engine::Instant> ReadAt(Exchange& x, engine::Instant now);
// A department code in ?department= ("" when absent) that `actor` may see:
// 400 when it is not a code, 403 when another department's.
std::optional<std::string> ReadDepartment(Exchange& x);

// {"items": [...]} of recorded events, or 404 when the activity is not visible.
void SendEvents(Exchange& x, app::Service& service,
                const std::optional<std::vector<app::RecordedEvent>>& events);
void SendJson(Exchange& x, const nlohmann::json& body, int status = 200);
// A JSON body already serialised.
void SendJsonText(Exchange& x, std::string body, int status = 200);
// Says the answer is in the caller's language: Content-Language, and
// Accept-Language added to Vary.
void SetContentLanguage(Exchange& x);
// A gate or eligibility answer (JSON text, in English) in the caller's
// language (app::Service::Localised), with SetContentLanguage.
void SendAnswerText(Exchange& x, const app::Service& service, std::string answer);
// An activity with its ETag.
void SendActivity(Exchange& x, int status, const engine::Activity& a, const nlohmann::json& body);
// A write's result: {activity, event} with its ETag (and Location for a new
// activity), replayed with Idempotent-Replayed, or its problem. A version
// conflict is 412 when the caller sent If-Match, 409 when another request
// won the race.
void SendOutcome(Exchange& x, const app::WriteOutcome& r, int status);
void SendRefusal(Exchange& x, const engine::Refusal& r);
// 400 with one invalidParams entry.
void SendInvalid(Exchange& x, const std::string& detail, const std::string& param,
                 const std::string& reason);
// 400 with an invalidParams entry for each problem.
void SendInvalid(Exchange& x, const std::string& detail,
                 const std::vector<engine::Problem>& problems);
// invalidParams entries: {name, reason}, or {reason} for a problem with no
// field.
nlohmann::json InvalidParams(const std::vector<engine::Problem>& problems);

// A route's authorize step (api/router.h) for the event `type` on the
// activity of path parameter 1 (none for kCreate): the 403 or 404 that the
// write would answer, given before a malformed body's 400 or a refused
// type's 415.
std::function<bool(Exchange&)> MayCause(app::Service& service, engine::EventType type);

// `text` as a whole number from 1 (at most 18 digits); nullopt after
// answering 400 with `detail`, naming `name` for `reason`.
std::optional<int64_t> ReadPositive(Exchange& x, const std::string& text, const std::string& name,
                                    const std::string& detail, const std::string& reason);

// The detail of a 404 for the activity `id`.
std::string NoActivity(const std::string& id);

// Answers that activity `id` is not there for the caller: 410 Gone when it
// was destroyed or transferred under retention (the caller covers its
// department), naming the record log entry, else 404 with NoActivity and
// `suffix`.
void SendNoActivity(Exchange& x, app::Service& service, const std::string& id,
                    const std::string& suffix = "");

}  // namespace ictgate::api

#endif  // ICTGATE_API_EXCHANGE_H_

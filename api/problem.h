// RFC 9457 problem details (application/problem+json), as the NL GOV API
// Design Rules ask for every 4xx and 5xx answer.
#ifndef ICTGATE_API_PROBLEM_H_
#define ICTGATE_API_PROBLEM_H_

#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace ictgate::api {

// The standard reason phrase for `status` ("Not Found").
const char* StatusTitle(int status);

// Answers with a problem: {type, title, status, detail} plus `extra` members
// (for example invalidParams or allowedEvents).
void SendProblem(httplib::Response& res, int status, const std::string& detail,
                 const nlohmann::json& extra = nlohmann::json::object());

// The same, then closes the connection. For answers given before the request
// body was read (too large, chunked): the unread bytes must never be parsed as
// a next request on a kept-alive connection, which would let a body smuggle a
// request past a proxy. cpp-httplib 0.11 has no call to close a connection
// from a handler, but closes it when a content provider reports failure, so
// the body is written by a provider that then returns false.
void SendProblemAndClose(httplib::Response& res, int status, const std::string& detail);

}  // namespace ictgate::api

#endif  // ICTGATE_API_PROBLEM_H_

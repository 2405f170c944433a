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

}  // namespace ictgate::api

#endif  // ICTGATE_API_PROBLEM_H_

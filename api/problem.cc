#include "api/problem.h"

namespace ictgate::api {

const char* StatusTitle(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return status >= 500 ? "Server Error" : "Client Error";
  }
}

void SendProblem(httplib::Response& res, int status, const std::string& detail,
                 const nlohmann::json& extra) {
  nlohmann::json body = {{"type", "about:blank"},
                         {"title", StatusTitle(status)},
                         {"status", status},
                         {"detail", detail}};
  for (const auto& [key, value] : extra.items()) body[key] = value;
  res.status = status;
  res.set_content(body.dump(), "application/problem+json");
}

}  // namespace ictgate::api

#include "api/problem.h"

namespace ictgate::api {

const char* StatusTitle(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 411:
      return "Length Required";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return status >= 500 ? "Server Error" : "Client Error";
  }
}

namespace {

std::string ProblemBody(int status, const std::string& detail, const nlohmann::json& extra) {
  nlohmann::json body = {{"type", "about:blank"},
                         {"title", StatusTitle(status)},
                         {"status", status},
                         {"detail", detail}};
  for (const auto& [key, value] : extra.items()) body[key] = value;
  // The detail may quote the caller's bytes (a JSON parse error does); replace
  // invalid UTF-8 rather than fail while reporting a failure.
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

void SendProblem(httplib::Response& res, int status, const std::string& detail,
                 const nlohmann::json& extra) {
  res.status = status;
  res.set_content(ProblemBody(status, detail, extra), "application/problem+json");
}

void SendProblemAndClose(httplib::Response& res, int status, const std::string& detail) {
  res.status = status;
  res.set_header("Connection", "close");
  const std::string body = ProblemBody(status, detail, nlohmann::json::object());
  res.set_content_provider(body.size(), "application/problem+json",
                           [body](size_t offset, size_t, httplib::DataSink& sink) {
                             sink.write(body.data() + offset, body.size() - offset);
                             return false;  // "failed": the server closes the connection
                           });
}

}  // namespace ictgate::api

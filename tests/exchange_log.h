// Records API exchanges made by the tests (method, path, status, content type,
// body) as JSON lines in the file named by $ICTGATE_EXCHANGE_LOG, so that
// tests/validate_responses.mjs can check them against the OpenAPI document.
// Does nothing when the variable is unset.
#ifndef ICTGATE_TESTS_EXCHANGE_LOG_H_
#define ICTGATE_TESTS_EXCHANGE_LOG_H_

#include <cstdlib>
#include <fstream>
#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace ictgate::testing {

inline httplib::Result Recorded(const std::string& method, const std::string& path,
                                httplib::Result r) {
  const char* file = std::getenv("ICTGATE_EXCHANGE_LOG");
  if (file && *file && r) {
    const nlohmann::json line = {{"method", method},
                                 {"path", path},
                                 {"status", r->status},
                                 {"contentType", r->get_header_value("Content-Type")},
                                 {"body", r->body}};
    // A document's bytes need not be UTF-8; only JSON bodies are checked.
    std::ofstream(file, std::ios::app)
        << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  return r;
}

}  // namespace ictgate::testing

#endif  // ICTGATE_TESTS_EXCHANGE_LOG_H_

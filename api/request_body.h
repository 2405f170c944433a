// Reading a request body within the server's limits, apart from HTTP so that
// the fuzz target (fuzz/fuzz_request.cc) parses exactly as the server does.
#ifndef ICTGATE_API_REQUEST_BODY_H_
#define ICTGATE_API_REQUEST_BODY_H_

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/result.h"

namespace ictgate::api {

// Parses `text` as a request body: a JSON object (empty text counts as {}),
// nested at most `max_depth` deep, with no string or member name longer than
// `max_string_bytes`. The limits are checked while parsing, so the DOM is
// never built past them and a hostile body costs no more than its size.
// Never throws for any input. The body is always a JSON object; the problem
// (whose message is the detail of the 400 answer) names no field.
engine::Result<nlohmann::json, engine::Problem> ParseRequestBody(std::string_view text,
                                                                 int max_depth,
                                                                 size_t max_string_bytes);

}  // namespace ictgate::api

#endif  // ICTGATE_API_REQUEST_BODY_H_

#include "api/request_body.h"

namespace ictgate::api {

using nlohmann::json;

ParsedBody ParseRequestBody(std::string_view text, int max_depth, size_t max_string_bytes) {
  // Thrown from the parser callback to stop parsing at the first excess.
  struct TooDeep {};
  struct TooLong {};
  const auto limit = [max_depth, max_string_bytes](int depth, json::parse_event_t event,
                                                   json& parsed) {
    if (depth > max_depth) throw TooDeep{};
    const bool textual = event == json::parse_event_t::key || event == json::parse_event_t::value;
    if (textual && parsed.is_string() &&
        parsed.get_ref<const std::string&>().size() > max_string_bytes) {
      throw TooLong{};
    }
    return true;
  };
  ParsedBody result;
  try {
    json body = text.empty() ? json::object() : json::parse(text, limit);
    if (body.is_object()) {
      result.body = std::move(body);
    } else {
      result.problem = "the request body must be a JSON object";
    }
  } catch (const TooDeep&) {
    result.problem = "the request body is nested deeper than " + std::to_string(max_depth);
  } catch (const TooLong&) {
    result.problem =
        "the request body has a string longer than " + std::to_string(max_string_bytes) + " bytes";
  } catch (const json::exception& e) {
    result.problem = std::string("the request body is not valid JSON: ") + e.what();
  }
  return result;
}

}  // namespace ictgate::api

#include "api/request_body.h"

namespace ictgate::api {

using nlohmann::json;

engine::Result<json, engine::Problem> ParseRequestBody(std::string_view text, int max_depth,
                                                       size_t max_string_bytes) {
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
  const auto refused = [](std::string why) { return engine::Problem{"", std::move(why)}; };
  try {
    json body = text.empty() ? json::object() : json::parse(text, limit);
    if (!body.is_object()) return refused("the request body must be a JSON object");
    return body;
  } catch (const TooDeep&) {
    return refused("the request body is nested deeper than " + std::to_string(max_depth));
  } catch (const TooLong&) {
    return refused("the request body has a string longer than " + std::to_string(max_string_bytes) +
                   " bytes");
  } catch (const json::exception& e) {
    return refused(std::string("the request body is not valid JSON: ") + e.what());
  }
}

}  // namespace ictgate::api

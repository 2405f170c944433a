// Structured logs: one JSON object per line on stderr, e.g.
//   {"level":"info","msg":"request","requestId":"...","status":201,"time":"..."}
// Written through spdlog, whose sinks are thread-safe and write each line
// whole, so lines from concurrent requests never interleave.
#ifndef ICTGATE_APP_LOG_H_
#define ICTGATE_APP_LOG_H_

#include <string>

#include <nlohmann/json.hpp>

namespace ictgate::app::log {

// Adds "time", "level" and "msg" to `fields` and writes the line.
void Info(const std::string& msg, nlohmann::json fields = nlohmann::json::object());
void Warn(const std::string& msg, nlohmann::json fields = nlohmann::json::object());
void Error(const std::string& msg, nlohmann::json fields = nlohmann::json::object());

// Stops writing (tests and benchmarks that do not want request lines).
void Silence();

}  // namespace ictgate::app::log

#endif  // ICTGATE_APP_LOG_H_

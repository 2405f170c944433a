#include "app/log.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "engine/clock.h"

namespace ictgate::app::log {
namespace {

spdlog::logger& Logger() {
  static const std::shared_ptr<spdlog::logger> kLogger = [] {
    auto logger = spdlog::stderr_logger_mt("ictgate-json");
    logger->set_pattern("%v");  // the line is the JSON object, nothing around it
    return logger;
  }();
  return *kLogger;
}

void Write(spdlog::level::level_enum level, const char* name, const std::string& msg,
           nlohmann::json fields) {
  if (!Logger().should_log(level)) return;
  if (!fields.is_object()) fields = {{"fields", fields}};
  fields["time"] = engine::FormatInstant(engine::SystemClock().Now());
  fields["level"] = name;
  fields["msg"] = msg;
  // Invalid UTF-8 from a client (a path, a header) must not stop the line.
  Logger().log(level, fields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace

void Info(const std::string& msg, nlohmann::json fields) {
  Write(spdlog::level::info, "info", msg, std::move(fields));
}
void Warn(const std::string& msg, nlohmann::json fields) {
  Write(spdlog::level::warn, "warn", msg, std::move(fields));
}
void Error(const std::string& msg, nlohmann::json fields) {
  Write(spdlog::level::err, "error", msg, std::move(fields));
}
void Silence() {
  Logger().set_level(spdlog::level::off);
}

}  // namespace ictgate::app::log

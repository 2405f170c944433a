// The test binary's main. The HTTP tests run servers in this process; their
// request log lines would bury Catch's report, so the log is silenced here.
// The log itself is tested through a real `ictgate serve` (test_time_travel).
// ICTGATE_TEST_LOG=1 keeps it, to see what a failing server test logged.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdlib>

#include "app/log.h"

int main(int argc, char* argv[]) {
  if (std::getenv("ICTGATE_TEST_LOG") == nullptr) ictgate::app::log::Silence();
  return Catch::Session().run(argc, argv);
}

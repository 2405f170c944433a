// The test binary's main. The HTTP tests run servers in this process; their
// request log lines would bury Catch's report, so the log is silenced here.
// The log itself is tested through a real `ictgate serve` (test_time_travel).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "app/log.h"

int main(int argc, char* argv[]) {
  ictgate::app::log::Silence();
  return Catch::Session().run(argc, argv);
}

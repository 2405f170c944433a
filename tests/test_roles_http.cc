// The CIO Rijk (role cio_rijk): reads every department's portfolio and
// reports on it, records nothing (its refusals are in the hostile corpus).
#include <httplib.h>
#include <catch2/catch.hpp>

#include "live_server.h"

namespace ictgate {
namespace {

using namespace testing;
using nlohmann::json;

TEST_CASE("the CIO Rijk reads every department's activities, eligibility and conditions",
          "[http]") {
  LiveServer server;
  const std::string bzk = OrangeActivity(server);
  const std::string ezk = OrangeActivity(server, "EZK");
  CHECK(server.Get("cio_rijk", "/activities/" + bzk)->status == 200);
  CHECK(server.Get("cio_rijk", "/activities/" + ezk)->status == 200);
  CHECK(Body(server.Get("cio_rijk", "/activities"))["items"].size() == 2);
  const json eligibility = Body(server.Get("cio_rijk", "/eligibility"));
  CHECK(eligibility["summary"]["eligible_with_conditions"] == 2);
  CHECK(Body(server.Get("cio_rijk", "/conditions"))["open"] == 2);
  CHECK(server.Get("cio_rijk", "/activities/" + ezk + "/verdict-document")->status == 200);
  // A department's CIO office sees its own only.
  CHECK(Body(server.Get("cio", "/activities"))["items"].size() == 1);
  CheckProblem(server.Get("cio", "/activities/" + ezk), 404);
}

TEST_CASE("a CIO Rijk token is for every department, never for one", "[http]") {
  LiveServer server;
  CHECK_THROWS_WITH(server.application().tokens().Issue("x", engine::Role::kCioRijk, "BZK"),
                    Catch::Contains("role 'cio_rijk' is not bound to a department: use '*'"));
}

}  // namespace
}  // namespace ictgate

// The edges a user runs into: concurrent retries with one Idempotency-Key,
// the audit resources (verification equal to the CLI's, entries by
// position), department filters outside the caller's department, a
// malformed transition told apart from a wrong state, and read-only
// commands on a database that does not exist.
#include <sys/stat.h>

#include <atomic>
#include <thread>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include "live_server.h"

namespace ictgate::testing {
namespace {

bool Exists(const std::string& path) {
  struct stat info {};
  return stat(path.c_str(), &info) == 0;
}

TEST_CASE("16 concurrent retries with one Idempotency-Key act once and all get the answer") {
  LiveServer server;
  const std::string id = ApprovedActivity(server);
  const auto head = server.store().Head();
  const json tranche = {{"amountEur", 1'000'000}, {"reference", "FEZ-16"}};
  const std::string path = "/api/v1/activities/" + id + "/funding-decisions";
  std::vector<int> statuses(16);
  std::vector<std::string> bodies(16);
  std::vector<std::thread> clients;
  std::atomic<bool> go{false};
  for (size_t i = 0; i < 16; ++i) {
    clients.emplace_back([&, i] {
      httplib::Client client("127.0.0.1", server.port());
      httplib::Headers headers = server.As("finance", {{"Idempotency-Key", "fund-once"}});
      while (!go) std::this_thread::yield();
      const auto r = client.Post(path.c_str(), headers, tranche.dump(), "application/json");
      statuses[i] = r ? r->status : -1;
      bodies[i] = r ? r->body : httplib::to_string(r.error());
    });
  }
  go = true;
  for (auto& c : clients) c.join();
  for (size_t i = 0; i < 16; ++i) {
    INFO("client " << i << ": " << bodies[i]);
    CHECK(statuses[i] == 201);
    CHECK(bodies[i] == bodies[0]);
  }
  // One event, one tranche.
  CHECK(server.store().Head().length == head.length + 1);
  CHECK(Body(server.Get("finance", "/activities/" + id))["fundedEur"] == 1'000'000);

  // Concurrent registrations with one key make one activity.
  std::vector<std::thread> creators;
  std::vector<int> created(8);
  go = false;
  for (size_t i = 0; i < 8; ++i) {
    creators.emplace_back([&, i] {
      httplib::Client client("127.0.0.1", server.port());
      while (!go) std::this_thread::yield();
      const auto r = client.Post("/api/v1/activities",
                                 server.As("owner", {{"Idempotency-Key", "create-once"}}),
                                 GreenActivity().dump(), "application/json");
      created[i] = r ? r->status : -1;
    });
  }
  go = true;
  for (auto& c : creators) c.join();
  for (int status : created) CHECK(status == 201);
  CHECK(Body(server.Get("owner", "/activities"))["items"].size() == 2);
}

TEST_CASE("audit verification through the API catches an edited record, as the CLI does") {
  LiveServer server;
  const std::string id = ApprovedActivity(server);
  auto v = server.Get("auditor", "/audit/verification");
  REQUIRE(v->status == 200);
  CHECK(Body(v)["ok"] == true);
  CHECK(Body(v)["replay"]["mismatches"].empty());
  CheckProblem(server.Get("owner", "/audit/verification"), 403);

  {
    SQLite::Database db(server.db_path(), SQLite::OPEN_READWRITE);
    db.exec("UPDATE activities SET record = json_set(record, '$.fundedEur', 999) WHERE id = '" +
            id + "'");
  }
  v = server.Get("auditor", "/audit/verification");
  REQUIRE(v->status == 200);
  CHECK(Body(v)["ok"] == false);
  REQUIRE(Body(v)["replay"]["mismatches"].size() == 1);
  CHECK_THAT(Body(v)["replay"]["mismatches"][0].get<std::string>(), Catch::StartsWith(id));

  std::string out;
  CHECK(RunCommand(std::string(ICTGATE_BINARY) + " audit verify --db " + server.db_path(), &out) !=
        0);
  CHECK_THAT(out, Catch::Contains("replay MISMATCH " + id));
}

TEST_CASE("an auditor fetches chain entries by position and by range") {
  LiveServer server;
  ApprovedActivity(server);
  const auto head = Body(server.Get("auditor", "/audit/head"));
  const int64_t length = head["length"];
  REQUIRE(length == 4);

  const auto last = server.Get("auditor", "/audit/entries/" + std::to_string(length));
  REQUIRE(last->status == 200);
  CHECK(Body(last)["seq"] == length);
  CHECK(Body(last)["hash"] == head["hash"]);

  const auto page = Body(server.Get("auditor", "/audit/entries?from=2&limit=2"));
  REQUIRE(page["items"].size() == 2);
  CHECK(page["items"][0]["seq"] == 2);
  CHECK(page["items"][1]["prevHash"] == page["items"][0]["hash"]);
  CHECK(page["nextFrom"] == 4);
  const auto rest = Body(server.Get("auditor", "/audit/entries?from=4&limit=2"));
  CHECK(rest["items"].size() == 1);
  CHECK(rest["nextFrom"].is_null());

  CheckProblem(server.Get("auditor", "/audit/entries/99"), 404);
  CheckProblem(server.Get("auditor", "/audit/entries/0"), 400);
  CheckProblem(server.Get("auditor", "/audit/entries/x"), 400);
  CheckProblem(server.Get("auditor", "/audit/entries?from=-1"), 400);
  CheckProblem(server.Get("auditor", "/audit/entries?limit=0"), 400);
  CheckProblem(server.Get("owner", "/audit/entries/1"), 403);
}

TEST_CASE("a department filter outside the caller's department is 403, a malformed one 400") {
  LiveServer server;
  ApprovedActivity(server);
  for (const char* path : {"/eligibility", "/activities"}) {
    INFO(path);
    CheckProblem(server.Get("finance", std::string(path) + "?department=EZK"), 403);
    CheckProblem(server.Get("finance", std::string(path) + "?department=bzk"), 400);
    CHECK(server.Get("finance", std::string(path) + "?department=BZK")->status == 200);
    // The auditor sees every department.
    CHECK(server.Get("auditor", std::string(path) + "?department=EZK")->status == 200);
  }
  CHECK(Body(server.Get("finance", "/eligibility?department=BZK"))["items"].size() == 1);
}

TEST_CASE("a malformed transition is 400 naming its fields, a wrong state 409") {
  LiveServer server;
  const std::string id =
      Body(server.Post("owner", "/activities", GreenActivity()))["activity"]["id"];
  server.Post("owner", "/activities/" + id + "/submissions", json::object());
  server.Post("cio", "/activities/" + id + "/intake-decisions", {{"decision", "accept"}});
  // The state allows a verdict, but the body lacks what one needs.
  const auto bad = server.Post("cio", "/activities/" + id + "/assessments", {{"verdict", "green"}});
  CheckProblem(bad, 400);
  const json problem = Body(bad);
  CHECK_THAT(problem["detail"].get<std::string>(), !Catch::Contains("state"));
  CHECK_THAT(problem["detail"].get<std::string>(), Catch::Contains("areaScores"));
  REQUIRE(!problem["invalidParams"].empty());
  CHECK(problem["invalidParams"][0].contains("name"));
  // A wrong state: funding before any verdict.
  const auto early = server.Post("finance", "/activities/" + id + "/funding-decisions",
                                 {{"amountEur", 1}, {"reference", "x"}});
  CheckProblem(early, 409);
  CHECK(Body(early).contains("allowedEvents"));
}

TEST_CASE("read-only commands refuse a missing database and never create one") {
  TempDir dir;
  const std::string missing = dir.File("typo.db");
  for (const std::string command : {"audit verify", "audit head", "export", "export --csv",
                                    "policy list", "token list", "oordeel BZK-2026-0001"}) {
    INFO(command);
    std::string out;
    const int status = RunCommand(
        std::string(ICTGATE_BINARY) + " " + command + " --db " + missing + " 2>&1", &out);
    CHECK(status != 0);
    CHECK_THAT(out, Catch::Contains("no database at " + missing));
    CHECK_FALSE(Exists(missing));
  }
}

}  // namespace
}  // namespace ictgate::testing

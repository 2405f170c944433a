// Faults: racing writers, a full disk, and `kill -9` of the service under
// concurrent writes. Every acknowledged write must survive, nothing may be
// written twice, and the record must stay intact.
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <thread>

#include <SQLiteCpp/Database.h>

#include "app/demo_seed.h"
#include "live_server.h"
#include "service_fixture.h"

namespace ictgate {
namespace {

using namespace testing;

TEST_CASE("32 clients racing to fund the same activity: exactly one succeeds", "[http]") {
  LiveServer server;
  const std::string id = ApprovedActivity(server);
  const std::string version = server.Get("finance", "/activities/" + id)->get_header_value("ETag");
  // The 32 connections are opened first, one after the other; then all 32
  // requests are sent at once.
  const std::string request =
      "POST /api/v1/activities/" + id + "/funding-decisions HTTP/1.1\r\n" +
      "Host: 127.0.0.1\r\nAuthorization: Bearer " + server.tokens().at("finance") +
      "\r\nIf-Match: " + version +
      "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: 22\r\n\r\n"
      "{\"amountEur\":1000000}\n";
  std::vector<int> sockets;
  for (int i = 0; i < 32; ++i) sockets.push_back(ConnectLoopback(server.port()));
  std::atomic<int> go{0};
  std::vector<int> statuses(32);
  std::vector<std::thread> clients;
  for (int i = 0; i < 32; ++i) {
    clients.emplace_back([&, i] {
      ++go;
      while (go < 32) std::this_thread::yield();  // all send together
      const std::string answer = SendAndReadAll(sockets[i], request);
      statuses[i] = answer.size() > 12 ? std::stoi(answer.substr(9, 3)) : -1;
    });
  }
  for (auto& c : clients) c.join();
  std::map<int, int> by_status;
  for (int st : statuses) ++by_status[st];
  std::string seen;
  for (auto [st, n] : by_status) seen += std::to_string(n) + " x " + std::to_string(st) + "; ";
  INFO(seen);
  CHECK(std::count(statuses.begin(), statuses.end(), 201) == 1);
  CHECK(std::count(statuses.begin(), statuses.end(), 412) == 31);
  const json a = Body(server.Get("finance", "/activities/" + id));
  CHECK(a["fundedEur"] == 1'000'000);
  CHECK(a["fundingDecisions"].size() == 1);
  CHECK(server.store().VerifyChain().ok);
}

TEST_CASE("a full disk: writes answer 503 and change nothing, reads go on", "[http]") {
  // The cap leaves room for the schema (which grows with each migration)
  // and some activities: the test is that writes stop cleanly when full.
  LiveServer server({}, 320 * 1024);
  int created = 0;
  std::optional<httplib::Result> refused;
  for (int i = 0; i < 2'000 && !refused; ++i) {
    auto r = server.Post("owner", "/activities", GreenActivity());
    if (r->status == 201) {
      ++created;
    } else {
      refused.emplace(std::move(r));
    }
  }
  REQUIRE(refused);
  CheckProblem(*refused, 503);
  CHECK((*refused)->get_header_value("Retry-After") == "5");
  CHECK(created > 10);
  WARN("full disk: " << created << " activities fitted under the 320 KiB cap");
  const auto head = server.store().Head();
  // Reads go on, and further writes keep being refused cleanly.
  const auto list = server.Get("finance", "/activities?limit=500");
  CHECK(list->status == 200);
  CHECK(Body(list)["items"].size() == static_cast<size_t>(std::min(created, 500)));
  CheckProblem(server.Post("owner", "/activities", GreenActivity()), 503);
  CHECK(server.Get("owner", "/health/ready")->status == 200);
  CHECK(server.store().Head().hash == head.hash);
  CHECK(server.store().VerifyChain().ok);
  CHECK(server.store().ActivityIds().size() == static_cast<size_t>(created));
}

std::string IssueTokenWithCli(const std::string& db, const std::string& role) {
  const std::string cmd = std::string(ICTGATE_BINARY) + " token create --db " + db +
                          " --name kill-test --role " + role + " --department BZK 2>/dev/null";
  std::string token;
  REQUIRE(RunCommand(cmd, &token) == 0);
  token.erase(token.find_last_not_of("\n") + 1);
  return token;
}

TEST_CASE("kill -9 under concurrent writes: every acknowledged transition survives") {
  TempDir dir;
  const std::string db = dir.File("kill.db");
  const std::string owner = IssueTokenWithCli(db, "owner");
  const int port = FreeLoopbackPort();
  const std::string log = dir.File("serve.log");
  const pid_t pid =
      Spawn({"serve", "--db", db, "--listen", "127.0.0.1:" + std::to_string(port)}, log);
  WaitUntilLive(port, pid, log);

  // Eight clients register and submit activities until the service dies,
  // keeping every event the service acknowledged.
  std::mutex mutex;
  std::vector<json> acknowledged;
  std::atomic<bool> stop{false};
  std::vector<std::thread> clients;
  for (int c = 0; c < 8; ++c) {
    clients.emplace_back([&] {
      httplib::Client client("127.0.0.1", port);
      const httplib::Headers auth = {{"Authorization", "Bearer " + owner}};
      while (!stop) {
        auto r =
            client.Post("/api/v1/activities", auth, GreenActivity().dump(), "application/json");
        if (!r || r->status != 201) continue;
        const std::string id = json::parse(r->body)["activity"]["id"];
        std::lock_guard<std::mutex> lock(mutex);
        acknowledged.push_back(json::parse(r->body)["event"]);
        r = client.Post(("/api/v1/activities/" + id + "/submissions").c_str(), auth, "{}",
                        "application/json");
        if (r && r->status == 201) acknowledged.push_back(json::parse(r->body)["event"]);
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  REQUIRE(kill(pid, SIGKILL) == 0);
  int status = 0;
  waitpid(pid, &status, 0);
  CHECK(WIFSIGNALED(status));
  stop = true;
  for (auto& c : clients) c.join();
  REQUIRE(acknowledged.size() > 20);

  // After the crash: every acknowledged entry is in the chain as it was
  // acknowledged, the chain verifies, every state equals its replay.
  {
    SQLite::Database raw(db, SQLite::OPEN_READWRITE);
    CHECK(raw.execAndGet("PRAGMA integrity_check").getString() == "ok");
  }
  ServiceFixture restarted(db);
  std::map<int64_t, std::string> chain;
  restarted.store.ForEachEvent([&](const store::ChainedEvent& e) { chain[e.seq] = e.hash; });
  size_t missing = 0;
  for (const json& e : acknowledged) {
    const auto it = chain.find(e["seq"].get<int64_t>());
    missing += it == chain.end() || it->second != e["hash"];
  }
  CHECK(missing == 0);
  WARN("kill -9: " << acknowledged.size() << " acknowledged events, " << chain.size()
                   << " in the chain after restart, " << missing << " missing");
  CHECK(chain.size() >= acknowledged.size());
  CHECK(restarted.store.VerifyChain().ok);
  CHECK(restarted.service.VerifyReplay().mismatches.empty());
}

TEST_CASE("a read-only database is reported clearly at start, and nothing runs") {
  TempDir dir;
  const std::string db = dir.File("readonly.db");
  { store::SqliteStore created(db); }
  REQUIRE(chmod(db.c_str(), 0444) == 0);
  // Root may write any file: the service runs as nobody, as a packaged
  // service would run as its own user.
  const std::string as_user =
      getuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : "";
  const std::string cmd = as_user + ICTGATE_BINARY + " serve --db " + db +
                          " --listen 127.0.0.1:1 2>&1; echo \"exit $?\"";
  std::string output;
  RunCommand(cmd, &output);
  CHECK_THAT(output, Catch::Contains("is read-only: ictgate must be able to write it"));
  CHECK_THAT(output, Catch::EndsWith("exit 1\n"));
  CHECK_THAT(output, !Catch::Contains("serving"));
}

}  // namespace
}  // namespace ictgate

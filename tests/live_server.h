// An ictgate API server on a real socket, in this process, with a token per
// role (BZK, plus an EZK owner and an admin), and helpers to call it. Every
// exchange is recorded for the response validation (exchange_log.h).
#ifndef ICTGATE_TESTS_LIVE_SERVER_H_
#define ICTGATE_TESTS_LIVE_SERVER_H_

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <unistd.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <catch2/catch.hpp>

#include "api/server.h"
#include "app/application.h"
#include "app/demo_seed.h"
#include "app/policy_registry.h"
#include "app/service.h"
#include "app/tokens.h"
#include "engine/clock.h"
#include "exchange_log.h"
#include "fixtures.h"
#include "store/sqlite_store.h"

extern char** environ;

namespace ictgate::testing {

using nlohmann::json;

class LiveServer {
 public:
  // `options` are the server's; `max_db_bytes` caps the database (0: no cap);
  // `demo` seeds the demo portfolio and users, as `serve --demo` does.
  explicit LiveServer(api::ServerOptions options = {}, int64_t max_db_bytes = 0, bool demo = false)
      : server_(app_, demo ? WithDemo(std::move(options)) : std::move(options)) {
    if (max_db_bytes) store().LimitSize(max_db_bytes);
    port_ = server_.BindToAnyPort("127.0.0.1");
    REQUIRE(port_ > 0);
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    thread_ = std::thread([this] { server_.Listen(); });
    while (!server_.IsRunning()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    using engine::Role;
    for (const Role role :
         {Role::kOwner, Role::kCio, Role::kFinance, Role::kSg, Role::kCiso, Role::kProjectLead}) {
      const std::string name(engine::RoleName(role));
      tokens_[name] = app_.tokens().Issue("t-" + name, role, "BZK");
    }
    tokens_["owner-EZK"] = app_.tokens().Issue("t-ezk", Role::kOwner, "EZK");
    tokens_["cio-EZK"] = app_.tokens().Issue("t-cio-ezk", Role::kCio, "EZK");
    tokens_["admin"] = app_.tokens().Issue("t-admin", Role::kAdmin, "*");
    tokens_["auditor"] = app_.tokens().Issue("t-auditor", Role::kAuditor, "*");
    tokens_["cio_rijk"] = app_.tokens().Issue("t-cio-rijk", Role::kCioRijk, "*");
    tokens_["acict"] = app_.tokens().Issue("t-acict", Role::kAcict, "*");
  }
  ~LiveServer() {
    server_.Stop();
    thread_.join();
  }

  api::ServerOptions WithDemo(api::ServerOptions options) {
    options.demo_users = app::SeedDemo(app_.service(), app_.tokens(), app_.store());
    return options;
  }

  httplib::Headers As(const std::string& who, httplib::Headers extra = {}) {
    extra.emplace("Authorization", "Bearer " + tokens_.at(who));
    return extra;
  }
  httplib::Result Post(const std::string& who, const std::string& path, const json& body,
                       httplib::Headers extra = {}) {
    return Recorded("POST", "/api/v1" + path,
                    client_->Post(("/api/v1" + path).c_str(), As(who, std::move(extra)),
                                  body.dump(), "application/json"));
  }
  // A body of `content_type` that is not JSON (a document's bytes).
  httplib::Result PostBytes(const std::string& who, const std::string& path,
                            const std::string& bytes, const std::string& content_type,
                            httplib::Headers extra = {}) {
    return Recorded("POST", "/api/v1" + path,
                    client_->Post(("/api/v1" + path).c_str(), As(who, std::move(extra)), bytes,
                                  content_type.c_str()));
  }
  httplib::Result Delete(const std::string& who, const std::string& path,
                         httplib::Headers extra = {}) {
    return Recorded("DELETE", "/api/v1" + path,
                    client_->Delete(("/api/v1" + path).c_str(), As(who, std::move(extra))));
  }
  httplib::Result Get(const std::string& who, const std::string& path) {
    return Recorded("GET", "/api/v1" + path, client_->Get(("/api/v1" + path).c_str(), As(who)));
  }
  httplib::Client& client() { return *client_; }
  store::SqliteStore& store() { return static_cast<store::SqliteStore&>(app_.store()); }
  app::PolicyRegistry& packs() { return app_.packs(); }
  app::Application& application() { return app_; }
  engine::ManualClock& clock() { return clock_; }
  int port() const { return port_; }
  size_t OpenConnections() const { return server_.OpenConnections(); }
  std::string db_path() const { return dir_.File("http.db"); }
  std::map<std::string, std::string>& tokens() { return tokens_; }

 private:
  TempDir dir_;
  engine::ManualClock clock_{kNow};
  app::Application app_{std::make_unique<store::SqliteStore>(dir_.File("http.db")), clock_};
  api::ApiServer server_;
  int port_ = 0;
  std::thread thread_;
  std::map<std::string, std::string> tokens_;
  std::unique_ptr<httplib::Client> client_;
};

inline json Body(const httplib::Result& r) {
  return json::parse(r->body);
}

inline void CheckProblem(const httplib::Result& r, int status) {
  REQUIRE(r);
  CHECK(r->status == status);
  CHECK(r->get_header_value("Content-Type") == "application/problem+json");
  CHECK(r->get_header_value("API-Version") == api::kApiVersion);
  const json p = Body(r);
  CHECK(p["status"] == status);
  CHECK(p["title"].is_string());
  CHECK(p["detail"].is_string());
}

// A new activity with the green example dossier.
inline json GreenActivity() {
  json input = NewActivityInput();
  input["dossier"] = ExampleDossier("green");
  return input;
}

// An activity approved green, through the API.
inline std::string ApprovedActivity(LiveServer& server) {
  const std::string id =
      Body(server.Post("owner", "/activities", GreenActivity()))["activity"]["id"];
  server.Post("owner", "/activities/" + id + "/submissions", json::object());
  server.Post("cio", "/activities/" + id + "/intake-decisions", {{"decision", "accept"}});
  const auto r =
      server.Post("cio", "/activities/" + id + "/assessments",
                  app::CompleteAssessment(server.packs().Active(kNow), ExampleDossier("green")));
  REQUIRE(r->status == 201);
  return id;
}

// An activity of `department` approved orange with one condition due on `due`.
// An activity of `department` registered with the green dossier, its intake
// accepted, and assessed with the complete green assessment as `adjust`
// changes it; the verdict must be recorded.
inline std::string AssessedActivity(LiveServer& server, const std::function<void(json&)>& adjust,
                                    const std::string& department = "BZK") {
  const std::string owner = department == "BZK" ? "owner" : "owner-" + department;
  const std::string cio = department == "BZK" ? "cio" : "cio-" + department;
  json input = GreenActivity();
  input["department"] = department;
  const std::string id = Body(server.Post(owner, "/activities", input))["activity"]["id"];
  server.Post(owner, "/activities/" + id + "/submissions", json::object());
  server.Post(cio, "/activities/" + id + "/intake-decisions", {{"decision", "accept"}});
  json assessment = app::CompleteAssessment(server.packs().Active(kNow), ExampleDossier("green"));
  adjust(assessment);
  REQUIRE(server.Post(cio, "/activities/" + id + "/assessments", assessment)->status == 201);
  return id;
}

inline std::string OrangeActivity(LiveServer& server, const std::string& department = "BZK",
                                  const char* due = "2027-03-01") {
  return AssessedActivity(
      server,
      [due](json& assessment) {
        assessment["areaScores"]["sourcing"] = "attention";
        assessment["verdict"] = "orange";
        assessment["conditions"] = {{{"text", "Exit strategy"}, {"dueDate", due}}};
      },
      department);
}

inline void Send(int fd, const std::string& text) {
  REQUIRE(send(fd, text.data(), text.size(), 0) == static_cast<ssize_t>(text.size()));
}

// Everything the server sends on `fd` until it closes (or fails).
inline std::string ReadAll(int fd) {
  std::string answer;
  char buf[4096];
  ssize_t n;
  while ((n = recv(fd, buf, sizeof buf, 0)) > 0) answer.append(buf, static_cast<size_t>(n));
  return answer;
}

// A TCP connection from the loopback address `source` (any of 127.0.0.0/8,
// e.g. "127.0.0.2"; empty: the kernel's choice) to the loopback port, opened now.
inline int ConnectLoopbackFrom(const std::string& source, int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  if (!source.empty()) {
    sockaddr_in from{};
    from.sin_family = AF_INET;
    REQUIRE(inet_pton(AF_INET, source.c_str(), &from.sin_addr) == 1);
    REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) == 0);
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  return fd;
}

// A TCP connection to the loopback port, opened now.
inline int ConnectLoopback(int port) {
  return ConnectLoopbackFrom("", port);
}

// Sends raw bytes on `fd` and returns everything the server answers until it
// closes; closes `fd`. Not REQUIRE-based, so threads may call it.
inline std::string SendAndReadAll(int fd, const std::string& request) {
  std::string answer;
  if (send(fd, request.data(), request.size(), 0) == static_cast<ssize_t>(request.size())) {
    answer = ReadAll(fd);
  }
  close(fd);
  return answer;
}

// Sends raw bytes and returns everything the server answers until it closes.
inline std::string RawExchange(int port, const std::string& request) {
  return SendAndReadAll(ConnectLoopback(port), request);
}

// `ictgate ARGS...` (the built binary) as a child process, its stdout and
// stderr going to the file `log`; returns its pid.
inline pid_t Spawn(const std::vector<std::string>& args, const std::string& log) {
  std::vector<std::string> all = {ICTGATE_BINARY};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = 0;
  REQUIRE(posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) == 0);
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

// Waits until the service `pid` (started by Spawn with `log`) answers
// /health/live on the loopback port. Fails with the service's log if it
// exits first or has not answered in 30 s: sanitizer builds start slowly.
inline void WaitUntilLive(int port, pid_t pid, const std::string& log) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(1);
  for (int i = 0; i < 1200; ++i) {
    if (auto r = client.Get("/api/v1/health/live"); r && r->status == 200) return;
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      FAIL("the service exited before it answered; its log:\n" << ReadFileText(log));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  FAIL("the service did not answer in 30 s; its log:\n" << ReadFileText(log));
}

}  // namespace ictgate::testing

#endif  // ICTGATE_TESTS_LIVE_SERVER_H_

// ictgate_bench: every figure of BENCHMARKS.md beside the limit it is judged
// against, both measured in the same run on the same machine.
//
//   write path   full lifecycles through HTTP by concurrent clients, against
//                raw SQLite commits of the same rows with the same durability
//   read path    gate and eligibility reads, against a bare cpp-httplib
//                handler with the same server settings, at each portfolio size
//   department   one department-wide eligibility answer, against a bare scan
//                of the same records
//   start/memory `ictgate serve` on the largest portfolio: time to ready and
//                peak resident memory, against the bare handler's process
//
// Over 500 lines on purpose: each measurement stands next to the baseline it
// is divided by, so that a reader can check the two do the same work.
//
// scripts/bench.sh runs it and writes BENCHMARKS.md. --quick runs tiny sizes
// (ctest's smoke run: it checks the harness, not the speed).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <thread>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <CLI/CLI.hpp>

#include "api/server.h"
#include "app/application.h"
#include "app/log.h"
#include "app/policy_registry.h"
#include "app/service.h"
#include "app/tokens.h"
#include "bench/crowd.h"
#include "bench/load.h"
#include "bench/portfolio.h"
#include "engine/clock.h"
#include "store/database.h"
#include "store/sqlite_store.h"

extern char** environ;

namespace ictgate::bench {
namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

struct Settings {
  std::vector<int64_t> sizes = {1'000, 10'000, 100'000};
  int events_per_activity = 10;
  int clients = 4;
  // The write row for group commit: enough writers at once that transitions
  // queue while one group syncs.
  int grouped_write_clients = 16;
  double seconds = 10;
  std::string work_dir;
  std::string out;
  std::string ictgate;  // the binary, for the start and memory figures
  bool reuse = false;   // keep portfolios of the right size from an earlier run
  CrowdShape crowd;
  bool crowd_only = false;   // only the crowd rows (on the smallest portfolio)
  bool writes_only = false;  // only the write rows
  bool reads_only = false;   // only the read rows
};

// `path` as a new database: any earlier run's file (and WAL) removed.
std::string Fresh(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  return path;
}

double Since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

std::string Fixed(double value, int decimals = 1) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

// An ictgate service on a database file, in this process, on a free port.
class LiveService {
 public:
  explicit LiveService(const std::string& path)
      : app_(app::Application::Open(app::OpenOptions(path), clock_)), server_(*app_) {
    port_ = server_.BindToAnyPort("127.0.0.1");
    thread_ = std::thread([this] { server_.Listen(); });
    while (!server_.IsRunning()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~LiveService() {
    server_.Stop();
    thread_.join();
  }
  std::string Token(engine::Role role, const std::string& department) {
    return app_->tokens().Issue("bench-" + std::string(engine::RoleName(role)), role, department);
  }
  int port() const { return port_; }
  store::Store& store() { return app_->store(); }
  const engine::PolicyPack& pack() { return app_->packs().Active(clock_.Now()); }

 private:
  engine::SystemClock clock_;
  std::unique_ptr<app::Application> app_;
  api::ApiServer server_;
  int port_ = 0;
  std::thread thread_;
};

// A bare cpp-httplib handler under the same transport settings as ictgate,
// answering each route with a fixed body: what the library alone allows.
class BareServer {
 public:
  explicit BareServer(const std::map<std::string, std::string>& bodies)
      : http_(api::TransportLimits(api::ServerOptions{}), api::PlainOverCapacityAnswer()) {
    for (const auto& [pattern, body] : bodies) {
      http_.Get(pattern, [body = body](const httplib::Request&, httplib::Response& res) {
        res.set_content(body, "application/json");
      });
    }
  }
  int BindToAnyPort() { return http_.Bind("127.0.0.1", 0); }
  bool BindTo(int port) { return http_.Bind("127.0.0.1", port) == port; }
  void Start() {
    thread_ = std::thread([this] { http_.Serve(); });
    while (!http_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  void Listen() { http_.Serve(); }
  ~BareServer() {
    http_.stop();
    if (thread_.joinable()) thread_.join();
  }

 private:
  api::HttpTransport http_;
  std::thread thread_;
};

const char kGatePattern[] = "/api/v1/activities/([A-Za-z0-9-]+)/gate";
const char kLivePath[] = "/api/v1/health/live";
const char kEligibilityPattern[] = "/api/v1/activities/([A-Za-z0-9-]+)/eligibility";

// Clients that read the gate and the eligibility of random activities, in
// turn, as `token`; in Dutch (Accept-Language: nl) when `dutch`, as the
// dashboard reads them by default.
std::function<Request(int)> Readers(const std::vector<std::string>& ids, const std::string& token,
                                    bool dutch = false) {
  return [&ids, token, dutch](int client) -> Request {
    auto rng = std::make_shared<std::mt19937_64>(client + 1);
    auto turn = std::make_shared<int>(0);
    httplib::Headers auth = {{"Authorization", "Bearer " + token}};
    if (dutch) auth.emplace("Accept-Language", "nl");
    return [&ids, rng, turn, auth](httplib::Client& c) {
      const std::string& id = ids[(*rng)() % ids.size()];
      const char* what = (*turn)++ % 2 ? "/eligibility" : "/gate";
      const auto r = c.Get(("/api/v1/activities/" + id + what).c_str(), auth);
      return r && r->status == 200;
    };
  };
}

// ---------------------------------------------------------------- writes

struct WriteFigures {
  LoadResult http;
  store::GroupCommit::Counts groups;  // how the store grouped the transitions
  int64_t raw_commits = 0;
  double raw_per_second = 0;
};

// Replays the events and activity rows of `from` into a new database at `to`
// with the store's own connection settings, one transaction per event
// (create: event and activity row; others: event and activity update), as
// fast as one connection can commit. Returns commits per second.
double RawCommitLimit(const std::string& from, const std::string& to, int64_t& commits) {
  { store::SqliteStore schema(Fresh(to)); }  // the same schema, by the same migrations
  auto source = store::OpenDatabase(from, store::OpenMode::kReadOnly);
  std::map<std::string, std::vector<std::string>> activities;
  SQLite::Statement rows(*source,
                         "SELECT id, department, state, version, record, created_at,"
                         " updated_at FROM activities");
  while (rows.executeStep()) {
    auto& row = activities[rows.getColumn(0).getString()];
    for (int i = 0; i < 7; ++i) row.push_back(rows.getColumn(i).getString());
  }
  SQLite::Statement events(*source, "SELECT * FROM events ORDER BY seq");
  std::vector<std::vector<std::string>> event_rows;
  const int columns = events.getColumnCount();
  while (events.executeStep()) {
    std::vector<std::string> row;
    for (int i = 0; i < columns; ++i) row.push_back(events.getColumn(i).getString());
    event_rows.push_back(std::move(row));
  }
  auto db = store::OpenDatabase(to);
  std::string insert_event = "INSERT INTO events VALUES (?";
  for (int i = 1; i < columns; ++i) insert_event += ",?";
  insert_event += ")";
  SQLite::Statement add_event(*db, insert_event);
  SQLite::Statement add_activity(*db,
                                 "INSERT INTO activities (id, department, state, version,"
                                 " record, created_at, updated_at) VALUES (?,?,?,?,?,?,?)");
  SQLite::Statement update(*db,
                           "UPDATE activities SET state = ?, version = ?, record = ?,"
                           " updated_at = ? WHERE id = ? AND version = ?");
  const auto t0 = Clock::now();
  for (const auto& e : event_rows) {
    SQLite::Transaction tx(*db, SQLite::TransactionBehavior::IMMEDIATE);
    const auto& a = activities.at(e[1]);  // column 2: activity_id
    const int64_t version = std::stoll(e[2]);
    if (version == 1) {  // the row the event's foreign key names comes first
      add_activity.reset();
      for (int i = 0; i < 7; ++i) add_activity.bind(i + 1, a[static_cast<size_t>(i)]);
      add_activity.exec();
    }
    add_event.reset();
    for (int i = 0; i < columns; ++i) add_event.bind(i + 1, e[static_cast<size_t>(i)]);
    add_event.exec();
    if (version > 1) {
      update.reset();
      update.bind(1, a[2]);
      update.bind(2, version);
      update.bind(3, a[4]);
      update.bind(4, a[6]);
      update.bind(5, a[0]);
      update.bind(6, version - 1);
      update.exec();
    }
    tx.commit();
  }
  commits = static_cast<int64_t>(event_rows.size());
  return static_cast<double>(commits) / Since(t0);
}

// Full lifecycles by `clients` client threads on a new database; the raw
// limit replays that database's own rows.
WriteFigures MeasureWrites(const Settings& s, int clients) {
  const std::string path = Fresh(s.work_dir + "/writes-" + std::to_string(clients) + ".db");
  WriteFigures f;
  {
    LiveService service(path);
    const auto steps = LifecycleSteps(service.pack(), 1);
    const std::string create = CreateInput("BZK").dump();
    std::map<engine::Role, httplib::Headers> as;
    for (const engine::Role role :
         {engine::Role::kOwner, engine::Role::kCio, engine::Role::kFinance}) {
      as[role] = {{"Authorization", "Bearer " + service.Token(role, "BZK")}};
    }
    // Each client runs lifecycles back to back: register, then every step.
    f.http = RunClients(service.port(), clients, s.seconds, [&](int) -> Request {
      auto id = std::make_shared<std::string>();
      auto next = std::make_shared<size_t>(0);
      return [&, id, next](httplib::Client& c) {
        if (*next == 0) {
          const auto r =
              c.Post("/api/v1/activities", as.at(engine::Role::kOwner), create, "application/json");
          if (!r || r->status != 201) return false;
          *id = json::parse(r->body)["activity"]["id"];
        } else {
          const auto& step = steps[*next - 1];
          const auto r = c.Post(("/api/v1/activities/" + *id + "/" + step.resource).c_str(),
                                as.at(step.role), step.body.dump(), "application/json");
          if (!r || r->status != 201) return false;
        }
        *next = (*next + 1) % (steps.size() + 1);
        return true;
      };
    });
    f.groups = dynamic_cast<store::SqliteStore&>(service.store()).GroupCommitCounts();
  }
  f.raw_per_second = RawCommitLimit(path, s.work_dir + "/raw.db", f.raw_commits);
  return f;
}

// ---------------------------------------------------------------- reads

struct ReadFigures {
  int64_t activities = 0;
  double load_seconds = 0;
  LoadResult ictgate;
  // The same reads in Dutch: the kept English answers' texts rewritten
  // (engine::LocaliseAnswer) on every read.
  LoadResult ictgate_dutch;
  LoadResult bare;
  double department_ms = 0;  // median of the department-wide answers (first page)
  double later_page_ms = 0;  // median of a page three quarters through the department
  double scan_ms = 0;        // median bare scan of the same records
  int64_t department_items = 0;
  // The readers again, while finance users load department pages beside them.
  LoadResult beside_department;
  int64_t department_pages = 0;  // pages those users loaded meanwhile
};

constexpr int kDepartmentUsers = 2;

// The readers of the read path, while kDepartmentUsers clients load pages of
// 500 of BZK's answer back to back (each page counting the whole summary).
void MeasureBesideDepartment(const Settings& s, int port, const std::string& token,
                             const std::vector<std::string>& ids, ReadFigures& f) {
  std::atomic<bool> stop{false};
  std::atomic<int64_t> pages{0};
  std::vector<std::thread> users;
  for (int i = 0; i < kDepartmentUsers; ++i) {
    users.emplace_back([&] {
      httplib::Client c("127.0.0.1", port);
      c.set_read_timeout(600);
      const httplib::Headers auth = {{"Authorization", "Bearer " + token}};
      while (!stop) {
        const auto r = c.Get("/api/v1/eligibility?department=BZK&limit=500", auth);
        if (r && r->status == 200) ++pages;
      }
    });
  }
  f.beside_department = RunClients(port, s.clients, s.seconds, Readers(ids, token));
  stop = true;
  for (auto& u : users) u.join();
  f.department_pages = pages;
}

std::string LoadedDatabase(const Settings& s, int64_t size, ReadFigures& f,
                           std::vector<std::string>& ids) {
  const std::string path = s.work_dir + "/portfolio-" + std::to_string(size) + ".db";
  if (s.reuse && std::filesystem::exists(path)) {
    store::SqliteStore store(path);
    ids = store.ActivityIds();
    if (static_cast<int64_t>(ids.size()) == size) return path;
  }
  store::SqliteStore store(Fresh(path));
  const engine::SystemClock clock;
  app::PolicyRegistry packs(store, clock.Now());
  PortfolioShape shape;
  shape.activities = size;
  shape.events_per_activity = s.events_per_activity;
  // Within the verdicts' validity, one minute apart, ending before now.
  shape.start = clock.Now() - std::chrono::minutes(size) - std::chrono::hours(24);
  const auto t0 = Clock::now();
  ids = LoadPortfolio(store, packs, shape);
  f.load_seconds = Since(t0);
  return path;
}

double Median(std::vector<double> v) {
  return Percentile(v, 50);
}

// The department-wide answer through the API (its first page, and a page
// three quarters through), and the bare scan of the records the whole
// department holds: every row of the department, in id order.
void MeasureDepartment(const std::string& path, int port, const std::string& token,
                       ReadFigures& f) {
  auto db = store::OpenDatabase(path, store::OpenMode::kReadOnly);
  const std::string later = db->execAndGet(
                                  "SELECT id FROM activities WHERE department = 'BZK' ORDER BY id"
                                  " LIMIT 1 OFFSET (SELECT count(*) * 3 / 4 FROM activities"
                                  " WHERE department = 'BZK')")
                                .getString();
  httplib::Client c("127.0.0.1", port);
  c.set_read_timeout(600);
  const auto answer = [&](const std::string& query) {
    const auto t0 = Clock::now();
    const auto r = c.Get(("/api/v1/eligibility?department=BZK" + query).c_str(),
                         {{"Authorization", "Bearer " + token}});
    const double ms = Since(t0) * 1000;
    if (!r || r->status != 200) throw std::runtime_error("department answer failed");
    const json body = json::parse(r->body);
    if (body["items"].empty()) throw std::runtime_error("department page is empty");
    f.department_items = 0;
    for (const auto& [status, n] : body["summary"].items()) f.department_items += n.get<int64_t>();
    return ms;
  };
  std::vector<double> firsts, laters, scans;
  for (int i = 0; i < 3; ++i) {
    firsts.push_back(answer(""));
    laters.push_back(answer("&cursor=" + later));
  }
  for (int i = 0; i < 3; ++i) {
    const auto t0 = Clock::now();
    SQLite::Statement q(*db, "SELECT record FROM activities WHERE department = 'BZK' ORDER BY id");
    size_t bytes = 0;
    while (q.executeStep()) bytes += static_cast<size_t>(q.getColumn(0).getBytes());
    scans.push_back(Since(t0) * 1000);
    if (bytes == 0) throw std::runtime_error("scan read nothing");
  }
  f.department_ms = Median(firsts);
  f.later_page_ms = Median(laters);
  f.scan_ms = Median(scans);
}

ReadFigures MeasureReads(const Settings& s, int64_t size) {
  ReadFigures f;
  f.activities = size;
  std::vector<std::string> ids;
  const std::string path = LoadedDatabase(s, size, f, ids);
  std::map<std::string, std::string> bodies;
  {
    LiveService service(path);
    const std::string token = service.Token(engine::Role::kFinance, "BZK");
    f.ictgate = RunClients(service.port(), s.clients, s.seconds, Readers(ids, token));
    f.ictgate_dutch =
        RunClients(service.port(), s.clients, s.seconds, Readers(ids, token, /*dutch=*/true));
    // The bare handler answers with bodies of the real answers' size.
    httplib::Client c("127.0.0.1", service.port());
    const httplib::Headers auth = {{"Authorization", "Bearer " + token}};
    bodies[kGatePattern] = c.Get(("/api/v1/activities/" + ids[0] + "/gate").c_str(), auth)->body;
    bodies[kEligibilityPattern] =
        c.Get(("/api/v1/activities/" + ids[0] + "/eligibility").c_str(), auth)->body;
    MeasureDepartment(path, service.port(), token, f);
    MeasureBesideDepartment(s, service.port(), token, ids, f);
  }
  BareServer bare(bodies);
  const int port = bare.BindToAnyPort();
  bare.Start();
  f.bare = RunClients(port, s.clients, s.seconds, Readers(ids, "unused"));
  return f;
}

// ---------------------------------------------------------------- crowd

std::string Verdict(bool met);

struct CrowdRows {
  CrowdFigures ictgate;
  CrowdFigures bare;
};

// The crowd (bench/crowd.h) against ictgate and against the bare handler,
// on the portfolio of `size`; the newcomers ask for /health/live.
CrowdRows MeasureCrowds(const Settings& s, int64_t size) {
  ReadFigures loaded;
  std::vector<std::string> ids;
  const std::string path = LoadedDatabase(s, size, loaded, ids);
  CrowdRows rows;
  {
    LiveService service(path);
    const std::string token = service.Token(engine::Role::kFinance, "BZK");
    rows.ictgate = MeasureCrowd(service.port(), s.crowd, Readers(ids, token), kLivePath);
  }
  BareServer bare({{kGatePattern, "{}"}, {kEligibilityPattern, "{}"}, {kLivePath, "{}"}});
  const int port = bare.BindToAnyPort();
  bare.Start();
  rows.bare = MeasureCrowd(port, s.crowd, Readers(ids, "unused"), kLivePath);
  return rows;
}

std::string Latencies(const LoadResult& r) {
  return "p99 " + Fixed(r.p99_ms, 2) + " ms (p50 " + Fixed(r.p50_ms, 2) + " ms; " +
         Fixed(r.per_second) + " req/s, " + std::to_string(r.failures) + " failed)";
}

void ReportCrowd(std::ostream& out, const Settings& s, const CrowdRows& c) {
  const auto& mine = c.ictgate;
  out << "| Many clients: " << s.crowd.keep_alive_clients << " keep-alive clients reading | "
      << Latencies(mine.keep_alive) << " | " << Latencies(c.bare.keep_alive) << " bare handler | "
      << Fixed(mine.keep_alive.p99_ms / c.bare.keep_alive.p99_ms, 2) << "x p99 | none set |\n";
  const bool met =
      mine.newcomers.p99_ms < 100 && mine.newcomers.failures == 0 && mine.newcomers.requests > 0;
  out << "| Idle sockets: " << s.crowd.idle_sockets << " open (half a request line each, "
      << mine.idle_open_after << " still open at the end) and " << s.crowd.keep_alive_clients
      << " keep-alive readers (" << Latencies(mine.readers) << "): a new client's "
      << "/health/live | " << Latencies(mine.newcomers) << " | " << Latencies(c.bare.newcomers)
      << " bare handler | " << Fixed(mine.newcomers.p99_ms / c.bare.newcomers.p99_ms, 2)
      << "x p99 | p99 < 100 ms, none failed: " << Verdict(met) << " |\n";
}

// ---------------------------------------------------------------- process

struct ProcessFigures {
  double ready_seconds = 0;
  double peak_mib = 0;
};

// Peak resident memory of `pid` (VmHWM), in MiB.
double PeakMib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  }
  return -1;
}

// A port nobody listens on: bound to port 0, read, and closed. (Not through
// httplib::Server, which sets SO_REUSEPORT and keeps the socket until it is
// destroyed, so the kernel would share connections with it.)
int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof addr;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length) != 0) {
    throw std::runtime_error("no free port");
  }
  close(fd);
  return ntohs(addr.sin_port);
}

// Starts `argv` (which listens on `port`), waits until `ready_path` answers
// 200, runs `work` against it, then reads its peak memory and stops it.
ProcessFigures MeasureProcess(std::vector<std::string> argv, int port,
                              const std::string& ready_path, const std::function<void()>& work) {
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  pid_t pid = 0;
  const auto t0 = Clock::now();
  if (posix_spawn(&pid, args[0], nullptr, nullptr, args.data(), environ) != 0) {
    throw std::runtime_error("cannot start " + argv[0]);
  }
  httplib::Client c("127.0.0.1", port);
  ProcessFigures f;
  for (;;) {
    const auto r = c.Get(ready_path.c_str());
    if (r && r->status == 200) break;
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) throw std::runtime_error(argv[0] + " exited");
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  f.ready_seconds = Since(t0);
  work();
  f.peak_mib = PeakMib(pid);
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  return f;
}

struct StartFigures {
  ProcessFigures ictgate;
  ProcessFigures bare;
  int64_t activities = 0;
  int64_t events = 0;
  int64_t database_mib = 0;
};

StartFigures MeasureStart(const Settings& s, const std::string& self, int64_t size) {
  StartFigures f;
  const std::string path = s.work_dir + "/portfolio-" + std::to_string(size) + ".db";
  std::string token;
  std::vector<std::string> ids;
  {
    store::SqliteStore store(path);
    token = app::IssueToken(store, "bench-start", engine::Role::kFinance, "BZK",
                            engine::SystemClock().Now());
    ids = store.ActivityIds();
    f.activities = static_cast<int64_t>(ids.size());
    f.events = store.Head().length;
  }
  f.database_mib = static_cast<int64_t>(std::filesystem::file_size(path) >> 20);
  // After start: a department-wide answer, a metrics scrape, and reads.
  const auto work = [&](int port) {
    return [&, port] {
      httplib::Client c("127.0.0.1", port);
      c.set_read_timeout(600);
      const httplib::Headers auth = {{"Authorization", "Bearer " + token}};
      c.Get("/api/v1/eligibility?department=BZK", auth);
      c.Get("/api/v1/metrics", auth);
      RunClients(port, s.clients, std::min(s.seconds, 5.0), Readers(ids, token));
    };
  };
  int port = FreePort();
  f.ictgate = MeasureProcess(
      {s.ictgate, "serve", "--db", path, "--listen", "127.0.0.1:" + std::to_string(port)}, port,
      "/api/v1/health/ready", work(port));
  port = FreePort();
  f.bare = MeasureProcess({self, "--bare-server", std::to_string(port)}, port,
                          "/api/v1/activities/x/gate", [] {});
  return f;
}

// ---------------------------------------------------------------- report

std::string Machine() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line, model = "unknown";
  while (std::getline(cpuinfo, line)) {
    if (line.rfind("model name", 0) == 0) {
      model = line.substr(line.find(':') + 2);
      break;
    }
  }
  utsname u{};
  uname(&u);
  std::ostringstream out;
  out << model << ", " << std::thread::hardware_concurrency() << " cores, "
      << (sysconf(_SC_PHYS_PAGES) * sysconf(_SC_PAGE_SIZE) >> 30) << " GiB, " << u.sysname << " "
      << u.release << ", " << __VERSION__;
  return out.str();
}

std::string Verdict(bool met) {
  return met ? "met" : "**missed**";
}

const char kTableHead[] =
    "| Measure | ictgate | Limit (same run) | Ratio | Floor |\n|---|---|---|---|---|\n";

// How the group leaders spent the run: the share of its wall time inside a
// group's transaction (near 100 %: the one writer is the bound), and per
// group, the milliseconds in the bodies and in COMMIT with its fsync.
std::string WriterBusy(const WriteFigures& w) {
  const auto ms = [](std::chrono::nanoseconds d) { return d.count() / 1e6; };
  const double groups = static_cast<double>(std::max<int64_t>(1, w.groups.groups));
  const double busy = ms(w.groups.in_bodies + w.groups.in_commit) / (w.http.seconds * 1e3);
  return Fixed(100 * busy, 0) + " %: " + Fixed(ms(w.groups.in_bodies) / groups, 2) +
         " ms bodies + " + Fixed(ms(w.groups.in_commit) / groups, 2) + " ms commit per group";
}

// What the run cost the cores, per request: the serving side's CPU (the
// process's less the client threads') and the clients' own, and how many of
// the machine's cores were busy on average. When they are all busy, the
// figure is bound by CPU, not by waiting on the disk or on one another.
std::string CpuCost(const LoadResult& r) {
  const double requests = static_cast<double>(std::max<int64_t>(1, r.requests));
  const double serving = r.process_cpu_seconds - r.client_cpu_seconds;
  return "CPU " + Fixed(1e3 * serving / requests, 2) + " ms serving + " +
         Fixed(1e3 * r.client_cpu_seconds / requests, 2) + " ms client per request, " +
         Fixed(r.process_cpu_seconds / r.seconds, 2) + " of " +
         std::to_string(std::thread::hardware_concurrency()) + " cores busy";
}

// The write row at `clients` clients, judged against `floor` times the
// raw-commit limit.
void WriteRow(std::ostream& out, int clients, const WriteFigures& w, double floor) {
  const double ratio = w.http.per_second / w.raw_per_second;
  out << "| Write path: transitions/s, " << clients << " clients over HTTP | "
      << Fixed(w.http.per_second) << " (p50 " << Fixed(w.http.p50_ms, 2) << " ms, p99 "
      << Fixed(w.http.p99_ms, 2) << " ms; " << w.http.requests << " transitions, "
      << w.http.failures << " failed; "
      << Fixed(static_cast<double>(w.groups.bodies) / std::max<int64_t>(1, w.groups.groups), 1)
      << " per group commit; writer busy " << WriterBusy(w) << "; " << CpuCost(w.http) << ") | "
      << Fixed(w.raw_per_second) << " raw SQLite commits/s of the same " << w.raw_commits
      << " rows | " << Fixed(ratio, 2) << " | >= " << Fixed(floor, 1) << ": "
      << Verdict(ratio >= floor) << " |\n";
}

// The read-path row of one portfolio size, against the bare handler.
void ReadRow(std::ostream& out, const ReadFigures& r) {
  const double ratio = r.ictgate.per_second / r.bare.per_second;
  out << "| Read path at " << r.activities << " activities: gate + eligibility requests/s | "
      << Fixed(r.ictgate.per_second) << " (p50 " << Fixed(r.ictgate.p50_ms, 2) << " ms, p99 "
      << Fixed(r.ictgate.p99_ms, 2) << " ms; " << r.ictgate.failures << " failed; "
      << CpuCost(r.ictgate) << ") | " << Fixed(r.bare.per_second) << " bare handler (p99 "
      << Fixed(r.bare.p99_ms, 2) << " ms; " << CpuCost(r.bare) << ") | " << Fixed(ratio, 2)
      << " | >= 0.5: " << Verdict(ratio >= 0.5) << " |\n";
  const LoadResult& nl = r.ictgate_dutch;
  const double dutch = nl.per_second / r.bare.per_second;
  out << "| Read path at " << r.activities << " activities in Dutch (Accept-Language: nl) | "
      << Fixed(nl.per_second) << " (p50 " << Fixed(nl.p50_ms, 2) << " ms, p99 "
      << Fixed(nl.p99_ms, 2) << " ms; " << nl.failures << " failed; " << CpuCost(nl) << ") | "
      << Fixed(r.bare.per_second) << " bare handler (the row above) | " << Fixed(dutch, 2)
      << " | >= 0.5: " << Verdict(dutch >= 0.5) << " |\n";
}

void Report(std::ostream& out, const Settings& s, const WriteFigures& w,
            const WriteFigures& grouped, const std::vector<ReadFigures>& reads,
            const StartFigures& start, const CrowdRows& crowd) {
  out << kTableHead;
  WriteRow(out, s.clients, w, 0.5);
  WriteRow(out, s.grouped_write_clients, grouped, 1.5);
  for (const auto& r : reads) ReadRow(out, r);
  const double growth = reads.back().ictgate.p99_ms / reads.front().ictgate.p99_ms;
  out << "| Read p99 growth, " << reads.front().activities << " -> " << reads.back().activities
      << " activities | " << Fixed(reads.back().ictgate.p99_ms, 2) << " ms | "
      << Fixed(reads.front().ictgate.p99_ms, 2) << " ms at " << reads.front().activities << " | "
      << Fixed(growth, 2) << "x | < 1.5x: " << Verdict(growth < 1.5) << " |\n";
  for (const auto& r : reads) {
    // The floor is set at the largest portfolio, where a scan is what a page
    // must not cost; at small sizes a page of 100 is most of the department.
    const bool largest = &r == &reads.back();
    const double ratio = r.department_ms / r.scan_ms;
    out << "| Department answer at " << r.activities << " activities (" << r.department_items
        << " in BZK): first page of 100 | " << Fixed(r.department_ms, 2)
        << " ms (median of 3; a later page " << Fixed(r.later_page_ms, 2) << " ms) | "
        << Fixed(r.scan_ms, 2) << " ms bare scan of the department's records | " << Fixed(ratio, 2)
        << "x | " << (largest ? "<= 2x: " + Verdict(ratio <= 2) : std::string("none set"))
        << " |\n";
  }
  for (const auto& r : reads) {
    const double ratio = r.beside_department.p99_ms / r.ictgate.p99_ms;
    out << "| Readers at " << r.activities << " activities while " << kDepartmentUsers
        << " users load BZK pages of 500 (" << r.department_pages << " pages meanwhile) | p99 "
        << Fixed(r.beside_department.p99_ms, 2) << " ms (p50 "
        << Fixed(r.beside_department.p50_ms, 2) << " ms; " << r.beside_department.failures
        << " failed) | p99 " << Fixed(r.ictgate.p99_ms, 2) << " ms quiet (the read-path row) | "
        << Fixed(ratio, 2) << "x | <= 2x: " << Verdict(ratio <= 2) << " |\n";
  }
  const double later_growth = reads.back().later_page_ms / reads.front().later_page_ms;
  out << "| Department later page, " << reads.front().activities << " -> "
      << reads.back().activities << " activities | " << Fixed(reads.back().later_page_ms, 2)
      << " ms | " << Fixed(reads.front().later_page_ms, 2) << " ms at " << reads.front().activities
      << " | " << Fixed(later_growth, 2)
      << "x | < 1.5x (independent of size): " << Verdict(later_growth < 1.5) << " |\n";
  out << "| `ictgate serve` start to ready, " << start.activities << " activities, " << start.events
      << " events (" << start.database_mib << " MiB) | " << Fixed(start.ictgate.ready_seconds, 2)
      << " s | " << Fixed(start.bare.ready_seconds, 2) << " s bare handler process | "
      << Fixed(start.ictgate.ready_seconds / start.bare.ready_seconds, 1) << "x | none set |\n";
  out << "| Peak resident memory of `ictgate serve` (start, department answer, metrics, reads) | "
      << Fixed(start.ictgate.peak_mib) << " MiB | " << Fixed(start.bare.peak_mib)
      << " MiB bare handler process | - | < 64 MiB: " << Verdict(start.ictgate.peak_mib < 64)
      << " |\n";
  ReportCrowd(out, s, crowd);
  out << "\nLoading the portfolios (the loader, not the service): ";
  for (const auto& r : reads) {
    out << r.activities << " activities "
        << (r.load_seconds > 0 ? "in " + Fixed(r.load_seconds) + " s"
                               : "reused from an earlier run")
        << "; ";
  }
  out << "\n";
}

std::string SettingsLine(const Settings& s) {
  const api::ConnectionLimits server;
  return "Settings: " + std::to_string(s.clients) + " client threads in the benchmark process, " +
         Fixed(s.seconds) + " s per load phase (crowd phases " + Fixed(s.crowd.seconds) + " s), " +
         std::to_string(s.events_per_activity) + " events per loaded activity, server defaults (" +
         std::to_string(server.worker_threads) + " workers, " + std::to_string(server.max_queued) +
         " queued, " + std::to_string(server.max_connections) + " connections).\n\n";
}

// Only the crowd rows, on the smallest portfolio.
int RunCrowd(const Settings& s) {
  std::cerr << "crowd at " << s.sizes.front() << " activities...\n";
  const CrowdRows crowd = MeasureCrowds(s, s.sizes.front());
  std::ostringstream table;
  table << "Machine: " << Machine() << ".\n\n" << SettingsLine(s) << kTableHead;
  ReportCrowd(table, s, crowd);
  std::cout << table.str();
  if (!s.out.empty()) std::ofstream(s.out) << table.str();
  return 0;
}

// Only the read rows (and the department rows measured with them), at
// every size: for profiling the read path.
int RunReads(const Settings& s) {
  std::ostringstream table;
  table << "Machine: " << Machine() << ".\n\n" << SettingsLine(s) << kTableHead;
  for (const int64_t size : s.sizes) {
    std::cerr << "read path at " << size << " activities...\n";
    ReadRow(table, MeasureReads(s, size));
  }
  std::cout << table.str();
  if (!s.out.empty()) std::ofstream(s.out) << table.str();
  return 0;
}

int Run(const Settings& s, const std::string& self) {
  app::log::Silence();
  std::filesystem::create_directories(s.work_dir);
  if (s.crowd_only) return RunCrowd(s);
  if (s.reads_only) return RunReads(s);
  std::cerr << "write path...\n";
  const WriteFigures writes = MeasureWrites(s, s.clients);
  const WriteFigures grouped = MeasureWrites(s, s.grouped_write_clients);
  if (s.writes_only) {
    std::ostringstream table;
    table << "Machine: " << Machine() << ".\n\n" << SettingsLine(s) << kTableHead;
    WriteRow(table, s.clients, writes, 0.5);
    WriteRow(table, s.grouped_write_clients, grouped, 1.5);
    std::cout << table.str();
    return 0;
  }
  std::vector<ReadFigures> reads;
  for (size_t i = 0; i < s.sizes.size(); ++i) {
    std::cerr << "read path at " << s.sizes[i] << " activities...\n";
    reads.push_back(MeasureReads(s, s.sizes[i]));
  }
  std::cerr << "start and memory...\n";
  const StartFigures start = MeasureStart(s, self, s.sizes.back());
  std::cerr << "crowd at " << s.sizes.front() << " activities...\n";
  const CrowdRows crowd = MeasureCrowds(s, s.sizes.front());
  std::ostringstream table;
  table << "Machine: " << Machine() << ".\n\n" << SettingsLine(s);
  Report(table, s, writes, grouped, reads, start, crowd);
  std::cout << table.str();
  if (!s.out.empty()) std::ofstream(s.out) << table.str();
  return 0;
}

}  // namespace
}  // namespace ictgate::bench

int main(int argc, char** argv) {
  using namespace ictgate::bench;
  CLI::App cli{"ictgate benchmarks: each figure beside its limit, measured in the same run"};
  Settings s;
  bool quick = false;
  int bare_port = 0;
  cli.add_option("--sizes", s.sizes, "portfolio sizes for the read path (largest last)");
  cli.add_option("--clients", s.clients, "client threads");
  cli.add_option("--write-clients", s.grouped_write_clients,
                 "client threads of the group-commit write row");
  cli.add_option("--seconds", s.seconds, "seconds per load phase");
  cli.add_option("--work-dir", s.work_dir, "where the databases go");
  cli.add_option("--out", s.out, "write the table here as well");
  cli.add_option("--ictgate", s.ictgate, "the ictgate binary");
  cli.add_flag("--reuse", s.reuse, "reuse the portfolios an earlier run left in --work-dir");
  cli.add_flag("--quick", quick, "tiny sizes and short phases: checks the harness only");
  cli.add_flag("--crowd-only", s.crowd_only, "only the many-clients and idle-sockets rows");
  cli.add_flag("--writes-only", s.writes_only, "only the write rows");
  cli.add_flag("--reads-only", s.reads_only, "only the read-path rows, at every size");
  cli.add_option("--crowd-clients", s.crowd.keep_alive_clients, "keep-alive clients in the crowd");
  cli.add_option("--idle-sockets", s.crowd.idle_sockets, "idle sockets in the crowd");
  cli.add_option("--bare-server", bare_port, "internal: run the bare handler on this port");
  CLI11_PARSE(cli, argc, argv);
  if (bare_port) {  // the limit for start time and memory: runs until killed
    BareServer bare({{kGatePattern, "{}"}, {kEligibilityPattern, "{}"}});
    return bare.BindTo(bare_port) ? (bare.Listen(), 0) : 1;
  }
  if (quick) {
    s.sizes = {50, 200};
    s.seconds = 0.5;
    s.crowd = {16, 50, 0.5};
  }
  // The crowd's sockets are file descriptors in this process too.
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
  }
  return Run(s, argv[0]);
}

// ictgate: the one binary (docs/spec.md section 8). Results go to stdout in a form
// a script can use, diagnostics to stderr; the exit status is 0 only on success.
#include <pthread.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <thread>

#include <CLI/CLI.hpp>

#include "api/http_rules.h"
#include "api/server.h"
#include "api/views.h"
#include "app/application.h"
#include "app/dashboard_export.h"
#include "app/demo_seed.h"
#include "app/log.h"
#include "app/oidc.h"
#include "app/oordeel.h"
#include "app/pdf_printer.h"
#include "app/policy_registry.h"
#include "app/portability.h"
#include "app/retention.h"
#include "app/service.h"
#include "app/tokens.h"
#include "app/webhooks.h"
#include "common/file_text.h"
#include "engine/clock.h"
#include "engine/permissions.h"
#include "store/database.h"
#include "store/migrations.h"
#include "store/sqlite_store.h"

namespace {

using namespace ictgate;

std::string DefaultDb() {
  const char* env = std::getenv("ICTGATE_DB");
  return env && *env ? env : "ictgate.db";
}

// SIGINT and SIGTERM, blocked in the calling thread and so in every thread
// it starts afterwards. Called before the server exists: its poller and
// workers must not take a signal whose default action kills the process.
sigset_t BlockStopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

// Stops the server from a dedicated thread that waits for the blocked stop
// signals `set` (no work inside a signal handler).
std::thread StopOnSignal(api::ApiServer& server, sigset_t set) {
  return std::thread([set, &server] {
    int sig = 0;
    sigwait(&set, &sig);
    app::log::Info("stopping", {{"signal", sig}});
    server.Stop();
  });
}

// The application on `db` for a command that only reads or checks: the file
// must exist, nothing is migrated or registered, nothing can be written.
std::unique_ptr<app::Application> OpenToRead(const std::string& db, const engine::Clock& clock) {
  app::OpenOptions options(db);
  options.read_only = true;
  options.must_exist = true;
  return app::Application::Open(options, clock);
}

std::chrono::milliseconds Milliseconds(double seconds) {
  return std::chrono::milliseconds(std::max<int64_t>(1, std::llround(seconds * 1000)));
}

// Each connection is a file descriptor: raises the soft limit on open files
// to the hard one (often 1024 of 500,000 by default) and returns the
// connection cap that fits under it, with room for the database's files and
// the listening socket.
size_t FitToOpenFiles(size_t max_connections) {
  constexpr rlim_t kReserved = 64;
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return max_connections;
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
  getrlimit(RLIMIT_NOFILE, &limit);
  if (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur >= max_connections + kReserved) {
    return max_connections;
  }
  const size_t fits = limit.rlim_cur > kReserved * 2 ? limit.rlim_cur - kReserved : kReserved;
  app::log::Info("open-file limit lowers the connection cap",
                 {{"maxConnections", fits}, {"openFiles", limit.rlim_cur}});
  return fits;
}

int Serve(const app::OpenOptions& open, const std::string& listen, bool demo,
          api::ServerOptions options, const std::string& oidc_file) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) {
    std::cerr << "ictgate: --listen must be HOST:PORT\n";
    return 2;
  }
  const std::string host = listen.substr(0, colon);
  const int port = std::atoi(listen.substr(colon + 1).c_str());
  const sigset_t stop_signals = BlockStopSignals();  // before any thread starts
  engine::SystemClock clock;
  // The identity provider first: a sign-in that cannot work stops the start.
  std::unique_ptr<app::OidcClient> oidc;
  if (!oidc_file.empty()) {
    oidc = std::make_unique<app::OidcClient>(app::LoadOidcConfig(oidc_file), clock);
    oidc->Discover();
    options.oidc = oidc.get();
    app::log::Info("sign-in through the identity provider", {{"issuer", oidc->config().issuer}});
  }
  const auto application = app::Application::Open(open, clock);
  app::Service& service = application->service();
  if (demo) {
    std::cout << "Demo tokens (shown once; pass as 'Authorization: Bearer TOKEN'):\n";
    options.demo_users = app::SeedDemo(service, application->tokens(), application->store());
    for (const auto& t : options.demo_users) {
      std::cout << "  " << engine::RoleName(t.role) << " " << t.department << " " << t.token
                << "\n";
    }
    std::cout << "Dashboard: http://" << listen << "/ (sign in as a demo user)\n";
    std::cout.flush();
  }
  // The clock's events: what passed while the service was down, then every
  // minute while it runs.
  const size_t caught_up = service.RecordClockEvents();
  if (caught_up) {
    app::log::Info("recorded " + std::to_string(caught_up) + " clock event(s) on start",
                   {{"events", caught_up}});
  }
  api::ApiServer server(*application, options);
  if (!server.Bind(host, port)) {
    std::cerr << "ictgate: cannot listen on " << listen << "\n";
    return 1;
  }
  std::thread stopper = StopOnSignal(server, stop_signals);
  std::atomic<bool> serving{true};
  // Webhook deliveries: due messages every second, with backoff between
  // attempts (app/webhooks.h).
  app::WebhookDispatcher dispatcher = application->Dispatcher();
  std::thread ticker([&service, &dispatcher, &serving] {
    for (int seconds = 0; serving; ++seconds) {
      std::this_thread::sleep_for(std::chrono::seconds(1));
      if (seconds % 60 == 59) {
        if (const size_t n = service.RecordClockEvents()) {
          app::log::Info("recorded clock events", {{"events", n}});
        }
      }
      dispatcher.DeliverDue();
    }
  });
  app::log::Info("serving", {{"url", "http://" + listen + "/api/v1"}, {"db", open.db}});
  const bool ok = server.Listen();
  serving = false;
  ticker.join();
  stopper.join();
  return ok ? 0 : 1;
}

int Migrate(const std::string& db) {
  auto conn = store::OpenDatabase(db);
  const auto report = store::Migrate(*conn, store::EmbeddedMigrations());
  std::cout << "schema version " << report.schema_version << " (applied " << report.applied.size()
            << ")\n";
  return 0;
}

// The same checks as GET /audit/verification (app/audit.h).
int AuditVerify(const std::string& db) {
  engine::SystemClock clock;
  const app::AuditReport report = OpenToRead(db, clock)->audit().Verify();
  const auto& chain = report.chain;
  if (!chain.ok) {
    std::cout << "chain BROKEN at entry " << *chain.broken_at << ": " << chain.problem << "\n";
    return 1;
  }
  std::cout << "chain ok: " << chain.head.length << " entries, head " << chain.head.hash;
  if (chain.destroyed > 0) {
    std::cout << " (" << chain.destroyed << " destroyed under retention: links checked)";
  }
  std::cout << "\n";
  for (const auto& m : report.replay.mismatches) std::cout << "replay MISMATCH " << m << "\n";
  if (report.replay.mismatches.empty()) {
    std::cout << "replay ok: " << report.replay.activities
              << " activities equal the replay of their logs\n";
  }
  for (const auto& p : report.documents.problems) std::cout << "document DAMAGED " << p << "\n";
  if (report.documents.problems.empty()) {
    std::cout << "documents ok: " << report.documents.checked
              << " documents hash to the names the chain records\n";
  }
  const auto& log = report.record_log;
  if (log.ok) {
    std::cout << "record log ok: " << log.checked << " entries\n";
  } else {
    std::cout << "record log BROKEN"
              << (log.broken_at ? " at entry " + std::to_string(*log.broken_at) : std::string())
              << ": " << log.problem << "\n";
  }
  return report.ok() ? 0 : 1;
}

// The CIO-oordeel document (app/oordeel.h), as an auditor may read it.
int Oordeel(const std::string& db, const std::string& id, const std::string& pdf_file) {
  engine::SystemClock clock;
  const auto application = OpenToRead(db, clock);
  const engine::Actor reader{"ictgate oordeel", engine::Role::kAuditor, "*"};
  auto log = application->service().Events(id, reader);
  if (!log) {
    std::cerr << "ictgate: no activity " << id << "\n";
    return 1;
  }
  application->service().actors().ResolveNames(*log, app::kErasedActorDutch);
  const auto html = app::OordeelHtml(*log, application->packs(), clock.Now());
  if (!html) {
    std::cerr << "ictgate: activity " << id << " has no verdict in force to print\n";
    return 1;
  }
  if (pdf_file.empty()) {
    std::cout << *html;
    return 0;
  }
  app::PrintHtmlToPdf(*html, pdf_file);
  std::cerr << "ictgate: CIO-oordeel of " << id << " written to " << pdf_file << "\n";
  return 0;
}

int AuditHead(const std::string& db) {
  engine::SystemClock clock;
  const auto head = OpenToRead(db, clock)->audit().Head();
  std::cout << head.hash << " " << head.length << "\n";
  return 0;
}

// Prints every problem as "PATH: message" on stdout, and their number on
// stderr.
void PrintProblems(const std::string& file, const std::vector<engine::Problem>& problems) {
  for (const auto& p : problems) {
    std::cout << (p.field.empty() ? "/" : p.field) << ": " << p.message << "\n";
  }
  std::cerr << "ictgate: " << file << ": " << problems.size() << " problem(s)\n";
}

// The pack in `file`; nullopt after printing every problem as "PATH: message"
// on stdout.
std::optional<engine::PolicyPack> ReadPack(const std::string& file) {
  auto parsed = app::LoadPackText(ReadFileText(file));
  if (parsed.ok()) return std::move(parsed).value();
  PrintProblems(file, parsed.error());
  return std::nullopt;
}

// The texts file beside a pack file (2026.1.json: 2026.1.texts.json), when
// there is one, checked against the pack.
bool CheckTextsBeside(const std::string& file, const engine::PolicyPack& pack) {
  const std::string suffix = ".json";
  if (file.size() <= suffix.size()) return true;
  const std::string texts_file = file.substr(0, file.size() - suffix.size()) + ".texts.json";
  if (!std::filesystem::exists(texts_file)) return true;
  const auto texts = app::LoadPackTexts(ReadFileText(texts_file), pack);
  if (!texts.ok()) {
    PrintProblems(texts_file, texts.error());
    return false;
  }
  std::cout << "ok texts in";
  for (const auto& [language, t] : texts.value()) std::cout << " " << engine::LanguageTag(language);
  std::cout << " (" << texts_file << ")\n";
  return true;
}

int PolicyCheck(const std::string& file) {
  const auto pack = ReadPack(file);
  if (!pack) return 1;
  std::cout << "ok " << pack->ref.id << " " << pack->ref.version << " " << pack->ref.content_hash
            << " (" << pack->areas.size() << " areas, " << pack->criteria.size() << " criteria, "
            << pack->dossier_fields.size() << " dossier fields)\n";
  return CheckTextsBeside(file, *pack) ? 0 : 1;
}

// Prints the what-if report as JSON. Opens the database read-only: nothing is
// registered, nothing is written.
int PolicyWhatIf(const std::string& db, const std::string& file) {
  const auto candidate = ReadPack(file);
  if (!candidate) return 1;
  engine::SystemClock clock;
  const auto application = OpenToRead(db, clock);
  const engine::WhatIfReport report =
      application->service().WhatIf(*candidate, {"cli", engine::Role::kAuditor, "*"});
  std::cout << api::WhatIfJson(report).dump(2) << "\n";
  return 0;
}

int PolicyList(const std::string& db) {
  engine::SystemClock clock;
  const auto application = OpenToRead(db, clock);
  const app::PolicyRegistry& packs = application->packs();
  const engine::PolicyPack& active = packs.Active(clock.Now());
  for (const auto* p : packs.All()) {
    std::cout << p->ref.id << "\t" << p->ref.version << "\t"
              << engine::FormatDate(p->effective_from) << "\t" << p->ref.content_hash
              << (p == &active ? "\tactive" : "") << "\n";
  }
  return 0;
}

// Writes the export to stdout; opens the database read-only, so it is safe
// while the service runs.
int Export(const std::string& db, bool csv, bool published, const std::string& department) {
  engine::SystemClock clock;
  const auto application = OpenToRead(db, clock);
  if (published) {
    // What GET /public/records answers: the parts the packs mark public.
    const nlohmann::json records = application->service().PublicRecords(department);
    std::cout << nlohmann::json{{"department", department.empty() ? nlohmann::json()
                                                                  : nlohmann::json(department)},
                                {"items", records}}
                     .dump(2)
              << "\n";
  } else if (csv) {
    app::ExportCsv(application->store(), std::cout, clock.Now());
  } else {
    app::ExportJson(application->store(), std::cout, clock.Now());
  }
  std::cout.flush();
  return std::cout ? 0 : 1;
}

// Writes the sheets of the government ICT dashboard's format into `dir`,
// which must exist; a sheet already there is replaced.
int ExportDashboard(const std::string& db, const std::string& dir, const std::string& department) {
  engine::SystemClock clock;
  const auto application = OpenToRead(db, clock);
  for (const auto& sheet : app::DashboardSheets(application->store(), department, clock.Now())) {
    const std::string path = dir + "/" + sheet.file;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    app::WriteSheet(sheet, out);
    out.close();
    if (!out) {
      std::cerr << "ictgate: cannot write " << path << "\n";
      return 1;
    }
    std::cout << path << ": " << sheet.rows.size() << " rows\n";
  }
  return 0;
}

// Erases a person from the record (app/actors.h): the name goes, the
// pseudonym in the chain stays; the erasure is itself recorded, without the
// name. The database must exist.
int PrivacyErase(const std::string& db, const std::string& name) {
  engine::SystemClock clock;
  app::OpenOptions options(db);
  options.must_exist = true;
  const auto application = app::Application::Open(options, clock);
  const auto erased = application->EraseActor(name);
  if (!erased) {
    std::cerr << "ictgate: nobody of that name acted in this record\n";
    return 1;
  }
  std::cout << "erased: " << erased->actor_id << " now reads \"" << app::kErasedActor
            << "\"; tokens revoked: " << erased->tokens_revoked << "; record log entry "
            << erased->entry.seq << " " << erased->entry.hash << "\n";
  return 0;
}

// The retention schedule in `file`; nullopt after printing its problems.
std::optional<engine::RetentionSchedule> ReadSchedule(const std::string& file) {
  const auto document = nlohmann::json::parse(ReadFileText(file), nullptr, false);
  if (document.is_discarded()) {
    std::cerr << "ictgate: " << file << " is not JSON\n";
    return std::nullopt;
  }
  auto parsed = engine::ParseRetentionSchedule(document);
  if (parsed.ok()) return std::move(parsed).value();
  PrintProblems(file, parsed.error());
  return std::nullopt;
}

// One line per record the plan names: what is due, and what is held and
// why. People appear by pseudonym only.
void PrintPlan(const app::RetentionPlan& plan) {
  for (const auto& d : plan.activities) {
    std::cout << "activity " << d.id << ": " << engine::RetentionActionName(d.rule->action)
              << " (rule " << d.rule->id << ", period ended " << engine::FormatInstant(d.ends)
              << ")" << (d.held_by ? "; HELD: linked to " + *d.held_by : "") << "\n";
  }
  for (const auto& n : plan.names) {
    std::cout << "name of " << n.actor_id << ": erase (rule " << n.rule->id << ", last acted "
              << (n.last_acted.empty() ? "in no activity left" : n.last_acted) << ")"
              << (n.held ? "; HELD: holds an active API token" : "") << "\n";
  }
  if (plan.activities.empty() && plan.names.empty()) std::cout << "nothing is due\n";
}

// `ictgate retention plan|apply` (app/retention.h): plan only reads.
int Retention(const std::string& db, const std::string& schedule_file, bool apply,
              const std::string& transfer_dir) {
  const auto schedule = ReadSchedule(schedule_file);
  if (!schedule) return 1;
  engine::SystemClock clock;
  app::OpenOptions options(db);
  options.must_exist = true;
  options.read_only = !apply;
  const auto application = app::Application::Open(options, clock);
  const app::RetentionPlan plan = app::PlanRetention(application->store(), *schedule, clock.Now());
  PrintPlan(plan);
  if (!apply) return 0;
  const auto outcome = app::ApplyRetention(application->store(), plan, transfer_dir, clock.Now());
  for (const auto& e : outcome.disposals) {
    std::cout << e.kind << " " << e.subject << ": record log entry " << e.seq << " " << e.hash
              << "\n";
  }
  for (const auto& p : outcome.packages) std::cout << "transfer package " << p << "\n";
  for (const auto& e : outcome.erasures) {
    std::cout << "erase-actor " << e.actor_id << ": record log entry " << e.entry.seq << "\n";
  }
  for (const auto& id : outcome.changed) {
    std::cout << "activity " << id << " changed since the plan: left for the next run\n";
  }
  std::cout << outcome.disposals.size() << " activities and " << outcome.erasures.size()
            << " names disposed of; head unchanged at " << application->store().Head().length
            << " entries\n";
  return 0;
}

int Import(const std::string& db, const std::string& file) {
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(file == "-"
                                         ? std::string(std::istreambuf_iterator<char>(std::cin), {})
                                         : ReadFileText(file));
  } catch (const nlohmann::json::parse_error& e) {
    std::cerr << "ictgate: " << file << " is not JSON: " << e.what() << "\n";
    return 1;
  }
  store::SqliteStore store(db);
  const app::ImportReport r = app::ImportJson(store, document);
  std::cout << "imported " << r.packs << " pack(s), " << r.activities << " activities; chain of "
            << r.head.length << " entries, head " << r.head.hash << "\n";
  return 0;
}

// A CLI11 check that an integer option is at least `least`, saying so (the
// library's own range checks print the range of a double).
std::function<std::string(const std::string&)> AtLeast(int64_t least) {
  return [least](const std::string& value) -> std::string {
    try {
      if (std::stoll(value) >= least) return "";
    } catch (const std::exception&) {
    }
    return "must be at least " + std::to_string(least) + ", not " + value;
  };
}

// A CLI11 check that a number of seconds is above zero, saying so.
std::string PositiveSeconds(const std::string& value) {
  try {
    if (std::stod(value) > 0) return "";
  } catch (const std::exception&) {
  }
  return "must be a number of seconds above 0, not " + value;
}

int Backup(const std::string& db, const std::string& to) {
  const int pages = store::BackupDatabase(db, to);
  std::cout << "backed up " << pages << " pages to " << to << " (integrity ok)\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"ictgate: gating workflow for large government ICT activities"};
  cli.require_subcommand(1);
  std::string db = DefaultDb();
  const auto add_db = [&db](CLI::App* sub) {
    sub->add_option("--db", db, "SQLite database file (default $ICTGATE_DB or ictgate.db)");
  };

  std::string listen = "127.0.0.1:8080";
  bool demo = false;
  auto* serve = cli.add_subcommand("serve", "serve the HTTP API");
  add_db(serve);
  serve->add_option("--listen", listen, "HOST:PORT to listen on (default 127.0.0.1:8080)");
  serve->add_flag("--demo", demo, "seed demo data into an empty database and print demo tokens");
  api::ServerOptions server_options;
  serve->add_option("--cors-origin", server_options.cors_origins,
                    "an origin allowed to call the API from a browser (repeatable)");
  serve
      ->add_option("--trusted-proxy", server_options.trusted_proxies,
                   "the address of a reverse proxy in front, e.g. 127.0.0.1: for its requests "
                   "the log names the client its X-Forwarded-For names (repeatable; default none)")
      ->check([](const std::string& address) {
        return api::IsIpAddress(address) ? "" : "not an IP address: " + address;
      });
  serve->add_option("--max-body-bytes", server_options.max_body_bytes,
                    "largest request body accepted (default 1 MiB)");
  serve->add_option("--max-document-bytes", server_options.max_document_bytes,
                    "largest dossier document accepted for upload (default 20 MiB)");
  auto& connections = server_options.connections;
  serve->add_option("--threads", connections.worker_threads, "worker threads (default 128)")
      ->check(AtLeast(1));
  serve
      ->add_option("--max-connections", connections.max_connections,
                   "open connections before answering 503 at once (default 2048)")
      ->check(AtLeast(1));
  double keep_alive_seconds = 2, request_deadline_seconds = 10;
  serve
      ->add_option("--keep-alive-timeout", keep_alive_seconds,
                   "seconds an idle kept-alive connection stays open (default 2)")
      ->check(PositiveSeconds);
  serve
      ->add_option("--request-deadline", request_deadline_seconds,
                   "seconds a request's header and body may take to arrive (default 10)")
      ->check(PositiveSeconds);
  serve->add_option("--max-json-depth", server_options.max_json_depth,
                    "deepest JSON nesting accepted in a body (default 32)");
  serve->add_option("--max-string-bytes", server_options.max_string_bytes,
                    "longest string or member name accepted in a body (default 65536)");
  serve->add_option("--max-queued", connections.max_queued,
                    "requests waiting for a worker before answering 503 (default 1024)");
  int64_t max_db_bytes = 0;
  serve->add_option("--max-db-bytes", max_db_bytes,
                    "cap the database file; writes past it answer 503 (default: no cap)");
  int read_connections = app::kDefaultReadConnections;
  serve
      ->add_option("--read-connections", read_connections,
                   "database connections reads may use at once (default 16)")
      ->check(AtLeast(1));
  int64_t token_cache_ms = app::TokenCacheOptions().max_age.count();
  serve
      ->add_option("--token-cache-ms", token_cache_ms,
                   "how long a token found active is trusted before the database is asked "
                   "again; bounds how late 'token revoke' takes effect (default 1000; 0: ask "
                   "on every request)")
      ->check(AtLeast(0));
  std::string oidc_file;
  serve
      ->add_option("--oidc", oidc_file,
                   "sign-in through the organisation's identity provider (OpenID Connect): a "
                   "JSON file with issuer, client, redirect URI, API audience and the claim "
                   "values that grant each role (docs/operations.md)")
      ->check(CLI::ExistingFile);
  int session_idle_minutes = 30;
  int session_max_hours = 8;
  serve
      ->add_option("--session-idle-minutes", session_idle_minutes,
                   "a dashboard session ends after this long without a request (default 30)")
      ->check(CLI::Range(1, 24 * 60));
  serve
      ->add_option("--session-max-hours", session_max_hours,
                   "a dashboard session ends this long after sign-in (default 8)")
      ->check(CLI::Range(1, 24 * 7));
  std::vector<std::string> webhook_hosts;
  serve->add_option("--webhook-allow-host", webhook_hosts,
                    "a webhook receiver's host inside the network, allowed over http "
                    "(repeatable; by default only https to public addresses)");

  auto* migrate = cli.add_subcommand("migrate", "apply pending schema migrations");
  add_db(migrate);

  auto* audit = cli.add_subcommand("audit", "check the tamper-evident record");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand("verify", "walk the hash chain and replay every log");
  add_db(verify);
  auto* head = audit->add_subcommand("head", "print the chain head hash and length");
  add_db(head);

  std::string oordeel_id, pdf_file;
  auto* oordeel = cli.add_subcommand(
      "oordeel", "the CIO-oordeel of an activity as a document: HTML to stdout, or --pdf FILE");
  add_db(oordeel);
  oordeel->add_option("id", oordeel_id, "the activity, e.g. BZK-2026-0007")->required();
  oordeel->add_option("--pdf", pdf_file, "print it to this PDF file with Chromium");

  auto* token = cli.add_subcommand("token", "manage API tokens");
  token->require_subcommand(1);
  std::string name, role, department;
  auto* create = token->add_subcommand("create", "create a token; prints only the token");
  add_db(create);
  create->add_option("--name", name, "who the token is for")->required();
  create
      ->add_option("--role", role,
                   "owner, cio, finance, sg, auditor, admin, cio_rijk, acict, ciso or project_lead")
      ->required();
  create->add_option("--department", department, "department code, or * for all")->required();
  auto* list = token->add_subcommand("list", "list tokens (never the tokens themselves)");
  add_db(list);
  int64_t token_id = 0;
  auto* revoke = token->add_subcommand("revoke", "revoke a token by id");
  add_db(revoke);
  revoke->add_option("id", token_id, "token id from 'token list'")->required();

  auto* policy = cli.add_subcommand("policy", "policy packs");
  policy->require_subcommand(1);
  std::string pack_file;
  auto* check = policy->add_subcommand("check", "validate a pack file; lists every problem");
  check->add_option("file", pack_file, "the pack JSON file")->required();
  auto* what_if = policy->add_subcommand(
      "what-if", "which activities' advisory verdicts a pack would change (writes nothing)");
  add_db(what_if);
  what_if->add_option("file", pack_file, "the candidate pack JSON file")->required();
  auto* policies = policy->add_subcommand("list", "list registered pack versions");
  add_db(policies);

  bool csv = false;
  auto* export_cmd = cli.add_subcommand("export", "write everything as JSON (or --csv) to stdout");
  add_db(export_cmd);
  export_cmd->add_flag("--csv", csv,
                       "the activities as CSV in the government ICT dashboard's fields");
  bool published = false;
  std::string public_department;
  export_cmd->add_flag("--public", published,
                       "only what the packs mark public, as GET /public/records answers it");
  std::string dashboard_dir;
  export_cmd
      ->add_option("--dashboard", dashboard_dir,
                   "write the government ICT dashboard's sheets (CSV) into this directory")
      ->check(CLI::ExistingDirectory);
  export_cmd
      ->add_option("--department", public_department,
                   "with --public or --dashboard: one department's records")
      ->check([](const std::string& d) {
        return engine::IsDepartmentCode(d) ? "" : "must be 2 to 10 capital letters (BZK)";
      });
  std::string import_file;
  auto* import_cmd =
      cli.add_subcommand("import", "load an export into an empty database, chain intact");
  add_db(import_cmd);
  import_cmd->add_option("file", import_file, "the export JSON file, or - for stdin")->required();
  auto* privacy = cli.add_subcommand("privacy", "personal data in the record");
  privacy->require_subcommand(1);
  std::string erase_name;
  auto* erase = privacy->add_subcommand(
      "erase", "erase a person's name: events keep the pseudonym and read \"erased actor\"");
  add_db(erase);
  erase->add_option("--actor", erase_name, "the name as it acted (the token's or the sign-in's)")
      ->required();
  auto* retention = cli.add_subcommand("retention", "retention periods (a retention schedule)");
  retention->require_subcommand(1);
  std::string schedule_file, transfer_dir;
  auto* retention_plan =
      retention->add_subcommand("plan", "list what the schedule makes due now (reads only)");
  auto* retention_apply = retention->add_subcommand(
      "apply", "destroy or transfer the activities, erase the names the schedule makes due");
  for (auto* sub : {retention_plan, retention_apply}) {
    add_db(sub);
    sub->add_option("--schedule", schedule_file, "the retention schedule (JSON)")
        ->required()
        ->check(CLI::ExistingFile);
  }
  retention_apply
      ->add_option("--transfer-dir", transfer_dir,
                   "where transfer packages for the e-depot are written, one directory each")
      ->check(CLI::ExistingDirectory);
  std::string backup_file;
  auto* backup =
      cli.add_subcommand("backup", "copy the database online (safe while serving) and check it");
  add_db(backup);
  backup->add_option("file", backup_file, "the new backup file")->required();

  CLI11_PARSE(cli, argc, argv);

  try {
    if (serve->parsed()) {
      connections.idle_timeout = Milliseconds(keep_alive_seconds);
      connections.request_deadline = Milliseconds(request_deadline_seconds);
      connections.max_connections = FitToOpenFiles(connections.max_connections);
      app::OpenOptions open(db);
      open.max_db_bytes = max_db_bytes;
      open.read_connections = read_connections;
      open.token_cache.max_age = std::chrono::milliseconds(token_cache_ms);
      for (const auto& host : webhook_hosts) {
        open.webhook_destinations.Allow(host);
      }
      open.sessions.idle_timeout = std::chrono::minutes(session_idle_minutes);
      open.sessions.max_age = std::chrono::hours(session_max_hours);
      return Serve(open, listen, demo, server_options, oidc_file);
    }
    if (migrate->parsed()) return Migrate(db);
    if (verify->parsed()) return AuditVerify(db);
    if (head->parsed()) return AuditHead(db);
    if (check->parsed()) return PolicyCheck(pack_file);
    if (what_if->parsed()) return PolicyWhatIf(db, pack_file);
    if (policies->parsed()) return PolicyList(db);
    if (export_cmd->parsed()) {
      if (int(published) + int(csv) + int(!dashboard_dir.empty()) > 1) {
        std::cerr << "ictgate: --public, --csv and --dashboard are three exports: choose one\n";
        return 2;
      }
      if (!public_department.empty() && !published && dashboard_dir.empty()) {
        std::cerr << "ictgate: --department goes with --public or --dashboard\n";
        return 2;
      }
      if (!dashboard_dir.empty()) return ExportDashboard(db, dashboard_dir, public_department);
      return Export(db, csv, published, public_department);
    }
    if (import_cmd->parsed()) return Import(db, import_file);
    if (backup->parsed()) return Backup(db, backup_file);
    if (erase->parsed()) return PrivacyErase(db, erase_name);
    if (retention_plan->parsed() || retention_apply->parsed()) {
      return Retention(db, schedule_file, retention_apply->parsed(), transfer_dir);
    }
    if (oordeel->parsed()) return Oordeel(db, oordeel_id, pdf_file);
    if (create->parsed() || list->parsed() || revoke->parsed()) {
      engine::SystemClock clock;
      const auto application = list->parsed() ? OpenToRead(db, clock)
                                              : app::Application::Open(app::OpenOptions(db), clock);
      app::Tokens& tokens = application->tokens();
      if (create->parsed()) {
        std::cout << tokens.Issue(name, app::TokenRole(role), department) << "\n";
        std::cerr << "ictgate: token created for " << name << " (" << role << ", " << department
                  << "); it is shown only this once\n";
      } else if (list->parsed()) {
        for (const auto& t : tokens.List()) {
          std::cout << t.id << "\t" << t.name << "\t" << engine::RoleName(t.role) << "\t"
                    << t.department << "\t" << t.created_at << "\t"
                    << (t.revoked_at ? "revoked " + *t.revoked_at : "active") << "\n";
        }
      } else if (!tokens.Revoke(token_id)) {
        std::cerr << "ictgate: no active token with id " << token_id << "\n";
        return 1;
      }
      return 0;
    }
  } catch (const std::exception& e) {
    std::cerr << "ictgate: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

// A corpus of hostile requests (docs/spec.md §9): missing, forged and revoked tokens,
// role escalation, other departments' ids, malformed and oversized bodies,
// SQL and path tricks, header abuse and slow clients. Each must get its 4xx
// problem answer or be cut off, the service must stay up, and the database
// must be byte for byte what it was (a digest of every row of every table).
// Just over 500 lines: the corpus is one table, kept whole.
#include <sys/socket.h>
#include <sys/time.h>

#include <thread>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "common/sha256.h"
#include "document_bytes.h"
#include "live_server.h"

namespace ictgate {
namespace {

using namespace testing;

// SHA-256 over every row of every table (sqlite_sequence included), in rowid
// order, each value with its type and length so that no two databases with
// different contents can produce the same text. `rows` counts what it read.
std::string DigestOfEveryTable(const std::string& path, int64_t& rows) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  SQLite::Statement tables(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  std::string text;
  rows = 0;
  while (tables.executeStep()) {
    const std::string table = tables.getColumn(0).getString();
    text += "table " + table + "\n";
    SQLite::Statement select(db, "SELECT * FROM \"" + table + "\" ORDER BY rowid");
    while (select.executeStep()) {
      ++rows;
      for (int i = 0; i < select.getColumnCount(); ++i) {
        const SQLite::Column value = select.getColumn(i);
        const char* bytes = static_cast<const char*>(value.getBlob());
        text += std::to_string(value.getType()) + ":" + std::to_string(value.getBytes()) + ":" +
                std::string(bytes ? bytes : "", static_cast<size_t>(value.getBytes())) + "|";
      }
      text += "\n";
    }
  }
  return Sha256Hex(text);
}

// One hostile request: raw bytes, and the status it must get (0: the server
// must close the connection without answering).
struct Hostile {
  std::string name;
  std::string request;
  int status;
};

// An AcICT step's body: a document (by a well-formed hash), and `more`
// members.
std::string AcictDocument(const std::string& more = "") {
  return R"({"document":{"title":"Adviesaanvraag","sha256":")" + std::string(64, 'a') + "\"}" +
         (more.empty() ? "" : "," + more) + "}";
}

// A request with `auth` as its Authorization header (none when empty). A
// body, when given, is sent as JSON with its exact length.
std::string Http(const std::string& method, const std::string& target, const std::string& auth,
                 const std::string& body = "", const std::string& headers = "") {
  std::string r = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  if (!auth.empty()) r += "Authorization: " + auth + "\r\n";
  r += headers;
  if (!body.empty()) {
    r +=
        "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  }
  return r + "\r\n" + body;
}

// The status of a raw answer, or 0 when there was none.
int StatusOf(const std::string& answer) {
  if (answer.rfind("HTTP/1.1 ", 0) != 0 || answer.size() < 12) return 0;
  return std::stoi(answer.substr(9, 3));
}

// The ids the corpus aims at, set up through the API before it runs.
struct Targets {
  std::string draft;                          // BZK, draft
  std::string approved;                       // BZK, approved green
  std::string assessing;                      // BZK, in assessment
  std::string ezk;                            // EZK, draft
  std::string webhook;                        // a subscription's id
  std::map<std::string, std::string> bearer;  // role -> "Bearer <token>"
};

const char* const kApi = "/api/v1";

// Requests without a usable token, on reads and writes alike: all 401.
void AddUnauthenticated(const Targets& t, std::vector<Hostile>& corpus) {
  const std::string valid = t.bearer.at("owner");
  const std::vector<std::pair<std::string, std::string>> credentials = {
      {"no Authorization header", ""},
      {"a scheme without a token", "Bearer"},
      {"an empty token", "Bearer "},
      {"a forged token", "Bearer igt_" + std::string(64, 'a')},
      {"a revoked token", t.bearer.at("revoked")},
      {"Basic credentials", "Basic b3duZXI6b3duZXI="},
      {"a valid token with a byte added", valid + "0"},
      {"a valid token cut short", valid.substr(0, valid.size() - 1)},
      {"SQL in the token", "Bearer ' OR '1'='1"},
  };
  const std::string a = std::string(kApi) + "/activities/";
  const std::vector<std::tuple<std::string, std::string, std::string>> routes = {
      {"POST", std::string(kApi) + "/activities", NewActivityInput().dump()},
      {"POST", a + t.draft + "/submissions", "{}"},
      {"POST", a + t.approved + "/funding-decisions", R"({"amountEur":1000})"},
      {"PATCH", a + t.draft, R"({"title":"taken over"})"},
      {"POST", a + t.draft + "/links", R"({"activityId":")" + t.approved + "\"}"},
      {"DELETE", a + t.draft + "/links/" + t.approved, ""},
      {"POST", std::string(kApi) + "/webhooks", R"({"url":"http://x/","topics":["x"]})"},
      {"GET", a + t.approved, ""},
      {"GET", std::string(kApi) + "/eligibility?department=BZK", ""},
      {"GET", std::string(kApi) + "/audit/head", ""},
  };
  for (const auto& [method, target, body] : routes) {
    for (const auto& [what, auth] : credentials) {
      corpus.push_back(
          {method + " " + target + " with " + what, Http(method, target, auth, body), 401});
    }
  }
}

// Valid tokens acting beyond their role: 403; or beyond their department:
// 404, as if the activity did not exist.
void AddOutOfBounds(const Targets& t, std::vector<Hostile>& corpus) {
  const std::string a = std::string(kApi) + "/activities/";
  const auto& as = t.bearer;
  const std::string hook = R"({"url":"http://127.0.0.1:9/","topics":["verdict.recorded"]})";
  const std::vector<Hostile> cases = {
      {"the owner records a verdict",
       Http("POST", a + t.approved + "/assessments", as.at("owner"), R"({"verdict":"green"})"),
       403},
      {"the owner funds",
       Http("POST", a + t.approved + "/funding-decisions", as.at("owner"),
            R"({"amountEur":1000000})"),
       403},
      {"finance overrules", Http("POST", a + t.approved + "/overrides", as.at("finance"), "{}"),
       403},
      {"the CIO registers an activity",
       Http("POST", std::string(kApi) + "/activities", as.at("cio"), NewActivityInput().dump()),
       403},
      {"the owner accepts its own intake",
       Http("POST", a + t.draft + "/intake-decisions", as.at("owner"), R"({"decision":"accept"})"),
       403},
      {"the owner reviews a condition",
       Http("POST", a + t.approved + "/condition-reviews", as.at("owner"), "{}"), 403},
      {"the SG cancels", Http("POST", a + t.draft + "/cancellations", as.at("sg"), "{}"), 403},
      {"the owner moves its activity to another pack",
       Http("POST", a + t.approved + "/pack-adoptions", as.at("owner"),
            R"({"version":"2026.2","reason":"x"})"),
       403},
      {"finance moves an activity to another pack",
       Http("POST", a + t.approved + "/pack-adoptions", as.at("finance"),
            R"({"version":"2026.2","reason":"x"})"),
       403},
      {"the CIO Rijk records a verdict",
       Http("POST", a + t.assessing + "/assessments", as.at("cio_rijk"), R"({"verdict":"green"})"),
       403},
      {"the CIO Rijk grants funding",
       Http("POST", a + t.approved + "/funding-decisions", as.at("cio_rijk"),
            R"({"decision":"grant","amountEur":1})"),
       403},
      {"the CIO Rijk registers an activity",
       Http("POST", std::string(kApi) + "/activities", as.at("cio_rijk"),
            NewActivityInput().dump()),
       403},
      {"the CIO Rijk cancels an activity",
       Http("POST", a + t.draft + "/cancellations", as.at("cio_rijk"), R"({"reason":"x"})"), 403},
      {"the CIO Rijk reads the audit chain",
       Http("GET", std::string(kApi) + "/audit/head", as.at("cio_rijk")), 403},
      {"the CIO Rijk subscribes a webhook",
       Http("POST", std::string(kApi) + "/webhooks", as.at("cio_rijk"), hook), 403},
      {"the CIO answers a recommendation for the opdrachtgever",
       Http("POST", a + t.approved + "/recommendation-responses", as.at("cio"),
            R"({"recommendation":1,"position":"adopted","response":"x"})"),
       403},
      {"the owner asks the AcICT's advice for the minister",
       Http("POST", a + t.approved + "/acict-requests", as.at("owner"), AcictDocument()), 403},
      {"the CIO records the AcICT's advice",
       Http("POST", a + t.approved + "/acict-advices", as.at("cio"),
            AcictDocument(R"("recommendations":["x"])")),
       403},
      {"the AcICT records the minister's bestuurlijke reactie",
       Http("POST", a + t.approved + "/acict-reactions", as.at("acict"),
            AcictDocument(R"("summary":"x")")),
       403},
      {"the AcICT records a verdict",
       Http("POST", a + t.assessing + "/assessments", as.at("acict"), R"({"verdict":"green"})"),
       403},
      {"the AcICT grants funding",
       Http("POST", a + t.approved + "/funding-decisions", as.at("acict"), R"({"amountEur":1})"),
       403},
      {"the AcICT registers an activity",
       Http("POST", std::string(kApi) + "/activities", as.at("acict"), NewActivityInput().dump()),
       403},
      {"finance follows an AcICT recommendation up",
       Http("POST", a + t.approved + "/acict-follow-ups", as.at("finance"),
            R"({"recommendation":1,"status":"planned","note":"x"})"),
       403},
      {"the CISO records a verdict",
       Http("POST", a + t.assessing + "/assessments", as.at("ciso"), R"({"verdict":"green"})"),
       403},
      {"the CISO grants funding",
       Http("POST", a + t.approved + "/funding-decisions", as.at("ciso"), R"({"amountEur":1})"),
       403},
      {"the CIO gives the CISO's advice",
       Http("POST", a + t.assessing + "/ciso-advices", as.at("cio"),
            R"({"residualRisk":"low","advice":"x"})"),
       403},
      {"the project lead answers a recommendation for the opdrachtgever",
       Http("POST", a + t.approved + "/recommendation-responses", as.at("project_lead"),
            R"({"recommendation":1,"position":"adopted","response":"x"})"),
       403},
      {"the project lead cancels",
       Http("POST", a + t.draft + "/cancellations", as.at("project_lead"), R"({"reason":"x"})"),
       403},
      {"the project lead accepts an intake",
       Http("POST", a + t.draft + "/intake-decisions", as.at("project_lead"),
            R"({"decision":"accept"})"),
       403},
      {"EZK asks the AcICT's advice on a BZK activity",
       Http("POST", a + t.approved + "/acict-requests", as.at("cio-EZK"), AcictDocument()), 404},
      {"an AcICT request whose document hash is not a SHA-256",
       Http("POST", a + t.approved + "/acict-requests", as.at("cio"),
            R"({"document":{"title":"x","sha256":"' OR 1=1 --"}})"),
       400},
      {"an AcICT request with a member a document has not",
       Http("POST", a + t.approved + "/acict-requests", as.at("cio"),
            R"({"document":{"title":"x","sha256":")" + std::string(64, 'a') +
                R"(","path":"/etc/passwd"}})"),
       400},
      {"the AcICT's advice before its selection decision",
       Http("POST", a + t.approved + "/acict-advices", as.at("acict"),
            AcictDocument(R"("recommendations":["x"])")),
       409},
      {"the public feed for a forged department, without a token",
       Http("GET", std::string(kApi) + "/public/records.atom?department=BZK%27%20OR%201=1", ""),
       400},
      {"a write to the public feed", Http("POST", std::string(kApi) + "/public/records", "", "{}"),
       405},
      {"the register of advices for a forged department",
       Http("GET", std::string(kApi) + "/acict-advices?department=BZK';--", as.at("owner")), 400},
      {"finance edits a draft", Http("PATCH", a + t.draft, as.at("finance"), R"({"title":"x"})"),
       403},
      {"the owner subscribes a webhook",
       Http("POST", std::string(kApi) + "/webhooks", as.at("owner"), hook), 403},
      {"the CIO lists webhooks", Http("GET", std::string(kApi) + "/webhooks", as.at("cio")), 403},
      {"finance deletes a webhook",
       Http("DELETE", std::string(kApi) + "/webhooks/" + t.webhook, as.at("finance")), 403},
      {"the owner reads deliveries",
       Http("GET", std::string(kApi) + "/webhooks/" + t.webhook + "/deliveries", as.at("owner")),
       403},
      {"a role claimed in the body",
       Http("POST", a + t.approved + "/assessments", as.at("owner"),
            R"({"verdict":"green","actor":{"role":"cio","department":"*"}})"),
       403},
      {"a role claimed in headers",
       Http("POST", std::string(kApi) + "/webhooks", as.at("owner"), hook,
            "X-Role: admin\r\nX-Forwarded-User: admin\r\n"),
       403},
      {"a second Authorization header after the owner's",
       Http("POST", std::string(kApi) + "/webhooks", as.at("owner"), hook,
            "Authorization: " + as.at("admin") + "\r\n"),
       400},
      {"a BZK owner registers for EZK",
       Http("POST", std::string(kApi) + "/activities", as.at("owner"),
            NewActivityInput(10'000'000, "EZK").dump()),
       403},
      {"EZK reads a BZK activity", Http("GET", a + t.approved, as.at("owner-EZK")), 404},
      {"EZK reads a BZK log", Http("GET", a + t.approved + "/events", as.at("owner-EZK")), 404},
      {"EZK reads a BZK gate", Http("GET", a + t.approved + "/gate", as.at("owner-EZK")), 404},
      {"EZK reads BZK eligibility",
       Http("GET", a + t.approved + "/eligibility", as.at("owner-EZK")), 404},
      {"EZK reads BZK assessments",
       Http("GET", a + t.approved + "/assessments", as.at("owner-EZK")), 404},
      {"EZK reads a BZK CIO-oordeel",
       Http("GET", a + t.approved + "/verdict-document", as.at("owner-EZK")), 404},
      {"EZK edits a BZK draft", Http("PATCH", a + t.draft, as.at("owner-EZK"), R"({"title":"x"})"),
       404},
      {"EZK submits a BZK draft",
       Http("POST", a + t.draft + "/submissions", as.at("owner-EZK"), "{}"), 404},
      {"EZK cancels a BZK draft",
       Http("POST", a + t.draft + "/cancellations", as.at("owner-EZK"), "{}"), 404},
      {"EZK moves a BZK activity to another pack",
       Http("POST", a + t.approved + "/pack-adoptions", as.at("owner-EZK"),
            R"({"version":"2026.2","reason":"x"})"),
       404},
      {"EZK answers a BZK recommendation",
       Http("POST", a + t.approved + "/recommendation-responses", as.at("owner-EZK"),
            R"({"recommendation":1,"position":"adopted","response":"x"})"),
       404},
      {"EZK links its activity to a BZK one",
       Http("POST", a + t.ezk + "/links", as.at("owner-EZK"),
            R"({"activityId":")" + t.draft + "\"}"),
       400},
      {"BZK links its activity to an EZK one",
       Http("POST", a + t.draft + "/links", as.at("owner"), R"({"activityId":")" + t.ezk + "\"}"),
       400},
      {"a link to a forged id (the same answer as another department's)",
       Http("POST", a + t.draft + "/links", as.at("owner"), R"({"activityId":"BZK-2026-9999"})"),
       400},
      {"BZK finance funds an EZK activity",
       Http("POST", a + t.ezk + "/funding-decisions", as.at("finance"), R"({"amountEur":1000})"),
       404},
      {"the BZK CIO decides an EZK intake",
       Http("POST", a + t.ezk + "/intake-decisions", as.at("cio"), R"({"decision":"accept"})"),
       404},
      {"a forged activity id", Http("GET", a + "BZK-2026-9999", as.at("owner")), 404},
      {"a write to a forged id",
       Http("POST", a + "BZK-2026-9999/submissions", as.at("owner"), "{}"), 404},
      {"an unlink from a forged id",
       Http("DELETE", a + t.draft + "/links/BZK-2026-9999", as.at("owner")), 404},
      {"a forged webhook id",
       Http("DELETE", std::string(kApi) + "/webhooks/999999", as.at("admin")), 404},
      {"a webhook id that is not a number",
       Http("DELETE", std::string(kApi) + "/webhooks/1%20OR%201=1", as.at("admin")), 400},
  };
  corpus.insert(corpus.end(), cases.begin(), cases.end());
}

// Bodies that are not what the route takes (docs/spec.md §9): 400, or 413 past the
// size limit.
void AddBadBodies(const Targets& t, std::vector<Hostile>& corpus) {
  const std::string create = std::string(kApi) + "/activities";
  const std::string owner = t.bearer.at("owner");
  const auto with = [](const std::string& key, const json& value) {
    json input = NewActivityInput();
    input[key] = value;
    return input.dump();
  };
  const std::string a = std::string(kApi) + "/activities/" + t.approved;
  const std::vector<std::pair<std::string, std::string>> creates = {
      {"malformed JSON", "{\"title\": "},
      {"an array body", "[1,2,3]"},
      {"a string body", "\"activity\""},
      {"a number body", "5000000"},
      {"nesting 100 deep", std::string(100, '[') + std::string(100, ']')},
      {"objects nested 40 deep",
       [] {
         std::string s;
         for (int i = 0; i < 40; ++i) s += "{\"a\":";
         return s + "1" + std::string(40, '}');
       }()},
      {"a cost that is text", with("ictCostEur", "lots")},
      {"a negative cost", with("ictCostEur", -5)},
      {"a cost past int64", "{\"ictCostEur\": 9223372036854775808}"},
      {"a cost of 1e30", with("ictCostEur", 1e30)},
      {"a fractional cost", with("ictCostEur", 12.5)},
      {"an unknown kind", with("kind", "moonshot")},
      {"an impossible date", with("plannedStart", "2026-13-45")},
      {"a date that is a number", with("plannedEnd", 20281231)},
      {"a blank title", with("title", "   ")},
      {"a title of 11 kB", with("title", std::string(11'000, 'x'))},
      {"a string over the 64 KiB limit", with("title", std::string(70'000, 'x'))},
      {"a title of invalid UTF-8", "{\"title\": \"\xff\xfe\xc3\x28\"}"},
      {"a lone surrogate escape", with("title", "x").replace(10, 0, "\\ud800")},
      {"a department in lower case with SQL", with("department", "bzk'; DROP TABLE events;--")},
      {"a dossier that is an array", with("dossier", json::array())},
      {"a state set by the caller", with("state", "in_execution")},
      {"duplicate keys", R"({"title":"a","title":"b"})"},
  };
  for (const auto& [what, body] : creates) {
    corpus.push_back({"registration with " + what, Http("POST", create, owner, body), 400});
  }
  const std::vector<Hostile> others = {
      {"a verdict that is not a colour",
       Http("POST", std::string(kApi) + "/activities/" + t.assessing + "/assessments",
            t.bearer.at("cio"), R"({"verdict":"purple"})"),
       400},
      {"a negative tranche",
       Http("POST", a + "/funding-decisions", t.bearer.at("finance"), R"({"amountEur":-1})"), 400},
      {"a tranche as text",
       Http("POST", a + "/funding-decisions", t.bearer.at("finance"), R"({"amountEur":"1e6"})"),
       400},
      {"an unknown funding decision",
       Http("POST", a + "/funding-decisions", t.bearer.at("finance"),
            R"({"decision":"steal","amountEur":1})"),
       400},
      {"an intake decision without a decision",
       Http("POST", std::string(kApi) + "/activities/" + t.draft + "/intake-decisions",
            t.bearer.at("cio"), "{}"),
       400},
      {"a change with an unknown reason",
       Http("POST", a + "/changes", t.bearer.at("owner"),
            R"({"reasonCode":"because","ictCostEur":20000000,"reason":"x"})"),
       400},
      {"a link body with extra members",
       Http("POST", std::string(kApi) + "/activities/" + t.draft + "/links", t.bearer.at("owner"),
            R"({"activityId":")" + t.approved + R"(","force":true})"),
       400},
      {"a webhook to a file URL",
       Http("POST", std::string(kApi) + "/webhooks", t.bearer.at("admin"),
            R"({"url":"file:///etc/passwd","topics":["verdict.recorded"]})"),
       400},
      {"a webhook with an unknown topic",
       Http("POST", std::string(kApi) + "/webhooks", t.bearer.at("admin"),
            R"({"url":"http://127.0.0.1:9/","topics":["*"]})"),
       400},
      {"a what-if rule that is not JSON Logic",
       Http("POST",
            std::string(kApi) + "/policy-packs/rijksbrede-startvoorwaarden/versions/2026.1/what-if",
            t.bearer.at("cio"), R"({"department":"BZK","overrides":{"x":{"y":1}}})"),
       400},
  };
  corpus.insert(corpus.end(), others.begin(), others.end());
  corpus.push_back({"a body over the 1 MiB limit",
                    Http("POST", create, owner, with("title", std::string(1'100'000, 'x'))), 413});
}

// Ids, paths and query strings that try to reach past the routes: 4xx.
void AddPathAndQueryTricks(const Targets& t, std::vector<Hostile>& corpus) {
  const std::string owner = t.bearer.at("owner");
  const std::string list = std::string(kApi) + "/activities";
  const std::vector<std::pair<std::string, int>> targets = {
      {list + "/BZK-2026-0001%27%20OR%20%271%27%3D%271", 404},
      {list + "/BZK-2026-0001'%20OR%20'1'='1", 404},
      {list + "/..%2F..%2F..%2Fetc%2Fpasswd", 404},
      {std::string(kApi) + "/../../../etc/passwd", 404},
      {list + "/%00", 404},
      {list + "/" + t.approved + "%00/events", 404},
      {list + "/" + t.approved + ";DROP%20TABLE%20events", 404},
      {std::string(kApi) + "//activities", 404},
      {std::string(kApi) + "/policy-packs/..%2F..%2Fmigrations/versions/2026.1", 404},
      {list + "?state=approved'%20OR%201=1--", 400},
      {list + "?verdict=green%27%20UNION%20SELECT%20*%20FROM%20tokens--", 400},
      {list + "?eligibility=1%20OR%201", 400},
      {list + "?limit=-1", 400},
      {list + "?limit=99999999999999999999", 400},
      {list + "?limit=1e3", 400},
      {list + "/" + t.approved + "/eligibility?at=yesterday", 400},
      {list + "/" + t.approved + "/eligibility?at=2026-02-30T00:00:00Z", 400},
      {std::string(kApi) + "/eligibility?department=BZK'--", 400},
      {std::string(kApi) + "/eligibility?at=not-a-time", 400},
      {list + "/" + t.approved + "/", 404},
  };
  for (const auto& [target, status] : targets) {
    corpus.push_back({"GET " + target, Http("GET", target, owner), status});
  }
}

// Abuse of the HTTP framing and of our headers.
void AddHeaderAbuse(const Targets& t, std::vector<Hostile>& corpus) {
  const std::string owner = t.bearer.at("owner");
  const std::string submit = std::string(kApi) + "/activities/" + t.draft + "/submissions";
  const std::string head = "POST " + submit + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" +
                           "Authorization: " + owner + "\r\n";
  const std::string read = std::string(kApi) + "/activities/" + t.approved;
  std::string many_headers;
  for (int i = 0; i < 200; ++i) many_headers += "X-Filler-" + std::to_string(i) + ": y\r\n";
  const std::vector<Hostile> cases = {
      {"If-Match that is not an ETag", Http("POST", submit, owner, "{}", "If-Match: *\r\n"), 400},
      {"If-Match with 20 digits",
       Http("POST", submit, owner, "{}", "If-Match: \"99999999999999999999\"\r\n"), 400},
      {"If-Match with SQL", Http("POST", submit, owner, "{}", "If-Match: \"1 OR 1=1\"\r\n"), 400},
      {"an Idempotency-Key of 200 bytes",
       Http("POST", submit, owner, "{}", "Idempotency-Key: " + std::string(200, 'k') + "\r\n"),
       400},
      {"an Idempotency-Key with a space",
       Http("POST", submit, owner, "{}", "Idempotency-Key: a b\r\n"), 400},
      {"a negative Content-Length", head + "Content-Length: -5\r\n\r\n{}", 400},
      {"a Content-Length that is text", head + "Content-Length: abc\r\n\r\n{}", 400},
      {"a chunked body", head + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n", 411},
      {"both Content-Length and chunked",
       head + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n", 411},
      {"a header line of 10 kB",
       Http("GET", read, owner, "", "X-Long: " + std::string(10'000, 'h') + "\r\n"), 400},
      {"200 headers", Http("GET", read, owner, "", many_headers), 431},
      {"an Authorization header without its colon",
       Http("GET", read, "", "", "Authorization " + owner + "\r\n"), 401},
      {"a second Content-Length", Http("POST", submit, owner, "{}", "Content-Length: 200\r\n"),
       400},
      {"an unknown method", Http("BREW", std::string(kApi) + "/activities", owner), 400},
      {"a request line without a version",
       "GET " + std::string(kApi) + "/activities\r\nHost: x\r\n\r\n", 400},
      {"HTTP/9.9", "GET " + std::string(kApi) + "/audit/head HTTP/9.9\r\nHost: x\r\n\r\n", 400},
      {"a target of 10 kB",
       Http("GET", std::string(kApi) + "/activities/" + std::string(10'000, 'A'), owner), 414},
      {"an absolute URI to another host",
       Http("GET", "http://evil.example" + std::string(kApi) + "/activities/" + t.approved, owner),
       404},
      {"a PUT", Http("PUT", std::string(kApi) + "/activities/" + t.draft, owner, "{}"), 405},
      {"a DELETE of an activity",
       Http("DELETE", std::string(kApi) + "/activities/" + t.draft, owner), 405},
  };
  corpus.insert(corpus.end(), cases.begin(), cases.end());
}

Targets SetUp(LiveServer& server) {
  Targets t;
  t.approved = ApprovedActivity(server);
  t.assessing = Body(server.Post("owner", "/activities", NewActivityInput()))["activity"]["id"];
  server.Post("owner", "/activities/" + t.assessing + "/submissions", json::object());
  REQUIRE(
      server
          .Post("cio", "/activities/" + t.assessing + "/intake-decisions", {{"decision", "accept"}})
          ->status == 201);
  t.draft = Body(server.Post("owner", "/activities", NewActivityInput()))["activity"]["id"];
  t.ezk = Body(server.Post("owner-EZK", "/activities",
                           NewActivityInput(10'000'000, "EZK")))["activity"]["id"];
  REQUIRE(server
              .PostBytes("owner", "/activities/" + t.draft + "/documents/businessCase?title=v1",
                         PdfBytes(), "application/pdf")
              ->status == 201);
  const auto hook =
      server.Post("admin", "/webhooks",
                  {{"url", "https://hooks.example.nl/"}, {"topics", {"verdict.recorded"}}});
  REQUIRE(hook->status == 201);
  t.webhook = std::to_string(Body(hook)["id"].get<int64_t>());
  for (const auto& [role, token] : server.tokens()) t.bearer[role] = "Bearer " + token;
  const std::string revoked =
      app::IssueToken(server.store(), "t-revoked", engine::Role::kOwner, "BZK", kNow);
  for (const auto& token : server.store().Tokens()) {
    if (token.name == "t-revoked") REQUIRE(server.store().RevokeToken(token.id, "2026-12-01"));
  }
  t.bearer["revoked"] = "Bearer " + revoked;
  return t;
}

// Opens a connection with a receive timeout far past the server's own (5 s),
// so that a server that hangs fails the test instead of stalling it.
int ConnectWithTimeout(int port) {
  const int fd = ConnectLoopback(port);
  timeval limit{30, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  return fd;
}

// Sends `request` (as much of it as the server takes: it may answer and close
// before reading a body) and returns the first answer, complete by its
// Content-Length, or "" when the server closed without one. Not waiting for
// the close matters: the library answers a request it cannot parse with a
// 400 but keeps the connection until its keep-alive timeout.
std::string FirstAnswer(int port, const std::string& request) {
  const int fd = ConnectWithTimeout(port);
  for (size_t sent = 0; sent < request.size();) {
    const ssize_t n = send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  std::string answer;
  char buf[4096];
  for (ssize_t n; (n = recv(fd, buf, sizeof buf, 0)) > 0;) {
    answer.append(buf, static_cast<size_t>(n));
    const size_t end = answer.find("\r\n\r\n");
    if (end == std::string::npos) continue;
    const size_t at = answer.find("Content-Length: ");
    const size_t length = at < end ? std::stoul(answer.substr(at + 16)) : 0;
    if (answer.size() >= end + 4 + length) break;
  }
  close(fd);
  return answer;
}

// A request carrying `bytes` as a body of `type` (no type when empty).
std::string Upload(const std::string& target, const std::string& auth, const std::string& type,
                   const std::string& bytes) {
  const std::string content_type = type.empty() ? "" : "Content-Type: " + type + "\r\n";
  return Http("POST", target, auth, "",
              content_type + "Content-Length: " + std::to_string(bytes.size()) + "\r\n") +
         bytes;
}

// Dossier documents: uploads out of role, department or type, oversized or
// of a disguised kind, and downloads of what the caller may not see.
void AddDocumentAbuse(const Targets& t, std::vector<Hostile>& corpus) {
  const auto& as = t.bearer;
  const std::string docs = std::string(kApi) + "/activities/" + t.draft + "/documents/";
  const std::string upload = docs + "planning?title=Planning";
  const std::string pdf = PdfBytes("hostile");
  const std::vector<Hostile> more = {
      {"finance uploads a document", Upload(upload, as.at("finance"), "application/pdf", pdf), 403},
      {"another department's owner uploads",
       Upload(upload, as.at("owner-EZK"), "application/pdf", pdf), 404},
      {"a text file declared a PDF", Upload(upload, as.at("owner"), "application/pdf", "plain"),
       415},
      {"a PDF as text/plain, as a cross-site form sends it",
       Upload(upload, as.at("owner"), "text/plain", pdf), 415},
      {"a PDF without a Content-Type", Upload(upload, as.at("owner"), "", pdf), 415},
      {"a PDF as multipart form data",
       Upload(upload, as.at("owner"), "multipart/form-data; boundary=x", pdf), 415},
      {"a Windows program declared as a download",
       Upload(upload, as.at("owner"), "application/octet-stream", "MZ" + std::string(200, '\0')),
       415},
      {"a PDF declared a Word document",
       Upload(upload, as.at("owner"),
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document", pdf),
       415},
      {"a document past the limit, by its declared length",
       Http("POST", upload, as.at("owner"), "",
            "Content-Type: application/pdf\r\nContent-Length: 30000000\r\n"),
       413},
      {"a chunked upload",
       Http("POST", upload, as.at("owner"), "",
            "Content-Type: application/pdf\r\nTransfer-Encoding: chunked\r\n"),
       411},
      {"an upload of an unknown kind",
       Upload(docs + "passwd?title=x", as.at("owner"), "application/pdf", pdf), 400},
      {"an upload through a path traversal",
       Upload(docs + "..%2F..%2Fetc?title=x", as.at("owner"), "application/pdf", pdf), 404},
      {"the same bytes as the latest version again",
       Upload(docs + "businessCase?title=again", as.at("owner"), "application/pdf", PdfBytes()),
       409},
      {"an upload to a forged id",
       Upload(std::string(kApi) + "/activities/BZK-2026-9999/documents/planning?title=x",
              as.at("owner"), "application/pdf", pdf),
       404},
      {"another department downloads a document",
       Http("GET", docs + "businessCase/1", as.at("owner-EZK")), 404},
      {"a download by a forged version",
       Http("GET", docs + "businessCase/1%3BDROP", as.at("owner")), 400},
      {"a download of a version that does not exist",
       Http("GET", docs + "businessCase/99", as.at("owner")), 404},
      {"a download without a token", Http("GET", docs + "businessCase/1", ""), 401},
  };
  corpus.insert(corpus.end(), more.begin(), more.end());
}

TEST_CASE("a corpus of hostile requests gets 4xx answers and changes nothing", "[http]") {
  LiveServer server;
  const Targets targets = SetUp(server);
  std::vector<Hostile> corpus;
  AddUnauthenticated(targets, corpus);
  AddOutOfBounds(targets, corpus);
  AddBadBodies(targets, corpus);
  AddPathAndQueryTricks(targets, corpus);
  AddHeaderAbuse(targets, corpus);
  AddDocumentAbuse(targets, corpus);
  REQUIRE(corpus.size() >= 100);

  int64_t rows = 0;
  const std::string before = DigestOfEveryTable(server.db_path(), rows);
  CHECK(rows > 20);  // the digest covers a real record: events, tokens, packs
  for (const auto& hostile : corpus) {
    INFO(hostile.name);
    const std::string answer = FirstAnswer(server.port(), hostile.request);
    CHECK(StatusOf(answer) == hostile.status);
    if (hostile.status != 0) {
      CHECK_THAT(answer, Catch::Contains("Content-Type: application/problem+json"));
    }
  }

  // Slow clients: headers that never end, and a body shorter than its
  // Content-Length. All at once, each cut off by the read timeout, while the
  // service goes on answering others.
  const std::string slow_head = "POST " + std::string(kApi) + "/activities HTTP/1.1\r\nHost: x\r\n";
  const std::vector<std::string> slow = {
      "GET " + std::string(kApi) + "/audit/head HTTP/1.1\r\nHost: x\r\n",
      "GET " + std::string(kApi) + "/audit/he",
      slow_head + "Authorization: " + targets.bearer.at("owner") +
          "\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{\"title\":",
      "P",
  };
  // Connected here: Catch2's assertions (in ConnectLoopback) are not for
  // other threads. Each thread sends its part, then nothing.
  std::vector<int> sockets;
  for (size_t i = 0; i < slow.size(); ++i) sockets.push_back(ConnectWithTimeout(server.port()));
  std::vector<std::string> slow_answers(slow.size());
  std::vector<std::thread> clients;
  for (size_t i = 0; i < slow.size(); ++i) {
    clients.emplace_back([&, i] { slow_answers[i] = SendAndReadAll(sockets[i], slow[i]); });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const auto live = server.client().Get("/api/v1/health/live");
  REQUIRE(live);
  CHECK(live->status == 200);
  for (auto& c : clients) c.join();
  for (size_t i = 0; i < slow.size(); ++i) {
    INFO("slow client " << i);
    const int status = StatusOf(slow_answers[i]);
    CHECK((status == 0 || (status >= 400 && status < 500)));
  }

  CHECK(DigestOfEveryTable(server.db_path(), rows) == before);
  // The corpus's activities are under packs that mark nothing public: the
  // public feed, asked without a token, shows none of them.
  const auto feed = server.client().Get("/api/v1/public/records");
  REQUIRE(feed);
  CHECK(feed->status == 200);
  CHECK(nlohmann::json::parse(feed->body)["items"].empty());
  // Still up, and still writing.
  const auto after = server.Post("owner", "/activities", NewActivityInput());
  REQUIRE(after);
  CHECK(after->status == 201);
  CHECK(DigestOfEveryTable(server.db_path(), rows) != before);
  INFO("corpus size " << corpus.size() + slow.size());
}

}  // namespace
}  // namespace ictgate

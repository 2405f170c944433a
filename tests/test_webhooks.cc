// Webhooks: the outbox is written with the event, and the dispatcher delivers
// each message at least once, signed, retrying with backoff.
#include <arpa/inet.h>
#include <netinet/in.h>

#include <atomic>
#include <mutex>
#include <thread>

#include <httplib.h>
#include <catch2/catch.hpp>

#include "app/webhooks.h"
#include "common/sha256.h"
#include "service_fixture.h"

namespace ictgate {
namespace {

using namespace testing;
using engine::EventType;
using nlohmann::json;

// A local receiver that answers 500 to the first `failures` requests.
class Receiver {
 public:
  explicit Receiver(int failures) : failures_(failures) {
    server_.Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mutex_);
      requests_.push_back(req);
      res.status = static_cast<int>(requests_.size()) <= failures_ ? 500 : 204;
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~Receiver() {
    server_.stop();
    thread_.join();
  }
  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
  std::vector<httplib::Request> Requests() {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }

 private:
  int failures_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<httplib::Request> requests_;
};

// The receivers here listen on loopback, which the operator must allow.
app::DestinationPolicy Loopback() {
  app::DestinationPolicy policy;
  policy.Allow("127.0.0.1");
  return policy;
}

struct Hooks : WithTempDir, ServiceFixture {
  Hooks() : ServiceFixture(dir.File("hooks.db")) {}
  const app::DestinationPolicy loopback = Loopback();
  int64_t Subscribe(std::vector<std::string> topics, const std::string& dept = "*",
                    const std::string& url = "http://127.0.0.1:9/hook") {
    return store.AddSubscription({0, url, "whsec_test", std::move(topics), dept, "2026-12-01"});
  }
  std::vector<std::string> Topics(int64_t subscription) {
    std::vector<std::string> topics;
    for (const auto& m : store.Messages(subscription, 100)) topics.insert(topics.begin(), m.topic);
    return topics;
  }
};

const std::vector<std::string> kAll = {"activity.submitted", "verdict.recorded",
                                       "eligibility.changed"};

TEST_CASE(
    "webhooks: messages are written with their event, for the topics and departments followed") {
  Hooks h;
  const int64_t everything = h.Subscribe(kAll);
  const int64_t verdicts = h.Subscribe({"verdict.recorded"}, "BZK");
  const int64_t ezk = h.Subscribe(kAll, "EZK");
  const std::string id = h.Approved();  // submit, accept, green verdict
  CHECK(h.Topics(everything) ==
        std::vector<std::string>{"activity.submitted", "verdict.recorded", "eligibility.changed"});
  CHECK(h.Topics(verdicts) == std::vector<std::string>{"verdict.recorded"});
  CHECK(h.Topics(ezk).empty());

  const auto message = h.store.Messages(everything, 1).front();
  const json body = json::parse(message.body);
  CHECK(body["topic"] == "eligibility.changed");
  CHECK(body["activityId"] == id);
  CHECK(body["eligibility"]["status"] == "eligible");
  CHECK(body["event"]["type"] == "record-verdict");
  CHECK(body["event"]["seq"] == message.seq);
  CHECK(body["event"]["hash"] == h.store.Head().hash);

  // A write that does not commit leaves no message either.
  const auto before = h.store.Messages(everything, 100).size();
  const auto stale =
      h.service.Execute(id, {EventType::kGrantFunding, {{"amountEur", 1}}, Finance(), "r"}, 1);
  CHECK(stale.status == app::WriteOutcome::Status::kConflict);
  CHECK(h.store.Messages(everything, 100).size() == before);
  // A deleted subscription gets nothing more.
  CHECK(h.store.DeleteSubscription(everything, "2026-12-02"));
  h.Require(id, EventType::kGrantFunding, {{"amountEur", 1}}, Finance());
  CHECK(h.store.Messages(everything, 100).size() == before);
}

TEST_CASE("webhooks: the clock's events report the eligibility that time changed") {
  Hooks h;
  const int64_t changes = h.Subscribe({"eligibility.changed"});
  const std::string id = h.Approved("orange", "2027-01-15");
  CHECK(h.Topics(changes).size() == 1);  // not_eligible -> eligible_with_conditions
  h.clock.Set(At("2027-01-20T10:00:00Z"));
  REQUIRE(h.service.RecordClockEvents() == 1);
  const auto latest = h.store.Messages(changes, 1).front();
  const json body = json::parse(latest.body);
  CHECK(body["event"]["type"] == "condition-overdue");
  CHECK(body["eligibility"]["status"] == "not_eligible");
  CHECK(body["eligibility"]["reasons"] == json{"CONDITIONS_OVERDUE"});
  CHECK(h.Topics(changes).size() == 2);
}

TEST_CASE("webhooks: delivery retries with backoff until a 2xx, signed, at least once") {
  Hooks h;
  Receiver receiver(2);
  const int64_t sub = h.Subscribe({"activity.submitted"}, "*", receiver.Url());
  const std::string id = h.Create();
  h.Require(id, EventType::kSubmit, json::object(), Owner());
  app::DispatchOptions options;
  options.first_backoff = std::chrono::seconds(10);
  app::WebhookDispatcher dispatcher(h.store, h.clock, h.loopback, options);

  CHECK(dispatcher.DeliverDue() == 0);  // 500
  CHECK(receiver.Requests().size() == 1);
  CHECK(dispatcher.DeliverDue() == 0);  // not due again yet
  CHECK(receiver.Requests().size() == 1);
  h.clock.Advance(std::chrono::seconds(10));
  CHECK(dispatcher.DeliverDue() == 0);  // 500 again; now it waits 20 s
  h.clock.Advance(std::chrono::seconds(10));
  CHECK(dispatcher.DeliverDue() == 0);
  CHECK(receiver.Requests().size() == 2);
  h.clock.Advance(std::chrono::seconds(10));
  CHECK(dispatcher.DeliverDue() == 1);  // 204
  h.clock.Advance(std::chrono::hours(1));
  CHECK(dispatcher.DeliverDue() == 0);  // delivered: never again

  const auto requests = receiver.Requests();
  REQUIRE(requests.size() == 3);
  const auto message = h.store.Messages(sub, 1).front();
  CHECK(message.delivered_at);
  CHECK(message.attempts == 3);
  CHECK(message.last_error.empty());
  for (const auto& r : requests) {
    CHECK(r.body == message.body);  // the same bytes every time
    CHECK(r.get_header_value("X-Ictgate-Delivery") == std::to_string(message.id));
    CHECK(r.get_header_value("X-Ictgate-Topic") == "activity.submitted");
    CHECK(r.get_header_value("X-Ictgate-Signature") ==
          "sha256=" + HmacSha256Hex("whsec_test", r.body));
    CHECK(r.get_header_value("Content-Type") == "application/json");
  }
  CHECK(json::parse(requests[0].body)["activityId"] == id);
}

TEST_CASE("webhooks: the dispatcher gives up after the last attempt and says why") {
  Hooks h;
  Receiver receiver(100);
  const int64_t sub = h.Subscribe({"activity.submitted"}, "*", receiver.Url());
  h.Require(h.Create(), EventType::kSubmit, json::object(), Owner());
  app::DispatchOptions options;
  options.max_attempts = 3;
  app::WebhookDispatcher dispatcher(h.store, h.clock, h.loopback, options);
  for (int i = 0; i < 5; ++i) {
    dispatcher.DeliverDue();
    h.clock.Advance(std::chrono::hours(1));
  }
  CHECK(receiver.Requests().size() == 3);
  const auto message = h.store.Messages(sub, 1).front();
  CHECK(message.failed_at);
  CHECK_FALSE(message.delivered_at);
  CHECK(message.last_error == "answered 500");
  CHECK(h.store.DueMessages("9999-12-31T00:00:00.000Z", 10).empty());
}

TEST_CASE("webhooks: subscriptions are validated and get a secret") {
  const app::DestinationPolicy by_default;
  const auto made = app::MakeSubscription(
      {{"url", "https://hooks.example.nl/ictgate"}, {"topics", {"verdict.recorded"}}}, kNow,
      by_default);
  REQUIRE(made.ok());
  CHECK(made.value().department == "*");
  CHECK(made.value().secret.rfind("whsec_", 0) == 0);
  CHECK(made.value().secret.size() == 6 + 64);
  for (const json& bad :
       {json{{"url", "ftp://x"}, {"topics", {"verdict.recorded"}}},
        json{{"url", "https://x/h"}, {"topics", json::array()}},
        json{{"url", "https://x/h"}, {"topics", {"everything"}}},
        json{{"url", "https://x/h"}, {"topics", {"verdict.recorded"}}, {"department", "bzk"}},
        json{{"url", "https://x/h"}, {"topics", {"verdict.recorded"}}, {"secret", "mine"}}}) {
    INFO(bad.dump());
    const auto refused = app::MakeSubscription(bad, kNow, by_default);
    REQUIRE_FALSE(refused.ok());
    CHECK_FALSE(refused.error().empty());
  }
}

// Whether `url` may be subscribed under `policy`; the refusal is checked to
// name the url member.
bool Subscribable(const std::string& url, const app::DestinationPolicy& policy) {
  const auto made =
      app::MakeSubscription({{"url", url}, {"topics", {"verdict.recorded"}}}, kNow, policy);
  if (made.ok()) return true;
  CHECK(made.error().size() == 1);
  CHECK(made.error().front().field == "url");
  return false;
}

TEST_CASE("webhooks: destinations inside the network are refused unless the operator allows them") {
  const app::DestinationPolicy by_default;
  for (const std::string url : {"http://169.254.169.254/latest/meta-data/",
                                "https://169.254.169.254/latest/meta-data/",
                                "https://127.0.0.1:8080/hook",
                                "https://10.0.0.1/",
                                "https://192.168.0.1/",
                                "https://172.16.0.1/",
                                "https://172.31.255.255/",
                                "https://100.64.0.1/",
                                "https://0.0.0.0/",
                                "https://2130706433/",
                                "https://0x7f.1/",
                                "https://127.1/",
                                "https://0177.0.0.1/",
                                "https://localhost/",
                                "https://LOCALHOST./",
                                "https://api.localhost/",
                                "https://metadata.google.internal/computeMetadata/v1/",
                                "https://metadata.goog/",
                                "https://224.0.0.1/",
                                "https://255.255.255.255/",
                                "https://[::1]/",
                                "ftp://hooks.example.nl/",
                                "https://user@hooks.example.nl/"}) {
    INFO(url);
    CHECK_FALSE(Subscribable(url, by_default));
  }
  // Public destinations over https are fine; http is not.
  CHECK(Subscribable("https://hooks.example.nl/ictgate", by_default));
  CHECK(Subscribable("https://145.21.0.10:8443/hook", by_default));
  CHECK(Subscribable("https://172.32.0.1/", by_default));  // just outside 172.16/12
  CHECK_FALSE(Subscribable("http://hooks.example.nl/ictgate", by_default));

  // An allowed host may be internal and use http; only that host.
  app::DestinationPolicy allowed;
  allowed.Allow("Hooks.Intern.minbzk.nl");
  allowed.Allow("10.0.0.7");
  CHECK(Subscribable("http://hooks.intern.minbzk.nl/ictgate", allowed));
  CHECK(Subscribable("http://10.0.0.7:9000/", allowed));
  CHECK_FALSE(Subscribable("http://10.0.0.8/", allowed));
  CHECK_FALSE(Subscribable("https://localhost/", allowed));
}

sockaddr_in6 V6(const char* text) {
  sockaddr_in6 address{};
  address.sin6_family = AF_INET6;
  REQUIRE(inet_pton(AF_INET6, text, &address.sin6_addr) == 1);
  return address;
}

TEST_CASE("webhooks: IPv6 addresses that reach inside are internal, others are not") {
  for (const char* inside :
       {"::", "::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "64:ff9b::10.0.0.1", "fc00::1",
        "fd12:3456::1", "fe80::1", "ff02::1", "2001:db8::1"}) {
    INFO(inside);
    const auto address = V6(inside);
    CHECK(app::IsInternalAddress(reinterpret_cast<const sockaddr*>(&address)));
  }
  for (const char* outside : {"2a00:1450:4001::1", "::ffff:145.21.0.10", "64:ff9b::8.8.8.8"}) {
    INFO(outside);
    const auto address = V6(outside);
    CHECK_FALSE(app::IsInternalAddress(reinterpret_cast<const sockaddr*>(&address)));
  }
}

TEST_CASE("webhooks: delivery checks the resolved address again and does not send inside") {
  // A subscription stored before the check existed, or whose host resolves
  // inside by now: the dispatcher refuses it and the receiver hears nothing.
  Hooks h;
  Receiver receiver(0);
  const std::string port = receiver.Url().substr(std::string("http://127.0.0.1:").size());
  const std::string numeric = "http://2130706433:" + port;  // 127.0.0.1, unnamed
  const int64_t sub = h.Subscribe({"activity.submitted"}, "*", numeric);
  h.Require(h.Create(), EventType::kSubmit, json::object(), Owner());
  const app::DestinationPolicy by_default;
  app::WebhookDispatcher strict(h.store, h.clock, by_default);
  CHECK(strict.DeliverDue() == 0);
  CHECK(receiver.Requests().empty());
  const auto message = h.store.Messages(sub, 1).front();
  CHECK_THAT(message.last_error,
             Catch::StartsWith("refused: 2130706433 resolves to 127.0.0.1, inside the network"));

  // Allowing the host, as written in the URL, lets it through.
  h.clock.Advance(std::chrono::hours(1));
  app::DestinationPolicy allowed;
  allowed.Allow("2130706433");
  app::WebhookDispatcher open(h.store, h.clock, allowed);
  CHECK(open.DeliverDue() == 1);
  CHECK(receiver.Requests().size() == 1);
}

TEST_CASE("webhooks: a public host name is resolved and pinned to the address checked") {
  const app::DestinationPolicy by_default;
  const auto url = app::ParseWebhookUrl("https://145.21.0.10/hook");
  REQUIRE(url);
  CHECK(url->port == 443);
  CHECK(url->path == "/hook");
  const auto to = app::ResolveDestination(*url, by_default);
  CHECK(to.refusal.empty());
  CHECK(to.address == "145.21.0.10");
  const auto inside = app::ResolveDestination(*app::ParseWebhookUrl("https://0x7f.1/"), by_default);
  CHECK(inside.address.empty());
  CHECK_THAT(inside.refusal, Catch::Contains("127.0.0.1"));
  CHECK_FALSE(app::ParseWebhookUrl("https://x:99999/"));
  CHECK_FALSE(app::ParseWebhookUrl("https://x/a b"));
}

}  // namespace
}  // namespace ictgate

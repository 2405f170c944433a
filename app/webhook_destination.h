// Where a webhook may be delivered.
//
// A subscription makes the service send requests to a URL an admin typed.
// Without a check that is a way into the operator's own network (server-side
// request forgery): the cloud metadata service at 169.254.169.254, a
// database on 10.0.0.5, the service itself on 127.0.0.1. So by default a
// destination must be https and reach a public address. A receiver inside
// the network is allowed only when the operator names its host
// (`ictgate serve --webhook-allow-host`); a named host may also use http.
//
// The check runs twice: on the URL when the subscription is made, and on
// the resolved address at every delivery, which then connects to exactly the
// address it checked. A host name that resolved to a public address when
// subscribed and to 127.0.0.1 later (DNS rebinding) is refused at delivery.
#ifndef ICTGATE_APP_WEBHOOK_DESTINATION_H_
#define ICTGATE_APP_WEBHOOK_DESTINATION_H_

#include <sys/socket.h>

#include <optional>
#include <set>
#include <string>

namespace ictgate::app {

// The parts of an http(s) URL that a delivery needs. Hosts are names or
// IPv4 literals of [A-Za-z0-9.-]; IPv6 literals and user info are refused.
struct WebhookUrl {
  std::string scheme;  // "http" or "https"
  std::string host;    // lowercased
  int port = 0;        // explicit or the scheme's default
  std::string path;    // "/" when absent
};
std::optional<WebhookUrl> ParseWebhookUrl(const std::string& url);

// The hosts, as written in URLs, that may be internal and may use http.
class DestinationPolicy {
 public:
  // Allows `host` (a name or a literal; case does not matter).
  void Allow(const std::string& host);
  // `host` as ParseWebhookUrl gives it (lowercased).
  bool Allows(const std::string& host) const { return allowed_hosts_.count(host) > 0; }

 private:
  std::set<std::string> allowed_hosts_;
};

// True for an address the service must not send to unless allowed:
// unspecified, loopback, private (RFC 1918, IPv6 ULA), carrier-grade NAT,
// link-local (where cloud metadata lives), multicast, reserved, and IPv6
// forms that embed such an IPv4 address (mapped, NAT64).
bool IsInternalAddress(const sockaddr* address);

// Why `url` may not be subscribed under `policy`, or nothing. Checks the
// scheme, and the host when it is an IPv4 literal in any of the forms
// inet_aton accepts ("2130706433", "0x7f.1", "127.1") or a name that is
// internal by definition ("localhost", "metadata.google.internal").
std::optional<std::string> RefuseDestination(const std::string& url,
                                             const DestinationPolicy& policy);

// The address a delivery to `url` connects to, after resolving its host and
// checking every address it resolves to; or why not.
struct ResolvedDestination {
  std::string address;  // numeric; empty when refused
  std::string refusal;
};
ResolvedDestination ResolveDestination(const WebhookUrl& url, const DestinationPolicy& policy);

}  // namespace ictgate::app

#endif  // ICTGATE_APP_WEBHOOK_DESTINATION_H_

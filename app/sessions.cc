#include "app/sessions.h"

#include <algorithm>

#include "app/tokens.h"

namespace ictgate::app {

Session Sessions::Open(const engine::Actor& actor, const std::string& token,
                       const std::string& method, const std::string& id_token) {
  const engine::Instant now = clock_.Now();
  Session session{RandomSecret("igs_"), RandomSecret(""), actor, token, method, id_token, now, now};
  Kept kept{session, now};
  kept.session.id.clear();  // only the hash is kept
  session.expires_at = Deadline(kept);
  kept.session.expires_at = session.expires_at;
  std::lock_guard lock(mutex_);
  if (sessions_.size() >= options_.max_sessions) EvictOldest();
  sessions_.emplace(TokenHash(session.id), std::move(kept));
  return session;
}

std::optional<Session> Sessions::Find(const std::string& id) {
  const engine::Instant now = clock_.Now();
  std::lock_guard lock(mutex_);
  const auto it = sessions_.find(TokenHash(id));
  if (it == sessions_.end()) return std::nullopt;
  if (now >= Deadline(it->second)) {
    sessions_.erase(it);
    return std::nullopt;
  }
  it->second.last_used = now;
  it->second.session.expires_at = Deadline(it->second);
  Session found = it->second.session;
  found.id = id;
  return found;
}

bool Sessions::Close(const std::string& id) {
  std::lock_guard lock(mutex_);
  return sessions_.erase(TokenHash(id)) > 0;
}

size_t Sessions::Count() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

engine::Instant Sessions::Deadline(const Kept& kept) const {
  return std::min(kept.last_used + options_.idle_timeout,
                  kept.session.signed_in_at + options_.max_age);
}

// Ends the session used longest ago, expired or not: a flood of sign-ins
// costs the oldest idle person a new sign-in, never the service its memory.
// Linear, and only ever run at the cap.
void Sessions::EvictOldest() {
  const auto oldest = std::min_element(sessions_.begin(), sessions_.end(), [](auto& a, auto& b) {
    return a.second.last_used < b.second.last_used;
  });
  if (oldest != sessions_.end()) sessions_.erase(oldest);
}

size_t Sessions::CloseAllOf(const std::string& name) {
  std::lock_guard<std::mutex> lock(mutex_);
  size_t closed = 0;
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    const bool theirs = it->second.session.actor.name == name;
    closed += theirs;
    it = theirs ? sessions_.erase(it) : std::next(it);
  }
  return closed;
}

}  // namespace ictgate::app

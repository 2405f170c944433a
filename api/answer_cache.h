// Rendered answers to the two most frequent reads, an activity's gate view
// and its eligibility now, kept per activity version.
//
// Why: with the record and the gate judgement kept (store/activity_cache.h,
// app::Service), a read still copied the record, built the view and its
// JSON, and serialised it: about two thirds of a read's time in ictgate's
// own code. An answer depends only on the activity at its version, on the
// pack it is judged under, on the caller (the gate's actions: role and
// department) and on the instant, and on the instant only through the
// deadlines the engine names (engine::GateChangesAt, NextDeadline). So an
// answer rendered once is sent again, as text, while the activity is at the
// same version, the pack is the same and the instant is before `until`.
//
//   AnswerCache answers(4096);
//   const auto version = service.VersionOf(id);         // one indexed lookup
//   if (auto kept = answers.Find(key, *version, now, pack_in_force)) ... send kept->Text(now)
//   ... else render, and answers.Put(key, rendered_version, answer)
//
// Contract:
// - Thread-safe (VersionedCache's contract, common/versioned_cache.h).
// - Find answers only an answer put for exactly `version`, whose `until` is
//   after `now`, and whose pack is `pack_in_force` unless the activity is
//   pinned to its pack or the answer names none. Whether the caller may see
//   it (its department) is the caller's check.
#ifndef ICTGATE_API_ANSWER_CACHE_H_
#define ICTGATE_API_ANSWER_CACHE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "common/versioned_cache.h"
#include "engine/time.h"

namespace ictgate::api {

struct KeptAnswer {
  // The body: the text before the answer's instant and after it. An answer
  // that names no instant (the gate view) has it all in `head`.
  std::string head;
  std::optional<std::string> tail;
  std::string department;  // the activity's: who may see the answer
  // The content hash of the pack it was judged under; empty when the
  // answer does not depend on the pack in force (eligibility).
  std::string pack_hash;
  bool pinned = false;                   // the activity is pinned to that pack
  std::optional<engine::Instant> until;  // holds before it; nullopt: until the next event

  // The body as sent at `now`.
  std::string Text(engine::Instant now) const;
};

// `text` as a KeptAnswer whose instant, rendered as `"at":"<at>"` in it, is
// filled in at each send. Throws std::logic_error when `text` has no such
// member.
KeptAnswer WithInstant(const std::string& text, engine::Instant at);

class AnswerCache {
 public:
  explicit AnswerCache(size_t capacity) : answers_(capacity) {}

  std::shared_ptr<const KeptAnswer> Find(const std::string& key, int64_t version,
                                         engine::Instant now, const std::string& pack_in_force);
  void Put(const std::string& key, int64_t version, KeptAnswer answer);

 private:
  VersionedCache<KeptAnswer> answers_;
};

}  // namespace ictgate::api

#endif  // ICTGATE_API_ANSWER_CACHE_H_

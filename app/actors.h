// People in the record (docs/spec.md section 6): pseudonyms in, names out.
//
// The chain never holds a name. A command's actor is given a pseudonym
// before it is decided (Pseudonymous), so every event, record and stored
// answer names "actor-<32 hex>"; a name is kept only in the store's actors
// table. Whatever is shown to a person turns the pseudonyms back into names
// (ResolveJsonText, ResolveNames), or into kErasedActor once the name was
// erased. Erasure therefore leaves the chain, the replay and every as-of
// answer exactly as they were, and only the name is gone.
#ifndef ICTGATE_APP_ACTORS_H_
#define ICTGATE_APP_ACTORS_H_

#include <optional>
#include <string>
#include <vector>

#include "app/policy_registry.h"
#include "engine/lifecycle.h"
#include "engine/time.h"
#include "store/store.h"

namespace ictgate::app {

using ActorErasure = store::ActorErasure;
using RecordEntry = store::RecordEntry;

// What an event of an erased person reads as; in a Dutch document.
inline constexpr char kErasedActor[] = "erased actor";
inline constexpr char kErasedActorDutch[] = "verwijderde persoon";

class Actors {
 public:
  explicit Actors(store::Store& store) : store_(store) {}

  // `actor` with its name replaced by its pseudonym (made on first use); the
  // system's own actor keeps its name.
  engine::Actor Pseudonymous(engine::Actor actor);

  // `json` (a JSON text) with every string that is a pseudonym replaced by
  // the JSON string of its name, or of kErasedActor. Costs one scan when the
  // text holds none.
  std::string ResolveJsonText(std::string json) const;
  // The events with their actors' names in place of pseudonyms (for the
  // documents printed from a log), an erased one as `erased`.
  void ResolveNames(std::vector<store::ChainedEvent>& log, const char* erased = kErasedActor) const;

  // Erases `name` (store::Store::EraseActor) at `at`; nullopt when nobody of
  // that name ever acted.
  std::optional<store::ActorErasure> Erase(const std::string& name, engine::Instant at);

 private:
  store::Store& store_;
};

// When the store's chain still names people (a database from before
// pseudonyms, or an import of its export): checks the chain, gives every
// name a pseudonym, re-chains the entries and replays every activity, and
// has the store replace them (store::Store::ReplaceNamedActors), which
// records the old head and the new one. nullopt when there was nothing to
// do. Throws std::runtime_error, changing nothing, when the chain or a
// replay does not verify.
std::optional<store::RecordEntry> PseudonymiseNamedActors(store::Store& store,
                                                          const PolicyRegistry& packs,
                                                          engine::Instant now);

}  // namespace ictgate::app

#endif  // ICTGATE_APP_ACTORS_H_

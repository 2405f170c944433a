// Linked activities (docs/spec.md section 2): the threshold applies to an
// activity's ICT cost plus the costs of the activities linked to it.
//
// Links are symmetric, and an activity linked to B, which is linked to C,
// belongs with both to one *group*: an effort split into parts A-B-C is gated
// as a whole, however the parts were linked. An activity's linked cost is the
// ICT cost of the rest of its group. Closed and cancelled members stay in
// their group and their cost still counts (the money was planned), but they
// receive no further events: their record keeps the linked cost it had when
// they ended.
//
// Links live in the activities' records and change only through events: the
// shell gathers the groups a change touches, and these functions work out
// which members must record a `link-change` event and with what payload. Each
// member's event is then decided like any other (lifecycle.h), so an exempt
// member that its group now gates moves to reassessment_required.
#ifndef ICTGATE_ENGINE_LINKS_H_
#define ICTGATE_ENGINE_LINKS_H_

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/activity.h"
#include "engine/lifecycle.h"

namespace ictgate::engine {

// The most activities one group may hold. A link that would make a larger
// group is refused; it keeps every group change one bounded transaction.
inline constexpr size_t kMaxGroupSize = 100;

// The ids of the group of `id` within `members`, sorted.
std::vector<std::string> GroupOf(const std::vector<Activity>& members, const std::string& id);

// The linked cost of every member, keyed by id. `members` must hold whole
// groups: every activity a member links to is itself a member.
std::map<std::string, int64_t> LinkedCosts(const std::vector<Activity>& members);

// `members` with the link between `a` and `b` made (link) or removed.
std::vector<Activity> WithLink(std::vector<Activity> members, const std::string& a,
                               const std::string& b, bool link);

// Why `actor` may not link (or unlink) `a` and `b`, whose groups together
// hold `combined_size` activities; nullopt when the change may proceed. The
// state checks are the machine's: each member's event is decided after.
std::optional<Refusal> CheckLink(const Activity& a, const Activity& b, bool link,
                                 size_t combined_size, const Actor& actor);

// One member's share of a group change.
struct MemberCommand {
  const Activity* member;  // points into the `before` members
  Command command;
};

// The link-change commands a group change requires: one for every member of
// `before` that is not closed or cancelled and whose links or linked cost
// differ in `after` (the same members, changed). `op` is "link", "unlink" or
// "cost-change"; `activities` names the link's two ends or the activity whose
// cost changed. Those named activities act as `actor`; the others, which
// nobody asked to change, as the system.
std::vector<MemberCommand> GroupCommands(const std::vector<Activity>& before,
                                         const std::vector<Activity>& after, const std::string& op,
                                         const std::vector<std::string>& activities,
                                         const Actor& actor, const std::string& request_id);

}  // namespace ictgate::engine

#endif  // ICTGATE_ENGINE_LINKS_H_

// Who may cause which event (docs/spec.md sections 1 and 3), and who may act on
// which department's activities. Pure data; the engine consults it before the
// state machine so that a refusal for role comes before one for state.
#ifndef ICTGATE_ENGINE_PERMISSIONS_H_
#define ICTGATE_ENGINE_PERMISSIONS_H_

#include <string_view>
#include <vector>

#include "engine/event.h"

namespace ictgate::engine {

// The roles allowed to cause `type` (create: owner).
const std::vector<Role>& RolesFor(EventType type);
bool MayPerform(const Actor& actor, EventType type);

// A department code: 2 to 10 capital letters ("BZK", "EZK").
bool IsDepartmentCode(std::string_view code);

// True when the actor's department is "*" or equals `department`. Roles not
// bound to a department (admin, auditor, system) always act on "*".
bool CoversDepartment(const Actor& actor, std::string_view department);

}  // namespace ictgate::engine

#endif  // ICTGATE_ENGINE_PERMISSIONS_H_

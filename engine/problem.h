// The one shape of "something is wrong" in ictgate: a command's input, a
// dossier, an assessment, a policy pack or a webhook subscription. The HTTP
// API turns a list of them into a problem answer's invalidParams.
#ifndef ICTGATE_ENGINE_PROBLEM_H_
#define ICTGATE_ENGINE_PROBLEM_H_

#include <string>

namespace ictgate::engine {

// One thing wrong. `field` names where: a payload member ("reason",
// "conditions/0/dueDate") or, in a policy pack, a JSON Pointer
// ("/criteria/3/check"). It is empty when the problem is not the input's but
// the activity's (an overdue condition blocking funding) or the whole
// document's.
struct Problem {
  std::string field;
  std::string message;
};

}  // namespace ictgate::engine

#endif  // ICTGATE_ENGINE_PROBLEM_H_

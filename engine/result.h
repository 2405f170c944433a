// The one "either" of ictgate: a value, or why there is none. Every
// operation that can refuse its input returns a Result (a decision, a replay,
// a parsed policy pack, a request body, a webhook subscription), so callers
// test and read them all the same way and no refusal travels as an exception.
#ifndef ICTGATE_ENGINE_RESULT_H_
#define ICTGATE_ENGINE_RESULT_H_

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "engine/problem.h"

namespace ictgate::engine {

// Holds exactly one of a T (ok) or an Error. The Error defaults to the list
// of Problems that the API turns into invalidParams; a decision's Error is a
// Refusal, which carries its Problems with its kind. T and Error must be
// different types. Reading the side that is not held is a programming error
// (std::bad_variant_access).
template <typename T, typename Error = std::vector<Problem>>
class [[nodiscard]] Result {
 public:
  Result(T value) : held_(std::in_place_index<0>, std::move(value)) {}
  Result(Error error) : held_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const { return held_.index() == 0; }

  const T& value() const& { return std::get<0>(held_); }
  T& value() & { return std::get<0>(held_); }
  // From a temporary the value is moved out (returned by value, so that
  // `for (auto& x : Make().value())` does not dangle).
  T value() && { return std::get<0>(std::move(held_)); }

  const Error& error() const& { return std::get<1>(held_); }
  Error error() && { return std::get<1>(std::move(held_)); }

 private:
  std::variant<T, Error> held_;
};

// The Error of a Result that fails for one reason.
inline std::vector<Problem> OneProblem(std::string field, std::string message) {
  return {Problem{std::move(field), std::move(message)}};
}

}  // namespace ictgate::engine

#endif  // ICTGATE_ENGINE_RESULT_H_

// Problem answers in the caller's language: English, or Dutch when the
// request's Accept-Language prefers it (RFC 9110 §12.5.4). The problem's
// `type` and `status` never change with the language; `title` and `detail`
// do, and the answer says which it is in (Content-Language).
//
// The messages are written in English where they arise (engine, store, app,
// api), and this catalogue gives each its Dutch form, matched on the whole
// message with its variable parts (ids, states, fields) carried over. A
// message the catalogue does not know keeps its English detail, under a
// Dutch title, and is logged once so that the catalogue can catch up.
#ifndef ICTGATE_API_PROBLEM_LANGUAGE_H_
#define ICTGATE_API_PROBLEM_LANGUAGE_H_

#include <optional>
#include <string>
#include <string_view>

#include <httplib.h>

namespace ictgate::api {

// "nl" when `accept_language` ranks Dutch (nl, nl-NL, ...) above English and
// above "*", with q-values; "en" otherwise, and when absent.
std::string PreferredLanguage(std::string_view accept_language);

// The Dutch title of `status` ("Niet gevonden").
const char* DutchStatusTitle(int status);

// The Dutch form of an API message, or nullopt when the catalogue has none.
std::optional<std::string> DutchDetail(const std::string& detail);

// Says `res` is in `language` ("nl", "en"): Content-Language, and
// Accept-Language added to Vary (once, beside what Vary already names).
void SetContentLanguage(httplib::Response& res, const std::string& language);

// Puts the problem answer in `res` (if it is one) in the language `req`
// prefers: its title, its detail, and the reason of each invalidParams and
// blockedBy entry (their names stay). Sets Content-Language on it. Leaves
// other answers alone.
void LocaliseProblem(const httplib::Request& req, httplib::Response& res);

}  // namespace ictgate::api

#endif  // ICTGATE_API_PROBLEM_LANGUAGE_H_

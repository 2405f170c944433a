// /public/records and /public/records.atom: the parts of the record its
// pack marks public (engine/publication.h), for anyone, without a token:
// the active publication of the Wet open overheid, as JSON and as an Atom
// feed per department. Nothing else is read into them.
#include <algorithm>
#include <map>
#include <string>

#include "api/routes.h"
#include "common/html.h"
#include "engine/permissions.h"

namespace ictgate::api {
namespace {

using nlohmann::json;

// ?department=: a department code, or absent for all. Anything else is a
// 400, before any record is read.
std::optional<std::string> PublicDepartment(Exchange& x) {
  const std::string department = x.req.get_param_value("department");
  if (!department.empty() && !engine::IsDepartmentCode(department)) {
    SendInvalid(x, "department must be 2 to 10 capital letters", "department",
                "is not a department code");
    return std::nullopt;
  }
  return department;
}

// Atom is XML: the four entities HtmlEscape writes are XML's too.
std::string Xml(const std::string& text) {
  return HtmlEscape(text);
}

// One record as the text of its Atom entry, in Dutch: what was published.
std::string EntryText(const json& r) {
  std::string text;
  if (r.contains("verdictSummary")) {
    const json& v = r["verdictSummary"];
    static const std::map<std::string, std::string> kColours = {
        {"green", "groen"}, {"orange", "oranje"}, {"red", "rood"}};
    const auto colour = kColours.find(v.value("recorded", ""));
    text += "CIO-oordeel: " + (colour == kColours.end() ? std::string() : colour->second) + " (" +
            v.value("at", "") + ", geldig tot " + v.value("validUntil", "") + ", " +
            std::to_string(v.value("conditions", 0)) + " voorwaarden). ";
  }
  for (const auto& [part, label] : {std::pair{"acictAdvice", "Advies AcICT"},
                                    std::pair{"acictReaction", "Bestuurlijke reactie"},
                                    std::pair{"acictNaschrift", "Naschrift AcICT"}}) {
    if (!r.contains(part)) continue;
    const json& d = r[part]["document"];
    text += std::string(label) + ": " + d.value("title", "") + " (SHA-256 " +
            d.value("sha256", "") + "). ";
  }
  return text;
}

// The feed is as new as its newest entry (instants in one form order as
// text), or `now` when it has none.
std::string Atom(const std::vector<json>& records, const std::string& department,
                 engine::Instant now) {
  std::string updated;
  for (const json& r : records) updated = std::max(updated, r.value("updated", ""));
  if (updated.empty()) updated = engine::FormatInstant(now);
  const std::string scope = department.empty() ? "alle departementen" : department;
  std::string feed =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" "
      "xml:lang=\"nl\">\n<id>urn:ictgate:public:" +
      Xml(department.empty() ? "all" : department) +
      "</id>\n<title>ictgate: openbare gegevens grote ICT-activiteiten (" + Xml(scope) +
      ")</title>\n<author><name>ictgate</name></author>\n<updated>" + updated + "</updated>\n";
  for (const json& r : records) {
    const std::string id = r.value("activityId", "");
    feed += "<entry>\n<id>urn:ictgate:activity:" + Xml(id) + "</id>\n<title>" + Xml(id) + ": " +
            Xml(r.value("title", "")) + "</title>\n<updated>" + Xml(r.value("updated", "")) +
            "</updated>\n<category term=\"" + Xml(r.value("department", "")) +
            "\"/>\n<content type=\"text\">" + Xml(EntryText(r)) + "</content>\n</entry>\n";
  }
  return feed + "</feed>\n";
}

void Records(app::Service& service, LowPriorityLane& low_priority, Exchange& x, bool atom) {
  const auto department = PublicDepartment(x);
  if (!department) return;
  std::vector<json> records;
  low_priority.Run([&] { records = service.PublicRecords(*department); });
  if (atom) {
    x.res.set_content(Atom(records, *department, service.clock().Now()),
                      "application/atom+xml; charset=utf-8");
    return;
  }
  SendJson(x,
           {{"department", department->empty() ? json() : json(*department)}, {"items", records}});
}

}  // namespace

std::vector<Route> PublicRoutes(app::Application& app, LowPriorityLane& low_priority) {
  app::Service& service = app.service();
  return {{"GET", "/public/records", kPublic, Body::kNone,
           [&service, &low_priority](Exchange& x) { Records(service, low_priority, x, false); }},
          {"GET", "/public/records.atom", kPublic, Body::kNone,
           [&service, &low_priority](Exchange& x) { Records(service, low_priority, x, true); }}};
}

}  // namespace ictgate::api

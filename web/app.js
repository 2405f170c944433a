// ictgate dashboard: a thin client of /api/v1. The token the user pastes is
// kept in this tab (sessionStorage) and sent as a bearer token; everything
// shown comes from the API, so the dashboard can show nothing the role may
// not see. Pages: #/ (portfolio), #/activities/ID, #/intake (CIO's queue).
"use strict";

const API = "/api/v1";
const STATES = ["draft", "submitted", "exempt", "in_assessment", "approved",
  "conditionally_approved", "rejected", "in_execution", "reassessment_required",
  "expired", "closed", "cancelled"];
const ELIGIBILITY = ["not_gated", "eligible", "eligible_with_conditions",
  "eligible_by_override", "not_eligible"];

const main = () => document.getElementById("main");
const token = () => sessionStorage.getItem("ictgate-token") || "";

// Builds an element: el("td", {class: "x"}, "text", child, ...).
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== undefined && v !== null) node.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    node.append(c instanceof Node ? c : document.createTextNode(String(c ?? "")));
  }
  return node;
}

async function api(path) {
  const res = await fetch(API + path, {headers: {Authorization: "Bearer " + token()}});
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.detail || body.title || "HTTP " + res.status);
  return body;
}

// Every page of a list resource.
async function all(path) {
  const items = [];
  let cursor = "";
  do {
    const sep = path.includes("?") ? "&" : "?";
    const page = await api(path + sep + "limit=500" + (cursor ? "&cursor=" + encodeURIComponent(cursor) : ""));
    items.push(...page.items);
    cursor = page.nextCursor || "";
  } while (cursor);
  return items;
}

// The traffic light: colour and the verdict written out, never colour alone.
function light(verdict) {
  const colour = verdict ? verdict.recorded : "none";
  const text = verdict ? colour + (verdict.overridden ? " (overruled by the SG)" : "") : "no verdict";
  return el("span", {class: "light " + colour}, text);
}

// Bumped on every navigation: a page whose answers arrive after the user
// moved on is dropped instead of replacing the newer one.
let navigation = 0;

function show(title, ...content) {
  const m = main();
  m.replaceChildren(el("h1", {}, title), ...content);
  document.title = title + " - ictgate";
  document.getElementById("status").textContent = title + " loaded";
  m.focus();
}

function fail(error) {
  show("Something went wrong", el("p", {class: "error", role: "alert"}, error.message));
}

function select(name, label, values, chosen) {
  return el("label", {}, label,
    el("select", {name, id: "filter-" + name},
      el("option", {value: ""}, "all"),
      values.map((v) => {
        const o = el("option", {value: v}, v.replaceAll("_", " "));
        if (v === chosen) o.selected = true;
        return o;
      })));
}

async function portfolio(params, current) {
  const query = new URLSearchParams();
  for (const k of ["department", "state", "eligibility"]) if (params.get(k)) query.set(k, params.get(k));
  const [items, eligibility] = await Promise.all([
    all("/activities" + (query.toString() ? "?" + query : "")),
    all("/eligibility" + (params.get("department") ? "?department=" + encodeURIComponent(params.get("department")) : "")),
  ]);
  const status = new Map(eligibility.map((e) => [e.activityId, e]));
  const filters = el("form", {class: "filters", id: "filters", "aria-label": "Filter activities"},
    el("label", {}, "Department",
      el("input", {name: "department", id: "filter-department", value: params.get("department") || "",
        size: 8, autocomplete: "off"})),
    select("state", "State", STATES, params.get("state")),
    select("eligibility", "Eligibility", ELIGIBILITY, params.get("eligibility")),
    el("button", {type: "submit"}, "Filter"));
  filters.addEventListener("submit", (e) => {
    e.preventDefault();
    const q = new URLSearchParams();
    for (const [k, v] of new FormData(filters)) if (v) q.set(k, v);
    location.hash = "#/" + (q.toString() ? "?" + q : "");
  });
  const rows = items.map((a) => {
    const e = status.get(a.id);
    return el("tr", {},
      el("td", {}, el("a", {href: "#/activities/" + a.id}, a.id)),
      el("td", {}, a.title),
      el("td", {}, a.department),
      el("td", {}, a.state.replaceAll("_", " ")),
      el("td", {}, light(a.verdict)),
      el("td", {}, e ? e.status.replaceAll("_", " ") : ""),
      el("td", {class: "num"}, new Intl.NumberFormat("nl-NL").format(a.ictCostEur)));
  });
  if (!current()) return;
  show("Portfolio", filters,
    el("table", {id: "portfolio"},
      el("caption", {}, items.length + " activities"),
      el("thead", {}, el("tr", {}, ["Id", "Title", "Department", "State", "Verdict",
        "Eligibility", "ICT cost (EUR)"].map((h) => el("th", {scope: "col"}, h)))),
      el("tbody", {}, rows)));
}

async function activity(id, current) {
  const enc = encodeURIComponent(id);
  const [a, gate, events, eligibility] = await Promise.all([
    api("/activities/" + enc), api("/activities/" + enc + "/gate"),
    api("/activities/" + enc + "/events"), api("/activities/" + enc + "/eligibility")]);
  const failed = gate.unmetCriteria;
  if (!current()) return;
  show(a.id + ": " + a.title,
    el("dl", {class: "facts"},
      el("dt", {}, "State"), el("dd", {}, a.state.replaceAll("_", " ") + " (gate " + a.gate + ")"),
      el("dt", {}, "Verdict"), el("dd", {}, light(a.verdict)),
      el("dt", {}, "Eligibility"), el("dd", {id: "eligibility"},
        eligibility.status.replaceAll("_", " ") +
        (eligibility.reasons.length ? ": " + eligibility.reasons.join(", ") : "")),
      el("dt", {}, "ICT cost"), el("dd", {}, "EUR " + new Intl.NumberFormat("nl-NL").format(a.ictCostEur) +
        (a.linkedCostEur ? " (linked: EUR " + new Intl.NumberFormat("nl-NL").format(a.linkedCostEur) + ")" : "")),
      el("dt", {}, "What blocks progress"),
      el("dd", {}, gate.blockers.length ? gate.blockers.map((b) => b.message).join("; ") : "nothing")),
    el("h2", {}, "Criteria not met"),
    failed.length
      ? el("table", {id: "criteria"},
        el("caption", {}, failed.length + " criteria"),
        el("thead", {}, el("tr", {}, ["Criterion", "Result", "Kind", "Recommendation"]
          .map((h) => el("th", {scope: "col"}, h)))),
        el("tbody", {}, failed.map((c) => el("tr", {},
          el("td", {}, c.title + " (" + c.id + ")"), el("td", {}, c.result.replaceAll("_", " ")),
          el("td", {}, c.kind.replaceAll("_", " ")), el("td", {}, c.recommendation || "")))))
      : el("p", {}, "Every criterion is met or does not apply."),
    el("h2", {}, "Open conditions"),
    gate.openConditions.length
      ? el("ul", {id: "conditions"}, gate.openConditions.map((c) =>
        el("li", {}, c.id + ": " + c.text + ", due " + c.dueDate + (c.overdue ? " (OVERDUE)" : ""))))
      : el("p", {}, "No open conditions."),
    el("h2", {}, "Gate timeline"),
    el("ol", {class: "timeline", id: "timeline"}, events.items.map((e) =>
      el("li", {}, el("time", {datetime: e.at}, e.at.replace("T", " ").slice(0, 16)), " ",
        e.type + " by " + e.actor.name + " (" + e.actor.role + "): " +
        e.from.replaceAll("_", " ") + " \u2192 " + e.to.replaceAll("_", " ")))));
}

async function intake(current) {
  const items = await all("/activities?state=submitted");
  if (!current()) return;
  show("Intake queue",
    el("p", {}, "Submitted activities waiting for the CIO to accept or return the intake."),
    el("table", {id: "intake"},
      el("caption", {}, items.length + " waiting"),
      el("thead", {}, el("tr", {}, ["Id", "Title", "Department", "Submitted", "ICT cost (EUR)"]
        .map((h) => el("th", {scope: "col"}, h)))),
      el("tbody", {}, items.map((a) => el("tr", {},
        el("td", {}, el("a", {href: "#/activities/" + a.id}, a.id)), el("td", {}, a.title),
        el("td", {}, a.department), el("td", {}, a.updatedAt.slice(0, 10)),
        el("td", {}, new Intl.NumberFormat("nl-NL").format(a.ictCostEur)))))));
}

async function route() {
  if (!token()) return;
  const mine = ++navigation;
  const current = () => mine === navigation;
  const [path, query] = (location.hash.slice(1) || "/").split("?");
  const params = new URLSearchParams(query || "");
  try {
    if (path.startsWith("/activities/")) return await activity(decodeURIComponent(path.slice(12)), current);
    if (path === "/intake") return await intake(current);
    return await portfolio(params, current);
  } catch (e) {
    if (current()) fail(e);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("token-form");
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    sessionStorage.setItem("ictgate-token", document.getElementById("token").value.trim());
    document.getElementById("token").value = "";
    route();
  });
  window.addEventListener("hashchange", route);
  route();
});

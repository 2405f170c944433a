// ictgate dashboard: every role's work in the browser, through the same API
// and its rules. The person signs in once (POST /api/v1/session); the
// browser then holds only an HttpOnly session cookie, and every write echoes
// the session's CSRF secret. The page shows only what the API answers, and
// offers only the actions the gate view says this person may take now; a
// refusal is shown in words, with the server's reasons.
//
// Pages (the part after #): /sign-in, / (activities), /activities/ID,
// /new (owner), /intake (CIO office), /funding (FEZ), /audit (auditor).
// Words and formats come from i18n.js.
"use strict";

const API = "/api/v1";
const STATES = ["draft", "submitted", "exempt", "in_assessment", "approved",
  "conditionally_approved", "rejected", "in_execution", "reassessment_required",
  "expired", "closed", "cancelled"];
const STATUSES = ["not_gated", "eligible", "eligible_with_conditions",
  "eligible_by_override", "eligible_despite_red", "not_eligible"];
const CHANGE_REASONS = ["legislation", "parliament-request", "changed-goals-or-scope",
  "implementation-complexity", "internal-scope-change", "setbacks", "external-advice",
  "price-development"];
const POSITIONS = ["adopted", "partly_adopted", "not_adopted"];
const FOLLOW_UPS = ["planned", "in_progress", "implemented", "not_implemented"];

// The signed-in person (GET /session), or null.
let me = null;

// ---------------------------------------------------------------- the API

// A refused call: the HTTP status and the problem the API answered.
class Refused extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || "HTTP " + status);
    this.status = status;
    this.problem = problem;
  }
}

// `body` is JSON, or a file (a Blob), sent as its bytes with its own type:
// the service reads the type from the bytes and refuses a file that is not
// what it says.
async function call(method, path, body, extraHeaders = {}) {
  const headers = {"Accept-Language": lang(), ...extraHeaders};
  const file = body instanceof Blob;
  if (body !== undefined) headers["Content-Type"] = file ? body.type || "application/octet-stream" : "application/json";
  if (method !== "GET" && me && me.csrfToken) headers["X-CSRF-Token"] = me.csrfToken;
  const res = await fetch(API + path, {method, headers, credentials: "same-origin",
    body: body === undefined || file ? body : JSON.stringify(body)});
  if (res.status === 204) return null;
  // An erased person reads as "erased actor" in every answer: in the
  // page's language here.
  const data = await res.text().then((text) => JSON.parse(text,
    (key, value) => value === "erased actor" ? t("actor.erased") : value)).catch(() => ({}));
  if (!res.ok) throw new Refused(res.status, data);
  return data;
}
const get = (path) => call("GET", path);

// Every page of a list resource.
async function all(path) {
  const items = [];
  let cursor = "";
  do {
    const sep = path.includes("?") ? "&" : "?";
    const page = await get(path + sep + "limit=500" + (cursor ? "&cursor=" + encodeURIComponent(cursor) : ""));
    items.push(...page.items);
    cursor = page.nextCursor || "";
  } while (cursor);
  return items;
}

// Policy packs by language, id and version, fetched once: their areas,
// criteria and dossier fields (with their texts in the page's language)
// label what the record holds.
const packCache = new Map();
async function packOf(ref) {
  if (!ref) {
    const list = await get("/policy-packs");
    ref = list.items.find((p) => p.active) || list.items[list.items.length - 1];
  }
  const key = lang() + " " + ref.id + " " + ref.version;
  if (!packCache.has(key)) {
    packCache.set(key, get("/policy-packs/" + encodeURIComponent(ref.id) + "/versions/" +
      encodeURIComponent(ref.version)));
  }
  return packCache.get(key);
}

// The dossier fields a JSON Logic rule reads ({"var": "name"}).
function fieldsRead(rule, out = new Set()) {
  if (Array.isArray(rule)) rule.forEach((r) => fieldsRead(r, out));
  else if (rule && typeof rule === "object") {
    for (const [op, arg] of Object.entries(rule)) {
      if (op === "var") {
        const name = Array.isArray(arg) ? arg[0] : arg;
        if (typeof name === "string" && name) out.add(name.split(".")[0]);
      } else fieldsRead(arg, out);
    }
  }
  return out;
}

// ---------------------------------------------------------------- building pages

// el("td", {class: "x"}, "text", child, ...). Attributes with value
// undefined, null or false are left out; true sets an empty attribute.
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function table(id, caption, headers, rows) {
  return el("div", {class: "table-scroll"},
    el("table", {id},
      el("caption", {}, caption),
      el("thead", {}, el("tr", {}, headers.map((h) => el("th", {scope: "col"}, h)))),
      el("tbody", {}, rows)));
}

function facts(pairs) {
  return el("dl", {class: "facts"}, pairs.filter(Boolean).map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
}

function section(id, title, ...content) {
  return el("section", {id, "aria-labelledby": id + "-h"}, el("h2", {id: id + "-h"}, title), ...content);
}

// The traffic light: the colour written out, never colour alone.
function light(colour, overridden) {
  const name = t("colour." + (colour || "none"));
  return el("span", {class: "light " + (colour || "none")}, overridden ? t("colour.overruled", name) : name);
}

const stateName = (s) => t("state." + s);
const roleName = (r) => t("role." + r);
const who = (actor) => actor.name + " (" + roleName(actor.role) + (actor.department && actor.department !== "*"
  ? ", " + actor.department : "") + ")";

// Bumped on every navigation: a page whose answers arrive after the person
// moved on is dropped instead of replacing the newer one.
let navigation = 0;

// Replaces `node`'s children with `children`, flattened, leaving out the
// null, undefined and false of parts a page shows only sometimes
// (replaceChildren would show them as text).
function fill(node, ...children) {
  node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
}

function show(title, ...content) {
  const m = document.getElementById("main");
  fill(m, el("h1", {}, title), ...content);
  document.title = title + " – ictgate";
  announce(t("loaded", title));
  // After a navigation the keyboard continues at the new content; the first
  // page leaves focus at the top, where the skip link is.
  if (shown++) m.focus();
}
let shown = 0;

function announce(text) {
  document.getElementById("status").textContent = text;
}

// A refusal, in words: what kind, the server's detail, each field named.
function problemBox(error) {
  const p = error.problem || {};
  const known = [400, 401, 403, 404, 409, 410, 412, 415, 429, 503];
  const headline = error.status ? (known.includes(error.status) ? t("error." + error.status)
    : t("error.other", error.status)) : error.message;
  return el("div", {class: "problem", role: "alert"},
    el("p", {class: "problem-title"}, headline),
    p.detail ? el("p", {}, t("error.server") + ": " + p.detail) : null,
    p.invalidParams && p.invalidParams.length ? el("ul", {}, p.invalidParams.map((i) =>
      el("li", {}, (i.name ? t("error.field") + " " + i.name + ": " : "") + i.reason))) : null,
    p.allowedEvents && p.allowedEvents.length ? el("p", {}, t("error.allowed") + ": " +
      p.allowedEvents.map((e) => t("event." + e)).join(", ")) : null,
    p.blockedBy && p.blockedBy.length ? el("ul", {}, p.blockedBy.map((b) =>
      el("li", {}, (b.name ? t("error.field") + " " + b.name + ": " : "") + b.reason))) : null);
}

function fail(error) {
  if (error.status === 401) return signInPage(t("signIn.expired"));
  show(t("error.title"), problemBox(error));
}

// ---------------------------------------------------------------- chrome

function renderChrome() {
  document.documentElement.lang = lang();
  document.querySelector(".skip").textContent = t("app.skip");
  document.getElementById("brand-tagline").textContent = t("app.tagline");
  const switcher = document.getElementById("lang");
  const other = lang() === "nl" ? "en" : "nl";
  switcher.textContent = t("lang.switch");
  switcher.setAttribute("lang", other);
  switcher.onclick = () => { setLang(other); renderChrome(); route(); };
  const whoBox = document.getElementById("who");
  const nav = document.getElementById("nav");
  nav.setAttribute("aria-label", t("nav.label"));
  if (!me) {
    whoBox.replaceChildren();
    nav.replaceChildren();
    return;
  }
  fill(whoBox,
    el("span", {id: "who-name"}, t("session.as") + " ", el("strong", {}, me.name)),
    el("span", {id: "who-role"}, roleName(me.role) + ", " +
      (me.department === "*" ? t("dept.all") : me.department)),
    me.csrfToken ? el("button", {type: "button", id: "sign-out", onclick: signOut}, t("session.signOut")) : null);
  const links = [["#/", "nav.portfolio", true],
    ["#/new", "nav.new", ["owner", "project_lead"].includes(me.role)],
    ["#/intake", "nav.intake", me.role === "cio"],
    ["#/conditions", "nav.conditions", ["cio", "sg", "auditor", "admin", "cio_rijk"].includes(me.role)],
    ["#/funding", "nav.funding", ["finance", "sg", "auditor", "admin", "cio_rijk"].includes(me.role)],
    ["#/audit", "nav.audit", ["auditor", "admin"].includes(me.role)],
    ["#/acict", "nav.acict", true]];
  nav.replaceChildren(el("ul", {}, links.filter((l) => l[2]).map(([href, key]) =>
    el("li", {}, el("a", {href, "aria-current": currentPath() === href.slice(1) ? "page" : null}, t(key))))));
}

function currentPath() {
  return (location.hash.slice(1) || "/").split("?")[0];
}

// ---------------------------------------------------------------- sign-in

async function signInPage(notice = signInNotice) {
  me = null;
  signInNotice = "";
  renderChrome();
  const options = await get("/session/options");
  const demo = options.demo ? (await get("/session/demo-users")).items : [];
  const tokenForm = el("form", {id: "token-form", class: "stack"},
    el("label", {for: "token"}, t("signIn.tokenLabel")),
    el("input", {id: "token", name: "token", type: "password", autocomplete: "off", spellcheck: "false",
      required: true}),
    el("button", {type: "submit"}, t("signIn.submit")));
  tokenForm.addEventListener("submit", (e) => {
    e.preventDefault();
    signIn({token: tokenForm.token.value.trim()}, tokenForm);
  });
  show(t("signIn.title"),
    notice ? el("p", {class: "notice", role: "status"}, notice) : null,
    el("p", {}, t("signIn.intro")),
    options.oidc ? section("provider-sign-in", t("signIn.provider"),
      el("p", {}, el("a", {class: "button", id: "sign-in-provider", href: "/auth/login"},
        t("signIn.providerButton")))) : null,
    demo.length ? section("demo-users", t("signIn.demo"), el("p", {}, t("signIn.demoIntro")),
      el("ul", {class: "choices"}, demo.map((u) => el("li", {},
        el("button", {type: "button", "data-user": u.id, onclick: (e) => signIn({demoUser: u.id}, e.target)},
          t("signIn.as", roleName(u.role) + " (" + (u.department === "*" ? t("dept.all") : u.department) + ")")))))) : null,
    section("token-sign-in", t("signIn.token"), el("p", {class: "help"}, t("signIn.tokenIntro")), tokenForm));
}

async function signIn(body, near) {
  try {
    me = await call("POST", "/session", body);
    renderChrome();
    if (currentPath() === "/sign-in") location.hash = "#/";
    else route();
  } catch (e) {
    near.closest("section").append(problemBox(e));
  }
}

// Shown once by the next sign-in page ("you have signed out").
let signInNotice = "";

// Ends the session. Someone who signed in at the identity provider is sent
// there to sign out too; it sends them back to "/?signed-out".
async function signOut() {
  let answer = null;
  try {
    answer = await call("DELETE", "/session");
  } finally {
    me = null;
    if (answer && answer.providerSignOutUrl) {
      location.assign(answer.providerSignOutUrl);
    } else {
      signInNotice = t("signedOut");
      if (currentPath() === "/sign-in") route();
      else location.hash = "#/sign-in";
    }
  }
}

// ---------------------------------------------------------------- activities

// A filter form: submitting it goes to `page` with its filled-in fields as
// the query, so that the filtered page has an address of its own.
function navigateOnSubmit(form, page) {
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const q = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (v) q.set(k, v);
    location.hash = page + (q.toString() ? "?" + q : "");
  });
}

function selectOf(name, label, values, chosen, text, withAny = true) {
  return el("label", {}, label,
    el("select", {name, id: "filter-" + name},
      withAny ? el("option", {value: ""}, t("portfolio.any")) : null,
      values.map((v) => el("option", {value: v, selected: v === chosen}, text(v)))));
}

async function portfolio(params, current) {
  const query = new URLSearchParams();
  for (const k of ["department", "state", "eligibility"]) if (params.get(k)) query.set(k, params.get(k));
  const dept = params.get("department");
  const [items, eligibility] = await Promise.all([
    all("/activities" + (query.toString() ? "?" + query : "")),
    all("/eligibility" + (dept ? "?department=" + encodeURIComponent(dept) : "")),
  ]);
  const status = new Map(eligibility.map((e) => [e.activityId, e]));
  const filters = el("form", {class: "filters", id: "filters", "aria-label": t("portfolio.filter")},
    el("label", {}, t("col.department"),
      el("input", {name: "department", id: "filter-department", value: dept || "", size: 8, autocomplete: "off"})),
    selectOf("state", t("col.state"), STATES, params.get("state"), stateName),
    selectOf("eligibility", t("col.eligibility"), STATUSES, params.get("eligibility"), (s) => t("status." + s)),
    el("button", {type: "submit"}, t("portfolio.apply")));
  navigateOnSubmit(filters, "#/");
  const headers = ["col.id", "col.title", "col.department", "col.state", "col.verdict", "col.eligibility", "col.cost"]
    .map((k) => t(k));
  const rows = items.map((a) => {
    const e = status.get(a.id);
    return el("tr", {},
      el("td", {}, el("a", {href: "#/activities/" + a.id}, a.id)),
      el("td", {}, a.title),
      el("td", {}, a.department),
      el("td", {}, stateName(a.state)),
      el("td", {}, light(a.verdict && a.verdict.recorded, a.verdict && a.verdict.overridden)),
      el("td", {}, e ? t("status." + e.status) : ""),
      el("td", {class: "num"}, money(a.ictCostEur)));
  });
  const csv = el("button", {type: "button", id: "csv", onclick: () => downloadCsv(headers, items, status)},
    t("portfolio.csv"));
  if (!current()) return;
  show(t("portfolio.title"), filters, csv,
    table("portfolio", t("portfolio.count", items.length), headers, rows), dashboardDownloads());
}

const DASHBOARD_SHEETS = ["activiteitenoverzicht", "mijlpalen", "kwaliteitstoetsen", "tweede-kamerstukken",
  "doorlooptijd-en-kosten", "peildatum-en-status"];

// The government ICT dashboard's sheets, for those who deliver them (the
// CIO office) and oversight: links the browser downloads with the session.
function dashboardDownloads() {
  if (!["cio", "sg", "auditor", "admin", "cio_rijk"].includes(me.role)) return null;
  return section("dashboard-export", t("dashboardExport.title"), el("p", {}, t("dashboardExport.intro")),
    el("ul", {id: "dashboard-sheets"}, DASHBOARD_SHEETS.map((sheet) => el("li", {},
      el("a", {href: API + "/dashboard-export/" + sheet, download: sheet + ".csv"}, t("dashboardExport." + sheet))))));
}

// A CSV Dutch Excel opens as columns: ";" between fields, UTF-8 with a byte
// order mark, CRLF, every field quoted; headers and values in the page's
// language.
function downloadCsv(headers, items, status) {
  const quote = (v) => '"' + String(v ?? "").replaceAll('"', '""') + '"';
  const lines = [headers.map(quote).join(";")];
  for (const a of items) {
    const e = status.get(a.id);
    lines.push([a.id, a.title, a.department, stateName(a.state),
      t("colour." + (a.verdict ? a.verdict.recorded : "none")), e ? t("status." + e.status) : "",
      a.ictCostEur].map(quote).join(";"));
  }
  const blob = new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], {type: "text/csv;charset=utf-8"});
  const link = el("a", {href: URL.createObjectURL(blob), download: "ictgate-activiteiten-" + today() + ".csv"});
  document.body.append(link);
  link.click();
  link.remove();
}

// ---------------------------------------------------------------- one activity

async function activityPage(id, current, notice) {
  const enc = encodeURIComponent(id);
  const [a, gate, events, eligibility] = await Promise.all([
    get("/activities/" + enc), get("/activities/" + enc + "/gate"),
    get("/activities/" + enc + "/events"), get("/activities/" + enc + "/eligibility")]);
  const pack = await packOf(a.pack);
  // Newer versions of the activity's pack, for the CIO office to adopt.
  const newer = gate.actions.includes("adopt-pack") ? await newerVersions(a.pack) : [];
  if (!current()) return;
  show(a.id + ": " + a.title,
    notice ? el("p", {class: "notice", role: "status", id: "notice"}, notice) : null,
    el("p", {class: "no-print"}, el("button", {type: "button", id: "print", onclick: () => window.print()},
      t("activity.print"))),
    facts([
      [t("activity.state"), el("span", {id: "state"}, stateName(a.state))],
      [t("col.verdict"), light(a.verdict && a.verdict.recorded, a.verdict && a.verdict.overridden)],
      [t("col.eligibility"), el("span", {id: "eligibility-status"}, t("status." + eligibility.status))],
      [t("activity.department"), a.department],
      [t("activity.kind"), t("kind." + a.kind)],
      [t("activity.cost"), money(a.ictCostEur)],
      a.initialCostEur !== null ? [t("activity.initialCost"), money(a.initialCostEur)] : null,
      a.linkedCostEur ? [t("activity.linkedCost"), money(a.ictCostEur + a.linkedCostEur)] : null,
      [t("activity.period"), day(a.plannedStart) + " – " + day(a.plannedEnd)],
      [t("activity.pack"), pack.title + " " + pack.version],
    ]),
    actionsSection(a, gate, pack, newer),
    blockersSection(gate, pack),
    verdictSection(a, pack, events.items),
    acictSection(a),
    conditionsSection(a),
    eligibilitySection(eligibility, a),
    fundingSection(a),
    changesSection(a),
    documentsSection(a, gate),
    dossierSection(a, pack),
    timelineSection(events.items));
}

function blockersSection(gate, pack) {
  const unmet = gate.unmetCriteria;
  const byId = new Map(pack.criteria.map((c) => [c.id, c]));
  return section("blockers", t("blockers.title"),
    gate.blockers.length
      ? el("ul", {id: "blocker-list"}, gate.blockers.map((b) =>
        el("li", {"data-code": b.code}, b.message)))
      : el("p", {}, t("blockers.none")),
    el("h3", {}, t("unmet.title")),
    unmet.length
      ? table("criteria", t("unmet.count", unmet.length),
        [t("criterion"), t("result"), t("criterion.kind"), t("unmet.field"), t("unmet.recommendation"),
          t("unmet.basis")],
        unmet.map((c) => {
          const def = byId.get(c.id);
          const fields = def && def.check ? [...fieldsRead(def.check)] : [];
          return el("tr", {"data-criterion": c.id},
            el("td", {}, (c.title || c.id), el("br"), el("code", {}, c.id)),
            el("td", {}, t("result." + c.result)),
            el("td", {}, c.kind ? t("criterionKind." + c.kind) : ""),
            el("td", {class: "fields"}, fields.length ? fields.map((f) => fieldLabel(pack, f)).join(", ") : "–"),
            el("td", {}, c.recommendation || ""),
            el("td", {class: "basis"}, def ? basisText(def) : ""));
        }))
      : el("p", {}, t("unmet.none")));
}

// Where a criterion comes from: a norm and its source, or a policy choice
// and who made it (docs/policy-packs.md "Basis"); a pack without bases
// (2026.1) gives its source only.
function basisText(criterion) {
  const basis = criterion.basis;
  if (!basis) return criterion.source;
  const source = basis.source || criterion.source;
  return basis.kind === "norm"
    ? t("basis.norm", source)
    : t("basis.policyChoice", basis.chosenBy, source);
}

// A dossier field's label in the page's language (the pack's texts), or
// its name when the pack gives none.
function labelOf(name, field) {
  return (field && field.label) || name;
}

// The pack's dossier fields as [name, field], in the order of their labels
// (the API's JSON keeps no order of its own).
function dossierFields(pack) {
  return Object.entries(pack.dossierFields)
    .sort(([a, x], [b, y]) => labelOf(a, x).localeCompare(labelOf(b, y), locale()));
}

function fieldLabel(pack, name) {
  return labelOf(name, pack.dossierFields[name]);
}

function verdictSection(a, pack, events) {
  const returned = [...events].reverse().find((e) => e.type === "return-intake");
  const returnedNow = returned && a.state === "draft";
  const v = a.verdict;
  const parts = [];
  if (returnedNow) {
    parts.push(el("div", {class: "notice", id: "returned"}, el("strong", {}, t("returned.title")), ": ",
      returned.payload.reason || ""));
  }
  // The CISO's advice for the assessment in progress, before the verdict takes it.
  if (a.cisoAdvice) parts.push(facts([[t("ciso.advice"), cisoText(a.cisoAdvice)]]));
  if (!v) return section("verdict", t("verdict.title"), ...parts, el("p", {}, t("verdict.none")));
  const areaTitle = new Map(pack.areas.map((x) => [x.id, x.title]));
  const critTitle = new Map(pack.criteria.map((x) => [x.id, x.title]));
  parts.push(facts([
    [t("verdict.recorded"), light(v.recorded, v.overridden)],
    [t("verdict.advisory"), light(v.advisory)],
    v.justification ? [t("verdict.justification"), el("span", {id: "justification"}, v.justification)] : null,
    [t("verdict.validUntil"), day(v.validUntil)],
    v.reassessBy ? [t("verdict.reassessBy"), day(v.reassessBy)] : null,
    [t("verdict.assessor"), v.assessor + ", " + moment(v.recordedAt)],
    v.overridden ? [t("verdict.overrule"), v.overrideReason] : null,
    v.advisoryOnly ? [t("verdict.advisoryOnly"), el("span", {id: "advisory-only"}, t("verdict.advisoryOnlyText"))] : null,
    v.cisoAdvice ? [t("ciso.advice"), cisoText(v.cisoAdvice)] : null,
  ]));
  if (v.recommendations.length) {
    parts.push(el("h3", {}, t("verdict.recommendations")), recommendationList(v));
  }
  parts.push(el("p", {class: "no-print"}, el("a", {id: "verdict-document", target: "_blank", rel: "noopener",
    href: API + "/activities/" + encodeURIComponent(a.id) + "/verdict-document"}, t("verdict.document"))));
  parts.push(table("area-scores", t("verdict.areas"), [t("area"), t("score")],
    pack.areas.map((x) => el("tr", {}, el("td", {}, areaTitle.get(x.id) || x.id),
      el("td", {class: "score " + (v.areaScores[x.id] || "")}, v.areaScores[x.id] ? t("score." + v.areaScores[x.id]) : "–")))));
  if (v.findings.length) {
    parts.push(table("findings", t("verdict.findings"), [t("criterion"), t("result"), t("note")],
      v.findings.map((f) => el("tr", {}, el("td", {}, critTitle.get(f.criterion) || f.criterion),
        el("td", {}, t("result." + f.result)), el("td", {}, f.note)))));
  }
  return section("verdict", t("verdict.title"), ...parts);
}

// The recommendations in their order, each with the owner's response once
// given (the numbering is the one the response form and the API use).
function recommendationList(v) {
  const answered = new Map((v.responses || []).map((r) => [r.recommendation, r]));
  return el("ol", {id: "recommendation-list"}, v.recommendations.map((text, i) => {
    const r = answered.get(i + 1);
    return el("li", {}, text, r
      ? el("div", {class: "detail"}, el("strong", {}, t("position." + r.position)), ": " + r.response + " – " +
        t("timeline.by", r.by, roleName("owner")) + ", " + moment(r.at))
      : el("div", {class: "detail"}, t("verdict.unanswered")));
  }));
}

function conditionsSection(a) {
  const now = today();
  return section("conditions", t("conditions.title"),
    a.conditions.length
      ? el("ul", {id: "condition-list"}, a.conditions.map((c) => el("li", {},
        el("strong", {}, c.id), ": " + c.text + " – " + t("conditions.due", day(c.dueDate)) +
        (c.originalDueDate ? " (" + t("conditions.extendedFrom", day(c.originalDueDate)) + ")" : "") + " – " +
        t("conditionStatus." + c.status) + (c.superseded ? " (" + t("conditions.superseded") + ")" : "") +
        (c.reviewNote ? " – " + c.reviewNote : ""),
        c.status === "open" && c.dueDate < now ? el("strong", {class: "overdue"}, " (" + t("conditions.overdue") + ")") : null)))
      : el("p", {}, t("conditions.none")));
}

function eligibilitySection(e, a) {
  const form = el("form", {class: "inline no-print", id: "as-of"},
    el("label", {}, t("eligibility.at"), el("input", {type: "date", name: "at", required: true})),
    el("button", {type: "submit"}, t("funding.show")));
  const answer = el("div", {id: "eligibility"}, eligibilityText(e));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    try {
      const then = await get("/activities/" + encodeURIComponent(a.id) + "/eligibility?at=" + form.at.value);
      answer.replaceChildren(el("p", {}, t("eligibility.at") + " " + day(form.at.value) + ":"), eligibilityText(then));
    } catch (err) {
      answer.replaceChildren(problemBox(err));
    }
  });
  return section("eligibility-section", t("eligibility.title"), answer, form);
}

function eligibilityText(e) {
  return el("div", {},
    el("p", {class: "status " + e.status}, el("strong", {}, t("status." + e.status))),
    e.reasonDetails.length ? el("ul", {class: "reasons"}, e.reasonDetails.map((r) => el("li", {"data-code": r.code}, r.text))) : null);
}

function fundingSection(a) {
  const decisions = a.fundingDecisions || [];
  return section("funding", t("funding.title"),
    el("p", {id: "funding-total"}, t("funding.total", money(a.fundedEur), money(a.baselineCostEur || a.ictCostEur))),
    decisions.length
      ? table("tranches", t("funding.title"), [t("timeline.title"), t("funding.decision"), t("funding.amount"),
        t("funding.reference"), t("form.reason")],
      decisions.map((d) => el("tr", {}, el("td", {}, moment(d.at)),
        el("td", {}, t("funding." + d.decision) + (d.despiteRed ? " (" + t("funding.despiteRed") + ")" : "") + " – " + d.by),
        el("td", {class: "num"}, money(d.amountEur)), el("td", {}, d.reference || ""), el("td", {}, d.reason || ""))))
      : el("p", {}, t("funding.none")));
}

function changesSection(a) {
  const estimates = a.estimates || [];
  const changes = [];
  for (let i = 1; i < estimates.length; ++i) changes.push([estimates[i - 1], estimates[i]]);
  return section("changes", t("changes.title"),
    changes.length
      ? table("change-list", t("changes.title"), [t("timeline.title"), t("changes.reason"), t("changes.cost"), t("changes.end")],
        changes.map(([old, now]) => el("tr", {}, el("td", {}, moment(now.at)),
          el("td", {}, (now.reasonCodes || [now.reasonCode]).filter(Boolean).map((r) => t("changeReason." + r)).join(", ")),
          el("td", {}, money(old.costEur) + " → " + money(now.costEur)),
          el("td", {}, day(old.plannedEnd) + " → " + day(now.plannedEnd)))))
      : el("p", {}, t("changes.none")));
}

function dossierSection(a, pack) {
  const rows = dossierFields(pack).map(([name, f]) => {
    const v = a.dossier[name];
    const shown = v === undefined ? t("dossier.empty") : v === true ? t("yes") : v === false ? t("no")
      : f.type === "date" ? day(v) : String(v);
    return el("tr", {}, el("th", {scope: "row"}, labelOf(name, f), el("span", {class: "help"}, f.description || "")), el("td", {}, shown));
  });
  const explained = Object.entries(a.dossier.explanations || {});
  const titles = new Map(pack.criteria.map((c) => [c.id, c.title]));
  return section("dossier", t("dossier.title"), table("dossier-fields", t("dossier.title"), [t("unmet.field"), ""], rows),
    explained.length ? table("explanations", t("dossier.explanations"), [t("criterion"), t("note")],
      explained.map(([id, why]) => el("tr", {}, el("td", {}, titles.get(id) || id), el("td", {}, why)))) : null,
    dashboardPart(a.dossier.dashboard));
}

const COST_CATEGORIES = ["internalStaff", "externalStaff", "otherMaterial"];

// What the government ICT dashboard asks (the dossier's dashboard part):
// costs by category, cumulative spend, milestones.
function dashboardPart(part) {
  if (!part) return null;
  const costs = part.costs || {};
  const amount = (v) => v === undefined ? "–" : money(v);
  return el("div", {id: "dashboard-part"},
    facts([part.subject && [t("dashboard.subject"), part.subject],
      part.activityType && [t("dashboard.activityType"), part.activityType],
      part.cumulativeSpendEur !== undefined && [t("dashboard.cumulativeSpend"), money(part.cumulativeSpendEur)]]),
    Object.keys(costs).length ? table("dashboard-costs", t("dashboard.costs"),
      [t("dashboard.category"), t("dashboard.initial"), t("dashboard.current"), t("dashboard.actual")],
      COST_CATEGORIES.filter((c) => costs[c]).map((c) => el("tr", {}, el("td", {}, t("dashboard." + c)),
        el("td", {class: "num"}, amount(costs[c].initialEur)), el("td", {class: "num"}, amount(costs[c].currentEur)),
        el("td", {class: "num"}, amount(costs[c].actualEur))))) : null,
    (part.milestones || []).length ? table("dashboard-milestones", t("dashboard.milestones"),
      [t("dashboard.milestone"), t("dashboard.expected"), t("dashboard.realised")],
      part.milestones.map((m) => el("tr", {}, el("td", {}, m.description), el("td", {}, day(m.expectedDate)),
        el("td", {}, m.realisedDate ? day(m.realisedDate) : "–")))) : null);
}

// The dossier's documents: the latest version of each kind, marked where it
// changed since the verdict, each version downloadable by whoever sees the
// activity.
const DOCUMENT_KINDS = ["businessCase", "planning", "architectureSketch", "riskAnalysis",
  "exitStrategy", "dpia", "securityRiskAnalysis", "other"];
function documentLink(a, d) {
  const href = API + "/activities/" + encodeURIComponent(a.id) + "/documents/" + d.kind + "/" + d.version;
  return el("a", {href, download: ""}, d.title);
}
function documentStatus(d, a) {
  if (!a.verdict) return t("documents.noVerdict");
  if (!d.changedSinceVerdict) return t("documents.judged");
  return el("strong", {class: "changed"}, d.judgedVersion ? t("documents.changed", d.judgedVersion) : t("documents.notJudged"));
}
function documentsSection(a, gate) {
  const size = (n) => (n < 1024 * 1024 ? Math.ceil(n / 1024) + " kB" : (n / 1024 / 1024).toFixed(1) + " MB");
  const rows = gate.documents.map((d) => el("tr", {id: "document-" + d.kind},
    el("th", {scope: "row"}, t("docKind." + d.kind)), el("td", {}, documentLink(a, d)), el("td", {}, String(d.version)),
    el("td", {}, size(d.sizeBytes)), el("td", {}, moment(d.at) + " – " + d.by), el("td", {}, documentStatus(d, a))));
  const earlier = a.documents.filter((d) => gate.documents.every((c) => c.kind !== d.kind || c.version !== d.version));
  return section("documents", t("documents.title"),
    rows.length ? table("document-list", t("documents.title"),
      [t("documents.kind"), t("doc.title"), t("documents.version"), t("documents.size"), t("documents.uploaded"), t("documents.status")], rows)
      : el("p", {}, t("documents.none")),
    earlier.length ? el("details", {}, el("summary", {}, t("documents.earlier", earlier.length)),
      el("ul", {}, earlier.map((d) => el("li", {}, t("docKind." + d.kind), " v" + d.version + ": ", documentLink(a, d))))) : null);
}

function uploadAction() {
  return {pathOf: (f) => "documents/" + f.kind.value + "?title=" + encodeURIComponent(f.uploadTitle.value.trim()),
    fields: [
      selectOf("kind", t("documents.kind"), DOCUMENT_KINDS, "businessCase", (k) => t("docKind." + k), false),
      el("label", {}, t("doc.title"), el("input", {name: "uploadTitle", required: true})),
      el("label", {}, t("doc.file"), el("input", {name: "uploadFile", type: "file", required: true,
        accept: ".pdf,.odt,.ods,.odp,.docx,.xlsx,.pptx"})),
      el("p", {class: "help"}, t("documents.uploadHelp"))],
    body: (f) => f.uploadFile.files[0]};
}

// A report-change that only brings the dashboard part up to date (no
// reason, cost, end date or scope): no herijking.
function isProgressReport(e) {
  const p = e.payload || {};
  return e.type === "report-change" && p.dashboard !== undefined &&
    ["reasonCode", "reasonCodes", "newCostEur", "newPlannedEnd", "scopeChange"].every((k) => p[k] === undefined || p[k] === null);
}

function timelineSection(events) {
  return section("timeline-section", t("timeline.title"),
    el("p", {class: "help"}, t("timeZone")),
    el("ol", {class: "timeline", id: "timeline"}, events.map((e) =>
      el("li", {}, el("time", {datetime: e.at}, moment(e.at)), " – ",
        el("strong", {}, t(isProgressReport(e) ? "event.progress-report" : "event." + e.type)), " ",
        t("timeline.by", e.actor.name, roleName(e.actor.role)),
        e.from !== e.to ? ": " + stateName(e.from) + " → " + stateName(e.to) : "",
        e.payload && (e.payload.reason || e.payload.note) ? el("div", {class: "detail"}, e.payload.reason || e.payload.note) : null,
        adoptionDetail(e)))));
}

// What an adoption of a newer pack version changed: the versions, and the
// dossier fields the new one does not know, which the owner fills in again.
function adoptionDetail(e) {
  if (e.type !== "adopt-pack" || !e.derived) return null;
  const dropped = e.derived.droppedFields || [];
  return el("div", {class: "detail"}, t("timeline.adopted", e.derived.fromPack.version, e.derived.pack.version),
    dropped.length ? " " + t("timeline.dropped", dropped.join(", ")) : "");
}

// ---------------------------------------------------------------- actions

// One form per action the gate view allows this person now. Each posts to
// the API with the version it was shown (If-Match), so a change made by
// someone else meanwhile is refused, not overwritten.
function actionsSection(a, gate, pack, newer) {
  const can = new Set(gate.actions);
  const forms = [];
  const add = (event, key, build) => { if (can.has(event)) forms.push(actionForm(a, key, build)); };
  add("submit", "action.submit", () => ({path: "submissions", fields: [], body: () => ({})}));
  add("withdraw", "action.withdraw", () => textAction("withdrawals", "reason", false));
  add("revise", "action.revise", () => textAction("revisions", "note", false));
  add("accept-intake", "action.accept", () => ({path: "intake-decisions", fields: [noteField()],
    body: (f) => withText({decision: "accept"}, "note", f.note.value)}));
  add("return-intake", "action.return", () => ({path: "intake-decisions", fields: [reasonField(true)],
    body: (f) => ({decision: "return", reason: f.reason.value})}));
  if (can.has("record-verdict")) forms.push(assessmentForm(a, pack));
  if (can.has("review-condition")) forms.push(actionForm(a, "action.review", () => reviewAction(a)));
  // A red verdict allows funding only where the pack makes it advice; the
  // state allows the event either way, the guard decides.
  const fundable = a.state !== "rejected" || (a.verdict && a.verdict.advisoryOnly);
  if (can.has("grant-funding") && fundable) forms.push(actionForm(a, "action.grant", () => fundingAction("grant")));
  if ((can.has("refuse-funding") || can.has("grant-funding")) && fundable) {
    forms.push(actionForm(a, "action.refuse", () => fundingAction("refuse")));
  }
  add("report-change", "action.change", changeAction);
  add("report-change", "action.progress", () => progressAction(a));
  add("overrule", "action.overrule", () => textAction("overrides", "reason", true));
  add("complete", "action.complete", () => textAction("completions", "note", false));
  add("cancel", "action.cancel", () => textAction("cancellations", "reason", true));
  const unanswered = unansweredRecommendations(a.verdict);
  if (can.has("respond-recommendation") && unanswered.length) {
    forms.push(actionForm(a, "action.respond", () => respondAction(unanswered)));
  }
  add("upload-document", "action.upload", uploadAction);
  add("record-ciso-advice", "action.cisoAdvice", cisoAction);
  add("request-acict-advice", "action.acictRequest", () => documentAction("acict-requests", "note", false));
  add("record-acict-selection", "action.acictSelection", selectionAction);
  add("record-acict-advice", "action.acictAdvice", acictAdviceAction);
  add("record-bestuurlijke-reactie", "action.acictReaction", () => documentAction("acict-reactions", "summary", true));
  add("record-acict-naschrift", "action.acictNaschrift", () => documentAction("acict-naschriften", "note", false));
  if (can.has("follow-up-acict-recommendation")) {
    forms.push(actionForm(a, "action.acictFollowUp", () => followUpAction(a.acict)));
  }
  add("link-change", "action.link", () => ({path: "links", fields: [
    el("label", {}, t("form.linkedId"), el("input", {name: "linked", required: true, pattern: "[A-Za-z0-9-]+"}))],
  body: (f) => ({activityId: f.linked.value.trim()})}));
  if (can.has("update")) forms.push(dossierForm(a, pack));
  if (newer.length) forms.push(actionForm(a, "action.adoptPack", () => adoptAction(newer)));
  return section("actions", t("actions.title"),
    forms.length ? el("div", {class: "actions no-print"}, forms) : el("p", {}, t("actions.none")));
}

const withText = (body, name, value) => (value.trim() ? {...body, [name]: value.trim()} : body);
const noteField = () => el("label", {}, t("form.note"), el("textarea", {name: "note", rows: 2}));
const reasonField = (required) => el("label", {}, required ? t("form.reason") : t("form.note"),
  el("textarea", {name: "reason", rows: 2, required}));

function textAction(path, name, required) {
  return {path, fields: [name === "reason" ? reasonField(required) : noteField()],
    body: (f) => withText({}, name, f[name].value)};
}

// The registered versions of `ref`'s pack newer than it, newest first.
async function newerVersions(ref) {
  const order = (v) => v.split(".").map(Number);
  const newer = (x, y) => order(x)[0] > order(y)[0] || (order(x)[0] === order(y)[0] && order(x)[1] > order(y)[1]);
  const list = await get("/policy-packs");
  return list.items.filter((p) => p.id === ref.id && newer(p.version, ref.version))
    .sort((x, y) => (newer(x.version, y.version) ? -1 : 1));
}

function adoptAction(newer) {
  return {path: "pack-adoptions", fields: [
    el("label", {}, t("form.packVersion"), el("select", {name: "version"},
      newer.map((p) => el("option", {value: p.version},
        p.version + " (" + t("form.packFrom", day(p.effectiveFrom)) + ")")))),
    el("p", {class: "help"}, t("form.adoptHelp")),
    reasonField(true)],
  body: (f) => ({version: f.version.value, reason: f.reason.value})};
}

function reviewAction(a) {
  const open = a.conditions.filter((c) => c.status === "open");
  return {path: "condition-reviews", fields: [
    el("label", {}, t("form.condition"), el("select", {name: "condition"},
      open.map((c) => el("option", {value: c.id}, c.id + ": " + c.text)))),
    el("fieldset", {}, el("legend", {}, t("form.outcome")),
      ["met", "waived", "not_met", "extended"].map((o, i) => el("label", {class: "choice"},
        el("input", {type: "radio", name: "outcome", value: o, checked: i === 0}), t("form.outcome." + o)))),
    el("label", {}, t("form.newDueDate"), el("input", {name: "dueDate", type: "date", "aria-describedby": "due-help"})),
    el("p", {class: "help", id: "due-help"}, t("form.reviewHelp")),
    noteField()],
  // The new due date goes only with an extension (the API refuses it otherwise).
  body: (f) => withText(Object.assign({conditionId: f.condition.value, outcome: f.outcome.value},
    f.outcome.value === "extended" ? {dueDate: f.dueDate.value} : {}), "note", f.note.value)};
}

// [number, text] of the recommendations the owner has not answered yet.
function unansweredRecommendations(v) {
  if (!v) return [];
  const answered = new Set((v.responses || []).map((r) => r.recommendation));
  return v.recommendations.map((text, i) => [i + 1, text]).filter(([n]) => !answered.has(n));
}

function respondAction(unanswered) {
  return {path: "recommendation-responses", fields: [
    el("label", {}, t("form.recommendation"), el("select", {name: "recommendation"},
      unanswered.map(([n, text]) => el("option", {value: n}, n + ". " + text)))),
    el("fieldset", {}, el("legend", {}, t("form.position")),
      POSITIONS.map((p, i) => el("label", {class: "choice"},
        el("input", {type: "radio", name: "position", value: p, checked: i === 0}), t("position." + p)))),
    el("label", {}, t("form.response"), el("textarea", {name: "response", rows: 3, required: true})),
    el("p", {class: "help"}, t("form.respondHelp"))],
  body: (f) => ({recommendation: Number(f.recommendation.value), position: f.position.value,
    response: f.response.value.trim()})};
}

// ---------------------------------------------------------------- AcICT, CISO

// A document is recorded by its SHA-256, computed here from the file the
// person picks: the file itself stays where the department keeps it.
function documentFields() {
  return el("fieldset", {class: "document"}, el("legend", {}, t("doc.legend")),
    el("label", {}, t("doc.title"), el("input", {name: "docTitle", required: true})),
    el("label", {}, t("doc.file"), el("input", {name: "docFile", type: "file", required: true})),
    el("label", {}, t("doc.reference"), el("input", {name: "docReference"})),
    el("p", {class: "help"}, t("doc.help")));
}

async function documentOf(f) {
  const bytes = await f.docFile.files[0].arrayBuffer();
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const sha256 = [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
  return withText({title: f.docTitle.value.trim(), sha256}, "reference", f.docReference.value);
}

function documentAction(path, name, required) {
  const label = name === "summary" ? t("form.summary") : t("form.note");
  return {path, fields: [documentFields(),
    el("label", {}, label, el("textarea", {name, rows: 2, required}))],
  body: async (f) => withText({document: await documentOf(f)}, name, f[name].value)};
}

function selectionAction() {
  return {path: "acict-selections", fields: [
    el("fieldset", {}, el("legend", {}, t("form.acictDecision")),
      ["advise", "no_advice"].map((d, i) => el("label", {class: "choice"},
        el("input", {type: "radio", name: "decision", value: d, checked: i === 0}), t("acict.decision." + d)))),
    reasonField(true)],
  body: (f) => ({decision: f.decision.value, reason: f.reason.value})};
}

function acictAdviceAction() {
  return {path: "acict-advices", fields: [documentFields(),
    el("label", {}, t("form.acictRecommendations"), el("textarea", {name: "recommendations", rows: 4})),
    el("p", {class: "help"}, t("form.acictRecommendationsHelp")),
    el("label", {}, t("form.summary"), el("textarea", {name: "summary", rows: 2}))],
  body: async (f) => withText({document: await documentOf(f),
    recommendations: f.recommendations.value.split("\n").map((x) => x.trim()).filter(Boolean)},
  "summary", f.summary.value)};
}

// The AcICT's recommendations not yet closed (implemented or not).
function openAcictRecommendations(track) {
  const closed = new Set(track.followUps.filter((x) => ["implemented", "not_implemented"].includes(x.status))
    .map((x) => x.recommendation));
  return track.advice.recommendations.map((text, i) => [i + 1, text]).filter(([n]) => !closed.has(n));
}

function followUpAction(track) {
  return {path: "acict-follow-ups", fields: [
    el("label", {}, t("form.recommendation"), el("select", {name: "recommendation"},
      openAcictRecommendations(track).map(([n, text]) => el("option", {value: n}, n + ". " + text)))),
    el("fieldset", {}, el("legend", {}, t("form.followUpStatus")),
      FOLLOW_UPS.map((x, i) => el("label", {class: "choice"},
        el("input", {type: "radio", name: "status", value: x, checked: i === 0}), t("followUp." + x)))),
    el("label", {}, t("form.note"), el("textarea", {name: "note", rows: 2, required: true}))],
  body: (f) => ({recommendation: Number(f.recommendation.value), status: f.status.value,
    note: f.note.value.trim()})};
}

function cisoAction() {
  const file = el("input", {name: "docFile", type: "file"});
  return {path: "ciso-advices", fields: [
    el("fieldset", {}, el("legend", {}, t("form.residualRisk")),
      ["low", "medium", "high"].map((r, i) => el("label", {class: "choice"},
        el("input", {type: "radio", name: "residualRisk", value: r, checked: i === 0}), t("risk." + r)))),
    el("label", {}, t("form.cisoAdvice"), el("textarea", {name: "advice", rows: 3, required: true})),
    el("label", {}, t("doc.optionalFile"), file),
    el("input", {type: "hidden", name: "docTitle", value: t("ciso.documentTitle")}),
    el("input", {type: "hidden", name: "docReference", value: ""})],
  body: async (f) => {
    const b = {residualRisk: f.residualRisk.value, advice: f.advice.value.trim()};
    if (file.files.length) b.document = await documentOf(f);
    return b;
  }};
}

function cisoText(c) {
  return el("span", {id: "ciso-advice"}, t("risk." + c.residualRisk) + ": " + c.advice + " – " +
    t("timeline.by", c.by, roleName("ciso")));
}

function docText(d) {
  return el("span", {}, d.title + " ", el("code", {class: "hash", title: "SHA-256"}, d.sha256.slice(0, 16) + "…"));
}

// The AcICT track on the activity's page: each step as recorded so far.
function acictSection(a) {
  const track = a.acict;
  if (!track || (!track.request && !track.requestRequired)) return null;
  if (!track.request) return section("acict", t("acict.title"), el("p", {id: "acict-missing"}, t("acict.requestMissing")));
  const rows = [
    [t("acict.request"), docText(track.request.document), moment(track.request.at)],
    track.selection ? [t("acict.selection"), t("acict.decision." + track.selection.decision) + ": " +
      track.selection.reason, moment(track.selection.at)] : null,
    track.advice ? [t("acict.advice"), docText(track.advice.document), moment(track.advice.at)] : null,
    track.reaction ? [t("acict.reaction"), el("span", {}, docText(track.reaction.document), " – " +
      track.reaction.summary), moment(track.reaction.at)] : null,
    track.naschrift ? [t("acict.naschrift"), docText(track.naschrift.document), moment(track.naschrift.at)] : null,
  ].filter(Boolean);
  const parts = [table("acict-steps", t("acict.title"), [t("acict.step"), t("acict.what"), t("timeline.title")],
    rows.map(([step, what, at]) => el("tr", {}, el("td", {}, step), el("td", {}, what), el("td", {}, at))))];
  if (track.advice) {
    parts.push(el("p", {class: "help"}, t("acict.public")));
    parts.push(el("h3", {}, t("acict.recommendations")), el("ol", {id: "acict-recommendations"},
      track.advice.recommendations.map((text, i) => {
        const last = track.followUps.filter((x) => x.recommendation === i + 1).pop();
        return el("li", {}, text, el("div", {class: "detail"}, last
          ? t("followUp." + last.status) + ": " + last.note + " – " + moment(last.at)
          : t("acict.noFollowUp")));
      })));
  }
  return section("acict", t("acict.title"), ...parts);
}

// The public register of the AcICT's advices, for everyone.
async function acictPage(current) {
  const list = await get("/acict-advices");
  if (!current()) return;
  show(t("acictRegister.pageTitle"), el("p", {}, t("acictRegister.intro")),
    table("acict-register", t("acictRegister.count", list.items.length),
      [t("col.id"), t("col.title"), t("activity.department"), t("acict.advice"), t("acict.reaction"), t("acict.naschrift")],
      list.items.map((x) => el("tr", {},
        el("td", {}, me.department === "*" || me.department === x.department
          ? el("a", {href: "#/activities/" + x.activityId}, x.activityId) : x.activityId),
        el("td", {}, x.title), el("td", {}, x.department),
        el("td", {}, docText(x.advice.document), el("div", {class: "detail"},
          t("acictRegister.recommendations", x.advice.recommendations.length) + ", " + moment(x.advice.at))),
        el("td", {}, x.reaction ? [docText(x.reaction.document), el("div", {class: "detail"}, x.reaction.summary)] : t("acictRegister.none")),
        el("td", {}, x.naschrift ? docText(x.naschrift.document) : t("acictRegister.none"))))));
}

function fundingAction(decision) {
  const fields = decision === "grant"
    ? [el("label", {}, t("form.amount"), el("input", {name: "amount", type: "number", min: 1, step: 1, required: true})),
      el("label", {}, t("form.reference"), el("input", {name: "reference"}))]
    : [el("label", {}, t("form.amount"), el("input", {name: "amount", type: "number", min: 1, step: 1, required: true})),
      reasonField(true)];
  return {path: "funding-decisions", fields,
    body: (f) => decision === "grant"
      ? withText({decision, amountEur: Number(f.amount.value)}, "reference", f.reference.value)
      : {decision, amountEur: Number(f.amount.value), reason: f.reason.value}};
}

// A progress report for the government ICT dashboard: the dashboard part
// brought up to date, no herijking (no reason, no new estimate).
function progressAction(a) {
  const part = a.dossier.dashboard || {};
  const costs = part.costs || {};
  const number = (name, value) => el("input", {name, type: "number", min: 0, step: 1, value: value ?? undefined});
  const milestones = (part.milestones || []).map((m) =>
    [m.description, m.expectedDate, m.realisedDate || ""].join(" | ").replace(/ \| $/, "")).join("\n");
  return {path: "changes", fields: [
    el("p", {class: "help"}, t("progress.help")),
    el("label", {}, t("dashboard.subject"), el("input", {name: "subject", type: "text", value: part.subject || undefined})),
    el("label", {}, t("dashboard.activityType"), el("input", {name: "activityType", type: "text", value: part.activityType || undefined})),
    COST_CATEGORIES.map((c) => el("fieldset", {}, el("legend", {}, t("dashboard." + c)),
      el("label", {class: "sub"}, t("dashboard.current"), number(c + "Current", (costs[c] || {}).currentEur)),
      el("label", {class: "sub"}, t("dashboard.actual"), number(c + "Actual", (costs[c] || {}).actualEur)))),
    el("label", {}, t("dashboard.cumulativeSpend"), number("cumulativeSpend", part.cumulativeSpendEur)),
    el("label", {}, t("dashboard.milestones"), el("textarea", {name: "milestones", rows: 4}, milestones),
      el("span", {class: "help"}, t("progress.milestonesHelp")))],
    body: (f) => {
      const dashboard = {};
      for (const key of ["subject", "activityType"]) if (f[key].value.trim()) dashboard[key] = f[key].value.trim();
      const given = {};
      for (const c of COST_CATEGORIES) {
        const amounts = {};
        if (f[c + "Current"].value) amounts.currentEur = Number(f[c + "Current"].value);
        if (f[c + "Actual"].value) amounts.actualEur = Number(f[c + "Actual"].value);
        if (Object.keys(amounts).length) given[c] = amounts;
      }
      if (Object.keys(given).length) dashboard.costs = given;
      if (f.cumulativeSpend.value) dashboard.cumulativeSpendEur = Number(f.cumulativeSpend.value);
      const lines = f.milestones.value.split("\n").map((l) => l.trim()).filter(Boolean);
      if (lines.length) {
        dashboard.milestones = lines.map((l) => {
          const [description, expectedDate, realisedDate] = l.split("|").map((x) => x.trim());
          return realisedDate ? {description, expectedDate, realisedDate} : {description, expectedDate};
        });
      }
      return {dashboard};
    }};
}

function changeAction() {
  return {path: "changes", fields: [
    // One herijking may have several reasons, as the dashboard allows.
    el("fieldset", {id: "change-reasons"}, el("legend", {}, t("form.reasonCodes")),
      CHANGE_REASONS.map((r) => el("label", {class: "choice"},
        el("input", {type: "checkbox", name: "reasonCodes", value: r}), t("changeReason." + r)))),
    el("label", {}, t("form.newCost"), el("input", {name: "newCost", type: "number", min: 0, step: 1})),
    el("label", {}, t("form.newEnd"), el("input", {name: "newEnd", type: "date"})),
    el("label", {class: "choice"}, el("input", {type: "checkbox", name: "scopeChange"}), t("form.scopeChange")),
    el("label", {}, t("form.description"), el("textarea", {name: "description", rows: 2}))],
  body: (f) => {
    const b = {reasonCodes: [...f.querySelectorAll("input[name=reasonCodes]:checked")].map((x) => x.value)};
    if (f.newCost.value) b.newCostEur = Number(f.newCost.value);
    if (f.newEnd.value) b.newPlannedEnd = f.newEnd.value;
    if (f.scopeChange.checked) b.scopeChange = true;
    return withText(b, "description", f.description.value);
  }};
}

// A disclosure with the action's form; on success the page is loaded again
// with a notice, on refusal the problem is shown beside the form.
function actionForm(a, key, build) {
  const spec = build();
  const slug = key.replace("action.", "");
  const form = el("form", {class: "stack", id: "form-" + slug}, spec.fields,
    el("button", {type: "submit"}, t(key)));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    // A body may take a moment: a document's hash is computed from its file.
    perform(a, spec.method || "POST", spec.pathOf ? spec.pathOf(form) : spec.path, await spec.body(form), form, t(key));
  });
  return el("details", {class: "action", id: "action-" + slug}, el("summary", {}, t(key)), form);
}

async function perform(a, method, path, body, form, label) {
  form.querySelectorAll(".problem").forEach((p) => p.remove());
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    await call(method, "/activities/" + encodeURIComponent(a.id) + (path ? "/" + path : ""), body,
      {"If-Match": '"' + a.version + '"'});
    location.hash = "#/activities/" + a.id;
    const mine = ++navigation;
    await activityPage(a.id, () => mine === navigation, t("action.done", label));
  } catch (err) {
    if (err.status === 401) return fail(err);
    form.append(problemBox(err));
    announce(t("error.title"));
  } finally {
    button.disabled = false;
  }
}

// The dossier as the pack asks for it: one control per field, with the
// pack's description as help; sent as a merge patch of what changed.
// With it, an explanation for each comply-or-explain criterion (the
// dossier's "explanations", by criterion id).
function dossierForm(a, pack) {
  const controls = dossierFields(pack).map(([name, f]) => dossierControl(name, f, a.dossier[name]));
  const given = a.dossier.explanations || {};
  const explainable = pack.criteria.filter((c) => c.kind === "comply_or_explain");
  const explanations = el("fieldset", {}, el("legend", {}, t("dossier.explanations")),
    explainable.map((c) => el("div", {class: "field"},
      el("label", {for: "explain-" + c.id}, c.title),
      el("textarea", {id: "explain-" + c.id, name: "explain-" + c.id, rows: 2, "data-explains": c.id},
        given[c.id] || ""))));
  // Cost and dates until an intake is accepted: a returned intake is
  // corrected here, and the initial estimate follows.
  const estimate = a.initialEstimateLocked ? null : el("fieldset", {id: "edit-estimate"},
    el("legend", {}, t("edit.estimate")),
    el("label", {}, t("new.cost"), el("input", {name: "cost", type: "number", min: 0, step: 1, value: a.ictCostEur})),
    el("label", {}, t("new.start"), el("input", {name: "start", type: "date", value: a.plannedStart})),
    el("label", {}, t("new.end"), el("input", {name: "end", type: "date", value: a.plannedEnd})));
  const form = el("form", {class: "stack", id: "form-edit"}, estimate, controls, explanations,
    el("button", {type: "submit"}, t("action.save")));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const patch = {};
    for (const [name, f] of Object.entries(pack.dossierFields)) {
      const value = readControl(form, name, f);
      if (JSON.stringify(value) !== JSON.stringify(a.dossier[name] ?? null)) patch[name] = value;
    }
    const changed = {};
    form.querySelectorAll("[data-explains]").forEach((x) => {
      const text = x.value.trim() || null;
      if (text !== (given[x.dataset.explains] ?? null)) changed[x.dataset.explains] = text;
    });
    if (Object.keys(changed).length) patch.explanations = changed;
    const body = {dossier: patch};
    if (estimate) {
      if (Number(form.cost.value) !== a.ictCostEur) body.ictCostEur = Number(form.cost.value);
      if (form.start.value !== a.plannedStart) body.plannedStart = form.start.value;
      if (form.end.value !== a.plannedEnd) body.plannedEnd = form.end.value;
    }
    perform(a, "PATCH", "", body, form, t("action.edit"));
  });
  return el("details", {class: "action", id: "action-edit"}, el("summary", {}, t("action.edit")), form);
}

function dossierControl(name, f, value) {
  const id = "field-" + name;
  const help = el("span", {class: "help", id: id + "-help"}, f.description || "");
  if (f.type === "boolean") {
    return el("fieldset", {"aria-describedby": id + "-help"}, el("legend", {}, labelOf(name, f)), help,
      [["true", t("form.yes")], ["false", t("form.no")], ["", t("form.unset")]].map(([v, text]) =>
        el("label", {class: "choice"}, el("input", {type: "radio", name, value: v,
          checked: String(value ?? "") === v}), text)));
  }
  const input = f.enum
    ? el("select", {id, name}, el("option", {value: ""}, t("form.unset")),
      f.enum.map((o) => el("option", {value: o, selected: o === value}, o)))
    : el("input", {id, name, type: f.type === "date" ? "date" : f.type === "number" ? "number" : "text",
      value: value ?? "", "aria-describedby": id + "-help"});
  return el("div", {class: "field"}, el("label", {for: id}, labelOf(name, f)), help, input);
}

function readControl(form, name, f) {
  const raw = f.type === "boolean" ? (form.querySelector(`input[name="${name}"]:checked`) || {}).value : form.elements[name].value;
  if (raw === "" || raw === undefined) return null;
  if (f.type === "boolean") return raw === "true";
  if (f.type === "number") return Number(raw);
  return raw;
}

// The CIO's assessment: a score per area and a finding per criterion that
// needs one, the advisory verdict worked out by the API as they are filled
// in (POST .../advice), then the verdict, a justification when it deviates,
// recommendations and, with orange, conditions with due dates.
function assessmentForm(a, pack) {
  const needsFinding = pack.criteria.filter((c) => c.kind === "assessed" || !c.check);
  const advice = el("p", {id: "advice", class: "advice", "aria-live": "polite"}, t("assess.advisoryNone"));
  const areas = el("fieldset", {}, el("legend", {}, t("verdict.areas")),
    pack.areas.map((x) => el("div", {class: "field"},
      el("label", {for: "area-" + x.id}, x.title),
      el("select", {id: "area-" + x.id, name: "area-" + x.id, "data-area": x.id},
        el("option", {value: ""}, t("form.unset")),
        ["ok", "attention", "risk"].map((s) => el("option", {value: s}, t("score." + s)))))));
  const findings = el("fieldset", {}, el("legend", {}, t("verdict.findings")),
    needsFinding.map((c) => el("div", {class: "field"},
      el("label", {for: "finding-" + c.id}, c.title),
      el("select", {id: "finding-" + c.id, name: "finding-" + c.id, "data-criterion": c.id},
        el("option", {value: ""}, t("form.unset")),
        ["met", "failed", "not_applicable", "explained"].map((r) => el("option", {value: r}, t("result." + r)))),
      el("label", {for: "finding-note-" + c.id, class: "sub"}, t("note")),
      el("input", {id: "finding-note-" + c.id, name: "finding-note-" + c.id}))));
  const conditions = el("div", {id: "condition-rows"});
  const addCondition = () => {
    const n = conditions.children.length + 1;
    conditions.append(el("div", {class: "condition-row"},
      el("label", {}, t("assess.conditionText", n), el("input", {name: "condition-text", required: true})),
      el("label", {}, t("assess.conditionDue"), el("input", {name: "condition-due", type: "date", required: true}))));
  };
  const form = el("form", {class: "stack", id: "form-assess"},
    el("p", {}, t("assess.intro")), areas, findings, advice,
    el("fieldset", {}, el("legend", {}, t("assess.verdict")),
      ["green", "orange", "red"].map((c) => el("label", {class: "choice"},
        el("input", {type: "radio", name: "verdict", value: c, required: true}), light(c)))),
    el("label", {}, t("assess.justification"), el("textarea", {name: "justification", rows: 3})),
    el("label", {}, t("assess.recommendations"), el("textarea", {name: "recommendations", rows: 3})),
    el("fieldset", {}, el("legend", {}, t("assess.conditions")), conditions,
      el("button", {type: "button", id: "add-condition", onclick: addCondition}, t("assess.addCondition"))),
    el("button", {type: "submit"}, t("assess.record")));
  const read = () => {
    const areaScores = {};
    form.querySelectorAll("[data-area]").forEach((s) => { if (s.value) areaScores[s.dataset.area] = s.value; });
    const found = [];
    form.querySelectorAll("[data-criterion]").forEach((s) => {
      if (s.value) {
        found.push({criterion: s.dataset.criterion, result: s.value,
          note: form.elements["finding-note-" + s.dataset.criterion].value.trim() || t("result." + s.value)});
      }
    });
    return {areaScores, findings: found};
  };
  let asked = 0;  // answers to earlier questions that arrive late are dropped
  const refresh = async () => {
    const mine = ++asked;
    try {
      const r = await call("POST", "/activities/" + encodeURIComponent(a.id) + "/advice", read());
      if (mine !== asked) return;
      fill(advice, r.advisory ? t("assess.advisory", t("colour." + r.advisory)) : t("assess.advisoryNone"),
        r.advisory ? el("span", {class: "light " + r.advisory, "aria-hidden": "true"}, "") : null,
        r.decidedBy.length ? el("span", {class: "detail"}, " " + t("assess.decidedBy", r.decidedBy.join(", "))) : null);
      advice.dataset.advisory = r.advisory || "";
    } catch (err) {
      if (mine === asked) advice.replaceChildren(problemBox(err));
    }
  };
  form.addEventListener("change", (e) => { if (e.target.closest("fieldset") !== conditions.parentNode) refresh(); });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const body = {verdict: form.verdict.value, ...read()};
    if (form.justification.value.trim()) body.justification = form.justification.value.trim();
    const recs = form.recommendations.value.split("\n").map((r) => r.trim()).filter(Boolean);
    if (recs.length) body.recommendations = recs;
    const texts = [...form.querySelectorAll("[name=condition-text]")];
    const dues = [...form.querySelectorAll("[name=condition-due]")];
    if (texts.length) body.conditions = texts.map((x, i) => ({text: x.value, dueDate: dues[i].value}));
    perform(a, "POST", "assessments", body, form, t("action.assess"));
  });
  refresh();
  return el("details", {class: "action", id: "action-assess", open: true}, el("summary", {}, t("action.assess")), form);
}

// ---------------------------------------------------------------- owner, CIO, FEZ, auditor pages

function newActivityPage() {
  const form = el("form", {class: "stack", id: "form-new"},
    el("label", {}, t("new.titleField"), el("input", {name: "title", required: true})),
    el("label", {}, t("col.department"), el("input", {name: "department", required: true, pattern: "[A-Z]{2,10}",
      value: me.department !== "*" ? me.department : "", readonly: me.department !== "*"})),
    el("label", {}, t("new.kind"), el("select", {name: "kind"},
      ["project", "programme", "change"].map((k) => el("option", {value: k}, t("kind." + k))))),
    el("label", {}, t("new.cost"), el("input", {name: "cost", type: "number", min: 0, step: 1, required: true})),
    el("label", {}, t("new.start"), el("input", {name: "start", type: "date", required: true})),
    el("label", {}, t("new.end"), el("input", {name: "end", type: "date", required: true})),
    el("button", {type: "submit"}, t("new.submit")));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    form.querySelectorAll(".problem").forEach((p) => p.remove());
    try {
      const made = await call("POST", "/activities", {title: form.title.value.trim(), department: form.department.value,
        kind: form.kind.value, ictCostEur: Number(form.cost.value), plannedStart: form.start.value,
        plannedEnd: form.end.value});
      location.hash = "#/activities/" + made.activity.id;
    } catch (err) {
      if (err.status === 401) return fail(err);
      form.append(problemBox(err));
    }
  });
  show(t("new.title"), el("p", {}, t("new.intro")), form);
}

async function intakePage(current) {
  const items = await all("/activities?state=submitted");
  if (!current()) return;
  show(t("intake.title"), el("p", {}, t("intake.intro")),
    table("intake", t("intake.count", items.length),
      [t("col.id"), t("col.title"), t("col.department"), t("col.submitted"), t("col.cost")],
      items.map((a) => el("tr", {},
        el("td", {}, el("a", {href: "#/activities/" + a.id}, a.id)), el("td", {}, a.title),
        el("td", {}, a.department), el("td", {}, day(a.updatedAt)),
        el("td", {class: "num"}, money(a.ictCostEur))))));
}

// The open conditions of the department's activities, overdue first: what
// the CIO office follows up.
async function conditionsPage(current) {
  const list = await get("/conditions");
  if (!current()) return;
  show(t("openConditions.pageTitle"), el("p", {}, t("openConditions.intro")),
    el("p", {id: "conditions-summary"}, t("openConditions.summary", list.open, list.overdue)),
    table("open-conditions", t("openConditions.count", list.items.length),
      [t("col.id"), t("col.title"), t("col.state"), t("openConditions.condition"), t("openConditions.due")],
      list.items.map((c) => el("tr", {"data-overdue": String(c.overdue)},
        el("td", {}, el("a", {href: "#/activities/" + c.activityId}, c.activityId)),
        el("td", {}, c.title),
        el("td", {}, stateName(c.state)),
        el("td", {}, c.conditionId + ": " + c.text),
        el("td", {}, day(c.dueDate), c.overdue ? el("strong", {class: "overdue"}, " " + t("conditions.overdue")) : null)))));
}

async function fundingPage(params, current) {
  const at = params.get("at") || "";
  const dept = params.get("department") || (me.department !== "*" ? me.department : "");
  const query = new URLSearchParams();
  if (dept) query.set("department", dept);
  if (at) query.set("at", at);
  const first = await get("/eligibility?" + query);
  const items = [...first.items];
  for (let cursor = first.nextCursor; cursor;) {
    const page = await get("/eligibility?" + query + "&cursor=" + encodeURIComponent(cursor));
    items.push(...page.items);
    cursor = page.nextCursor;
  }
  const form = el("form", {class: "filters", id: "funding-filter"},
    el("label", {}, t("eligibility.at"), el("input", {type: "date", name: "at", value: at})),
    me.department === "*" ? el("label", {}, t("col.department"), el("input", {name: "department", value: dept, size: 8})) : null,
    el("button", {type: "submit"}, t("funding.show")));
  navigateOnSubmit(form, "#/funding");
  if (!current()) return;
  show(t("funding.pageTitle"), el("p", {}, t("funding.intro")), form,
    el("p", {id: "funding-at"}, t("eligibility.at") + ": " + (at ? day(at) : t("eligibility.now") + " (" + moment(first.at) + ")")),
    table("summary", t("funding.summary"), [t("col.eligibility"), "#"],
      Object.entries(first.summary).map(([s, n]) => el("tr", {}, el("td", {}, t("status." + s)), el("td", {class: "num"}, n)))),
    table("eligibility-list", t("portfolio.count", items.length),
      [t("col.id"), t("col.state"), t("col.verdict"), t("col.eligibility"), t("col.reasons")],
      items.map((e) => el("tr", {},
        el("td", {}, el("a", {href: "#/activities/" + e.activityId}, e.activityId)),
        el("td", {}, stateName(e.state)),
        el("td", {}, light(e.verdict && e.verdict.recorded, e.verdict && e.verdict.overridden)),
        el("td", {}, t("status." + e.status)),
        el("td", {}, e.reasonDetails.map((r) => r.text).join(" "))))));
}

// The record log (what was done to the record itself: pseudonymising an
// old chain, erasures), and for the admin the form that erases a person.
function privacySections(log) {
  const rows = log.items.map((e) => el("tr", {},
    el("td", {class: "num"}, String(e.seq)), el("td", {}, t("recordLog." + e.kind)),
    el("td", {}, el("code", {}, e.subject)), el("td", {}, moment(e.at))));
  const logTable = section("record-log-section", t("recordLog.title"), el("p", {}, t("recordLog.intro")),
    rows.length ? table("record-log", t("recordLog.count", rows.length),
      [t("recordLog.seq"), t("recordLog.kind"), t("recordLog.subject"), t("recordLog.at")], rows)
      : el("p", {id: "record-log-empty"}, t("recordLog.empty")));
  if (me.role !== "admin") return logTable;
  const result = el("div", {id: "erase-result", "aria-live": "polite"});
  const form = el("form", {class: "stack", id: "form-erase"},
    el("label", {for: "erase-name"}, t("erase.name")),
    el("input", {id: "erase-name", name: "name", type: "text", required: true, autocomplete: "off"}),
    el("p", {class: "help"}, t("erase.nameHelp")),
    el("label", {class: "choice"}, el("input", {type: "checkbox", name: "sure", required: true}), t("erase.sure")),
    el("button", {type: "submit"}, t("erase.submit")));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const r = await call("POST", "/privacy/erasures", {name: form.name.value});
      form.reset();
      fill(result, el("p", {class: "ok"}, t("erase.done", r.actorId, r.tokensRevoked, r.recordEntry.seq)));
      announce(t("erase.done", r.actorId, r.tokensRevoked, r.recordEntry.seq));
    } catch (err) {
      if (err.status === 401) return fail(err);
      result.replaceChildren(problemBox(err));
    } finally {
      button.disabled = false;
    }
  });
  return [logTable, section("erase-section", t("erase.title"), el("p", {}, t("erase.intro")), form, result)];
}

async function auditPage(current) {
  const head = await get("/audit/head");
  const log = await get("/audit/record-log");
  const result = el("div", {id: "verification", "aria-live": "polite"});
  const verify = el("button", {type: "button", id: "verify", onclick: async () => {
    verify.disabled = true;
    try {
      const v = await get("/audit/verification");
      fill(result, el("p", {class: v.ok ? "ok" : "broken"},
        v.ok && !v.replay.mismatches.length ? t("audit.ok", v.checked, v.replay.activities)
          : t("audit.broken", v.brokenAt ?? "–", v.problem)),
      v.replay.mismatches.length ? [el("h3", {}, t("audit.mismatches")),
        el("ul", {}, v.replay.mismatches.map((m) => el("li", {}, m)))] : null);
    } catch (err) {
      result.replaceChildren(problemBox(err));
    } finally {
      verify.disabled = false;
    }
  }}, t("audit.verify"));
  if (!current()) return;
  show(t("audit.title"),
    section("head", t("audit.head"), facts([[t("audit.length"), String(head.length)],
      [t("audit.hash"), el("code", {id: "head-hash"}, head.hash)]])),
    el("p", {}, verify), result, privacySections(log));
}

// ---------------------------------------------------------------- routing

async function route() {
  const mine = ++navigation;
  const current = () => mine === navigation;
  const [path, query] = (location.hash.slice(1) || "/").split("?");
  const params = new URLSearchParams(query || "");
  try {
    if (!me) {
      try {
        me = await get("/session");
      } catch (e) {
        if (e.status === 401) return await signInPage();
        throw e;
      }
    }
    renderChrome();
    if (path === "/sign-in") return await signInPage();
    if (path.startsWith("/activities/")) return await activityPage(decodeURIComponent(path.slice(12)), current);
    if (path === "/new") return newActivityPage();
    if (path === "/intake") return await intakePage(current);
    if (path === "/conditions") return await conditionsPage(current);
    if (path === "/funding") return await fundingPage(params, current);
    if (path === "/audit") return await auditPage(current);
    if (path === "/acict") return await acictPage(current);
    return await portfolio(params, current);
  } catch (e) {
    if (current()) fail(e);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  // Back from signing out at the identity provider.
  if (new URLSearchParams(location.search).has("signed-out")) {
    signInNotice = t("signedOut");
    history.replaceState(null, "", location.pathname + location.hash);
  }
  renderChrome();
  window.addEventListener("hashchange", route);
  route();
});

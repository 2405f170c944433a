// The dashboard in a real browser (Debian's chromium through playwright-core)
// against a running `ictgate serve --demo`:
//   node dashboard.mjs BASE_URL TOKENS_FILE SCREENSHOT_DIR DOSSIER_DIR [PROVIDER_URL]
//
// Every role's main task, from sign-in to the recorded event, through the
// page only: the walk-through's story (examples/walkthrough.sh) in Dutch, and
// again in English. The owner registers an activity, fills in its dossier
// from the pack's form and submits it; FEZ sees it is not yet eligible, and
// why; the CIO office accepts the intake and assesses it with the keyboard
// only, is refused a green verdict that deviates without a justification,
// and records orange with a condition; FEZ grants a tranche; the CIO marks
// the condition met; the auditor verifies the chain. Each step is checked
// against the API (with the demo tokens). Also: axe-core finds no serious or
// critical violation on any main page, in Dutch and in English, a 390 px phone shows no sideways
// scroll, the CSV opens in Dutch Excel, the print view hides the controls,
// and there is no console error (a CSP violation is one). Screenshots of
// each role's main page land in SCREENSHOT_DIR.
import {existsSync, readFileSync, mkdirSync, writeFileSync} from "node:fs";
import {execFileSync} from "node:child_process";
import {createHash} from "node:crypto";
import {createRequire} from "node:module";
import assert from "node:assert/strict";

// playwright-core and axe-core are pinned in tools/browser-test (test tooling only).
const require = createRequire(new URL("../../tools/browser-test/package.json", import.meta.url));
const {chromium} = require("playwright-core");
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

// PROVIDER_URL (optional): each person signs in through that OpenID Provider
// (tests/oidc/provider.mjs, under scripts/oidc-test.sh) instead of as a demo user.
const [base, tokensFile, shots, dossiers, providerUrl] = process.argv.slice(2);
const tokens = Object.fromEntries(readFileSync(tokensFile, "utf8").split("\n")
  .map((l) => l.trim().split(/\s+/)).filter((p) => p.length === 3 && p[2].startsWith("igt_"))
  .map(([role, dept, token]) => [role + " " + dept, token]));
mkdirSync(shots, {recursive: true});

let checks = 0;
const check = (cond, what) => { assert.ok(cond, what); ++checks; };

async function api(path, who = "auditor *") {
  const res = await fetch(base + "/api/v1" + path, {headers: {Authorization: "Bearer " + tokens[who]}});
  assert.equal(res.status, 200, path);
  return res.json();
}

// The orange example dossier in the fields of the pack in force on the
// server (examples/dossiers/<version>/ for a later version than 2026.1).
const packs = (await api("/policy-packs")).items;
const inForce = packs.find((p) => p.active).version;
const orange = JSON.parse(readFileSync(
  existsSync(dossiers + "/" + inForce) ? dossiers + "/" + inForce + "/orange.json" : dossiers + "/orange.json",
  "utf8"));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run"],
});
const context = await browser.newContext({viewport: {width: 1280, height: 900}, acceptDownloads: true,
  timezoneId: "Europe/Amsterdam", locale: "nl-NL"});
const page = await context.newPage();
const errors = [];
// Refusals the test provokes on purpose, which Chromium logs as failed loads.
let provoked = 0;
page.on("console", (m) => {
  if (m.type() !== "error") return;
  // The identity provider's own pages (its fonts, its favicon) are not ours.
  if (!page.url().startsWith(base)) return;
  // The page asks GET /session to learn whether someone is signed in; before
  // sign-in that answer is 401, which Chromium logs.
  if (/status of 401/.test(m.text())) return;
  if (/status of (400|404|410|415)/.test(m.text()) && provoked > 0) { --provoked; return; }
  errors.push(m.text());
});
page.on("pageerror", (e) => errors.push(e.message));

// Waits until the page's main heading reads `title` (a page replaces its
// content only once every answer it needs is in).
async function heading(title) {
  await page.waitForFunction((t) => document.querySelector("main h1")?.textContent === t, title);
}
// An element's text, with the no-break spaces Intl puts in amounts and
// dates read as spaces.
const text = (selector) => page.$eval(selector, (e) => e.textContent.replace(/[\u00a0\u202f]/g, " ").trim());

// axe-core, run in the page (page.evaluate is not subject to the page's
// CSP, which forbids injected scripts): no serious or critical violation.
async function accessible(what) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, {resultTypes: ["violations"]}));
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  check(bad.length === 0, what + ": " + bad.map((v) => v.id + " (" + v.nodes.map((n) => n.target).join(" ") + ")").join("; "));
}

async function shot(name) {
  await page.screenshot({path: `${shots}/${name}.png`, fullPage: true});
}

const WORDS = {
  nl: {signIn: "Inloggen", activities: "Activiteiten", newActivity: "Nieuwe activiteit registreren",
    owner: "Opdrachtgever (BZK)", cio: "CIO-office (BZK)", finance: "FEZ (financiën) (BZK)",
    auditor: "Auditor (alle departementen)", draft: "Concept", submitted: "Ingediend",
    inAssessment: "In toetsing", conditional: "Goedgekeurd onder voorwaarden", noVerdict: "Er is nog geen CIO-oordeel.",
    notEligible: "Niet financierbaar", eligibleCond: "Financierbaar onder voorwaarden", intake: "Intake",
    funding: "Financierbaarheid", audit: "Audit", chainOk: "De keten is in orde", met: "Vervuld",
    badInput: "De invoer is niet in orde.", orange: "Oranje", signOut: "Uitloggen", signedOut: "U bent uitgelogd.",
    total: "Totaal toegekend: € 2.000.000", lang: "nl", print: "Afdrukken",
    missingDoc: "Het dossier mist: Business case.", notSubmitted: "De opdrachtgever heeft de activiteit nog niet ingediend.",
    // The pack's own words, per version in force (2026.2 from 2027-01-01).
    acictCriterion: {"2026.1": "Activiteit vóór de start gemeld bij het Adviescollege ICT-toetsing (AcICT)",
      "2026.2": "Advies van het Adviescollege ICT-toetsing (AcICT) gevraagd vóór de start"},
    acictLabel: {"2026.1": "Datum melding AcICT", "2026.2": "Datum adviesverzoek AcICT"},
    adoptReason: "Pakket 2026.2 corrigeert de BIO2-eisen.", adopted: "Nieuwere versie van het beleidspakket aangenomen",
    returnReason: "De raming mist de licentiekosten.", estimateLegend: "Raming (te corrigeren tot de intake is aanvaard)",
    extendReason: "De leverancier levert de analyse in juni.", extendedFrom: "verlengd, eerst",
    recommendations: ["Beleg het exitplan bij de lijn.", "Toets de planning opnieuw na de aanbesteding."],
    unanswered: "Nog geen reactie", response: "Het exitplan gaat naar de lijn; de planning blijft bij het project."},
  en: {signIn: "Sign in", activities: "Activities", newActivity: "Register a new activity",
    owner: "Project owner (opdrachtgever) (BZK)", cio: "CIO office (BZK)", finance: "Finance (FEZ) (BZK)",
    auditor: "Auditor (all departments)", draft: "Draft", submitted: "Submitted",
    inAssessment: "In assessment", conditional: "Approved with conditions", noVerdict: "There is no CIO verdict yet.",
    notEligible: "Not eligible", eligibleCond: "Eligible with conditions", intake: "Intake",
    funding: "Eligibility", audit: "Audit", chainOk: "The chain is sound", met: "Met",
    badInput: "The input is not valid.", orange: "Orange", signOut: "Sign out", signedOut: "You have signed out.",
    total: "Total granted: €2,000,000", lang: "en", print: "Print",
    missingDoc: "The dossier lacks: Business case.", notSubmitted: "The owner has not submitted the activity.",
    acictCriterion: {"2026.1": "Activity reported to the Adviescollege ICT-toetsing (AcICT) before start",
      "2026.2": "Advice of the Adviescollege ICT-toetsing (AcICT) requested before start"},
    acictLabel: {"2026.1": "AcICT reporting date", "2026.2": "Date of the AcICT advice request"},
    adoptReason: "Pack 2026.2 corrects the BIO2 requirements.", adopted: "Newer version of the policy pack adopted",
    returnReason: "The estimate leaves out the licences.", estimateLegend: "Estimate (correctable until the intake is accepted)",
    extendReason: "The supplier delivers the analysis in June.", extendedFrom: "extended, first",
    recommendations: ["Place the exit plan with the line organisation.", "Review the schedule after the tender."],
    unanswered: "No response", response: "The exit plan goes to the line; the schedule stays with the project."},
};

// The provider's people for the story's roles (tests/oidc/provider.mjs).
const PEOPLE = {owner: "olga", cio: "alice", finance: "bob", auditor: "aart"};

async function signInAs(w, who) {
  await page.goto(base + "/#/");
  await heading(w.signIn);
  if (providerUrl) {
    const role = Object.keys(PEOPLE).find((r) => w[r] === who);
    await page.click("#sign-in-provider");
    await page.waitForSelector('input[name="login"]');
    check(page.url().startsWith(providerUrl), "at the identity provider's sign-in");
    await page.fill('input[name="login"]', PEOPLE[role]);
    await page.fill('input[name="password"]', "any");
    await page.click('button[type="submit"]');
  } else {
    await page.getByRole("button", {name: new RegExp(escape(who) + "$")}).click();
  }
  await heading(w.activities);
}
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

async function signOut(w) {
  await page.click("#sign-out");
  if (providerUrl) {  // signed out at the provider too (its confirmation page)
    await page.waitForSelector('button[name="logout"]');
    await page.click('button[name="logout"]');
  }
  await heading(w.signIn);
  check((await text("main .notice")) === w.signedOut, "signed out notice");
  const status = await page.evaluate(async () => (await fetch("/api/v1/session")).status);
  check(status === 401, "the session ended on the server");
}

// Fills the dossier form from `dossier`, as a person would: a radio per yes
// or no, a choice from a list, a date, a number or a text.
async function fillDossier(dossier) {
  for (const [name, value] of Object.entries(dossier)) {
    if (name === "explanations") {
      for (const [id, why] of Object.entries(value)) await page.fill(`#explain-${id}`, why);
    } else if (typeof value === "boolean") {
      await page.check(`#form-edit input[name="${name}"][value="${value}"]`);
    } else if (await page.$(`select#field-${name}`)) {
      await page.selectOption(`#field-${name}`, String(value));
    } else {
      await page.fill(`#field-${name}`, String(value));
    }
  }
}

// Opens activity `id` from the CIO office's intake queue.
async function openFromIntake(id) {
  await page.click('nav a[href="#/intake"]');
  await page.waitForSelector("#intake caption");
  await page.click(`#intake a[href="#/activities/${id}"]`);
  await page.waitForSelector("#action-accept");
}

async function activityState(id) {
  return (await api("/activities/" + id)).state;
}

async function story(lang) {
  const w = WORDS[lang];
  const title = lang === "nl" ? "Zaaksysteem Vergunningen" : "Case system Permits";

  // The owner registers, fills in the dossier, submits.
  await signInAs(w, w.owner);
  check(await page.getAttribute("html", "lang") === w.lang, "page language " + w.lang);
  const nav = await page.$$eval("nav a", (as) => as.map((a) => a.getAttribute("href")));
  check(nav.includes("#/new") && !nav.includes("#/intake") && !nav.includes("#/funding"), "owner's navigation: " + nav);
  await page.click('nav a[href="#/new"]');
  await heading(w.newActivity);
  await page.fill("#form-new input[name=title]", title);
  await page.fill("#form-new input[name=cost]", "7500000");
  await page.fill("#form-new input[name=start]", "2027-01-01");
  await page.fill("#form-new input[name=end]", "2028-12-31");
  await page.click("#form-new button[type=submit]");
  await page.waitForSelector("#state");
  const id = (await text("main h1")).split(":")[0];
  check(/^BZK-\d{4}-\d{4}$/.test(id), "registered " + id);
  check((await text("#state")) === w.draft, "state draft");
  check((await api("/activities/" + id)).title === title, "the API has the title");
  // What blocks the gate, in the page's language: the server's sentences and the pack's texts.
  const blockers = await text("#blocker-list");
  check(blockers.includes(w.notSubmitted) && blockers.includes(w.missingDoc), "blockers as sentences: " + blockers);
  check((await text("#criteria")).includes(w.acictCriterion[inForce]), "an unmet criterion by its title in " + lang);
  check((await text("#criteria")).includes(w.acictLabel[inForce]), "the field that would satisfy it, by its label");
  // Where the criterion comes from: its basis (a norm and its source) or, in
  // a pack without bases (2026.1), its source.
  const acict = (await api("/policy-packs/rijksbrede-startvoorwaarden/versions/" + inForce)).criteria
    .find((c) => c.id === "acict-registration");
  const basis = await text('#criteria tr[data-criterion="acict-registration"] td.basis');
  check(basis.includes(acict.basis ? acict.basis.source || acict.source : acict.source) &&
    (!acict.basis || basis.startsWith("Norm")), "the criterion's basis: " + basis);
  const labels = await page.$$eval("#dossier-fields tbody th", (ths) => ths.map((th) => th.firstChild.textContent));
  const sorted = [...labels].sort((a, b) => a.localeCompare(b, lang === "nl" ? "nl-NL" : "en-GB"));
  check(labels.length > 20 && labels.join("|") === sorted.join("|"), "dossier fields in the order of their labels");
  await page.click("#action-edit summary");
  check((await text("#form-edit")).includes(w.acictLabel[inForce]), "the dossier form labels fields in " + lang);
  await fillDossier(orange);
  await page.click("#form-edit button[type=submit]");
  await page.waitForSelector("#notice");
  const stored = (await api("/activities/" + id)).dossier;
  check(stored.businessCase === orange.businessCase && stored.openStandardsApplied === false &&
    stored.europeanCloudSharePct === 40 && stored.explanations["open-standards"] === orange.explanations["open-standards"],
  "the dossier as filled in");
  await page.click("#action-submit summary");
  await page.click("#form-submit button[type=submit]");
  await page.waitForFunction((s) => document.querySelector("#state")?.textContent === s, w.submitted);
  check(await activityState(id) === "submitted", "submitted in the record");
  await accessible(`owner's activity page (${lang})`);
  if (lang === "nl") await shot("owner-activity-" + lang);
  await signOut(w);

  // FEZ: not yet eligible, and why, in words; nothing to do.
  await signInAs(w, w.finance);
  await page.goto(base + "/#/activities/" + id);
  await page.waitForSelector("#eligibility");
  check((await text("#eligibility-status")) === w.notEligible, "not eligible before a verdict");
  check((await text("#eligibility")).includes(w.noVerdict), "the reason as a sentence");
  check(!(await page.$("#action-grant")), "no grant offered before a verdict");
  await signOut(w);

  // The CIO office sends the intake back: the cost leaves out the licences.
  await signInAs(w, w.cio);
  await openFromIntake(id);
  await page.click("#action-return summary");
  await page.fill("#form-return textarea[name=reason]", w.returnReason);
  await page.click("#form-return button[type=submit]");
  await page.waitForFunction((s) => document.querySelector("#state")?.textContent === s, w.draft);
  await signOut(w);

  // The owner corrects the cost (not locked before an accepted intake) and submits again.
  await signInAs(w, w.owner);
  await page.goto(base + "/#/activities/" + id);
  await page.waitForSelector("#action-edit");
  await page.click("#action-edit summary");
  check((await text("#edit-estimate legend")) === w.estimateLegend, "the estimate offered for correction");
  await page.fill("#form-edit input[name=cost]", "7900000");
  await page.click("#form-edit button[type=submit]");
  await page.waitForSelector("#notice");
  const corrected = await api("/activities/" + id);
  check(corrected.ictCostEur === 7900000 && corrected.initialCostEur === 7900000 && !corrected.initialEstimateLocked,
    "the cost corrected after the returned intake");
  if (lang === "nl") await shot("owner-corrects-cost-" + lang);
  await page.click("#action-submit summary");
  await page.click("#form-submit button[type=submit]");
  await page.waitForFunction((s) => document.querySelector("#state")?.textContent === s, w.submitted);
  await signOut(w);

  // The CIO office: intake, then the assessment by keyboard only.
  await signInAs(w, w.cio);
  await openFromIntake(id);
  await page.click("#action-accept summary");
  await page.click("#form-accept button[type=submit]");
  await page.waitForSelector("#form-assess");
  check(await activityState(id) === "in_assessment", "intake accepted in the record");
  check((await api("/activities/" + id)).initialEstimateLocked, "the accepted intake locks the estimate");
  check((await text("#state")) === w.inAssessment, "state in assessment");
  await assessByKeyboard();
  const advisory = await page.$eval("#advice", (e) => e.dataset.advisory);
  check(advisory === "orange", "live advice orange, was " + advisory);
  check((await text("#advice")).includes(w.orange), "the advice in words");
  check(!/null|undefined/.test(await text("#advice")), "the advice without 'null'");
  // Green deviates from the advice: without a justification it is refused, in words.
  await page.check('#form-assess input[name=verdict][value=green]');
  ++provoked;
  await page.click("#form-assess button[type=submit]");
  await page.waitForSelector("#form-assess .problem");
  check((await text("#form-assess .problem .problem-title")) === w.badInput, "a refusal in words");
  check(await activityState(id) === "in_assessment", "the refusal changed nothing");
  await page.check('#form-assess input[name=verdict][value=orange]');
  await page.click("#add-condition");
  await page.fill("#condition-rows input[name=condition-text]", "EU-alternatievenanalyse opleveren");
  await page.fill("#condition-rows input[name=condition-due]", "2027-03-31");
  await page.fill("#form-assess textarea[name=recommendations]", w.recommendations.join("\n"));
  await page.click("#form-assess button[type=submit]");
  await page.waitForFunction((s) => document.querySelector("#state")?.textContent === s, w.conditional);
  const verdict = (await api("/activities/" + id)).verdict;
  check(verdict.recorded === "orange" && verdict.advisory === "orange", "orange recorded");
  check((await text("#verdict")).includes(verdict.validUntil.slice(0, 4)), "validity shown");
  check((await text("#condition-list")).includes("EU-alternatievenanalyse"), "the condition shown");
  await accessible(`CIO's activity page (${lang})`);
  if (lang === "nl") await shot("cio-activity-" + lang);
  await signOut(w);

  // FEZ grants a tranche.
  await signInAs(w, w.finance);
  await page.click('nav a[href="#/funding"]');
  await page.waitForSelector("#eligibility-list");
  const row = await page.$eval(`#eligibility-list a[href="#/activities/${id}"]`, (a) => a.closest("tr").textContent);
  check(row.includes(w.eligibleCond), "eligible with conditions on the funding page");
  await accessible(`FEZ's funding page (${lang})`);
  if (lang === "nl") await shot("finance-funding-" + lang);
  await page.click(`#eligibility-list a[href="#/activities/${id}"]`);
  await page.waitForSelector("#action-grant");
  await page.click("#action-grant summary");
  await page.fill("#form-grant input[name=amount]", "2000000");
  await page.fill("#form-grant input[name=reference]", "FEZ-2026-200");
  await page.click("#form-grant button[type=submit]");
  await page.waitForSelector("#notice");
  check((await text("#funding-total")).startsWith(w.total), "total funded: " + await text("#funding-total"));
  check((await api("/activities/" + id)).fundedEur === 2000000, "granted in the record");
  await signOut(w);

  await respondAndReadOordeel(w, id);

  // The CIO office finds the condition in its list of open ones, and marks it met.
  await signInAs(w, w.cio);
  await page.click('nav a[href="#/conditions"]');
  await page.waitForSelector("#open-conditions");
  const listed = (await api("/conditions", "cio BZK")).items;
  check((await page.$$eval("#open-conditions tbody tr", (rows) => rows.length)) === listed.length,
    "every open condition of the department listed");
  check((await text("#open-conditions")).includes(id), "the story's condition is in the list");
  await accessible(`CIO's open conditions (${lang})`);
  if (lang === "nl") await shot("cio-conditions-" + lang);
  await page.goto(base + "/#/activities/" + id);
  await page.waitForSelector("#action-review");
  // First the due date moves, with a reason; then the condition is met.
  await page.click("#action-review summary");
  await page.check('#form-review input[name=outcome][value=extended]');
  await page.fill("#form-review input[name=dueDate]", "2027-06-30");
  ++provoked;  // without a reason it is refused
  await page.click("#form-review button[type=submit]");
  await page.waitForSelector("#form-review .problem");
  check((await text("#form-review .problem")).includes("note"), "an extension without a reason refused");
  await page.fill("#form-review textarea[name=note]", w.extendReason);
  await page.click("#form-review button[type=submit]");
  await page.waitForSelector("#notice");
  const extended = (await api("/activities/" + id)).conditions[0];
  check(extended.status === "open" && extended.dueDate === "2027-06-30" && extended.originalDueDate === "2027-03-31",
    "condition extended in the record");
  check((await text("#condition-list")).includes(w.extendedFrom), "the extension shown: " + await text("#condition-list"));
  if (lang === "nl") await shot("cio-condition-extended-" + lang);
  await page.click("#action-review summary");
  await page.click("#form-review button[type=submit]");
  // The notice of the extension is still up: wait for the page of this review.
  await page.waitForFunction((m) => document.querySelector("#condition-list")?.textContent.includes(m), w.met);
  check((await api("/activities/" + id)).conditions[0].status === "met", "condition met in the record");
  check((await text("#condition-list")).includes(w.met), "condition met shown");
  await adoptNewerPack(w, id);
  await signOut(w);

  // The auditor: the chain verifies, the head is the API's, the timeline is complete.
  await signInAs(w, w.auditor);
  await page.click('nav a[href="#/audit"]');
  await page.waitForSelector("#verify");
  check((await text("#head-hash")) === (await api("/audit/head")).hash, "the head shown is the API's");
  await page.click("#verify");
  await page.waitForSelector("#verification p");
  check((await text("#verification p")).startsWith(w.chainOk), "the chain verifies");
  check(!/null|undefined/.test(await text("main")), "no 'null' or 'undefined' shown");
  await accessible(`auditor's page (${lang})`);
  if (lang === "nl") await shot("auditor-audit-" + lang);
  await page.goto(base + "/#/activities/" + id);
  await page.waitForSelector("#timeline");
  const events = (await api("/activities/" + id + "/events")).items;
  check((await page.$$eval("#timeline li", (l) => l.length)) === events.length, "the timeline shows every event");
  check(/(CET|CEST|GMT\+1|GMT\+2)/.test(await text("#timeline li time")), "times with their zone");
  await shot("auditor-activity-" + lang);
  return id;
}

// The opdrachtgever answers the CIO's first recommendation, sees it under the
// verdict, and opens the CIO-oordeel: the document names the verdict, the
// response and the audit head it was printed at.
async function respondAndReadOordeel(w, id) {
  await signInAs(w, w.owner);
  await page.goto(base + "/#/activities/" + id);
  await page.waitForSelector("#action-respond");
  check((await text("#recommendation-list")).includes(w.unanswered), "the recommendations await a response");
  await page.click("#action-respond summary");
  // an empty response is held back by the form (no request, so no console error)
  await page.click("#form-respond button[type=submit]");
  check(await page.$eval("#form-respond textarea[name=response]", (x) => !x.validity.valid), "an empty response held back");
  await page.check('#form-respond input[name=position][value=partly_adopted]');
  await page.fill("#form-respond textarea[name=response]", w.response);
  await page.click("#form-respond button[type=submit]");
  await page.waitForSelector("#notice");
  const responses = (await api("/activities/" + id)).verdict.responses;
  check(responses.length === 1 && responses[0].recommendation === 1 && responses[0].position === "partly_adopted",
    "the response in the record");
  check((await text("#recommendation-list li")).includes(w.response), "the response shown under its recommendation");
  check((await page.$$eval("#form-respond option", (o) => o.length)) === 1, "only the unanswered one offered still");
  if (w.lang === "nl") await shot("owner-responds-nl");
  const href = await page.getAttribute("#verdict-document", "href");
  await page.goto(base + href);
  await page.waitForSelector("h1");
  const doc = await text("body");
  const head = await api("/audit/head");
  check(doc.includes("CIO-oordeel") && doc.includes("Oranje"), "the document names the verdict in Dutch");
  check(doc.includes(w.response) && doc.includes(w.recommendations[1]), "the document holds the recommendations and the response");
  check(doc.replace(/\s/g, "").includes(head.hash), "the document names the audit head");
  await accessible(`the CIO-oordeel (${w.lang})`);
  if (w.lang === "nl") await shot("cio-oordeel-nl");
  await page.goto(base + "/#/activities/" + id);
  await page.waitForSelector("#timeline");
  await signOut(w);
}

// The CIO office moves the story's activity to the newest registered version
// of its pack, when there is a newer one; otherwise the page offers none.
async function adoptNewerPack(w, id) {
  const before = await api("/activities/" + id);
  const order = (v) => v.split(".").map(Number);
  const newer = packs.filter((p) => p.id === before.pack.id &&
    (order(p.version)[0] > order(before.pack.version)[0] ||
     (order(p.version)[0] === order(before.pack.version)[0] && order(p.version)[1] > order(before.pack.version)[1])));
  await page.goto(base + "/#/activities/" + id);
  await page.waitForSelector("#state");
  check((await page.$("#action-adoptPack")) !== null === (newer.length > 0),
    "the adoption is offered if and only if a newer version is registered");
  if (!newer.length) return;
  await page.click("#action-adoptPack summary");
  const offered = await page.$$eval("#form-adoptPack select[name=version] option", (os) => os.map((o) => o.value));
  check(offered.length === newer.length && newer.every((p) => offered.includes(p.version)), "the newer versions offered");
  await page.fill("#form-adoptPack textarea[name=reason]", w.adoptReason);
  await page.click("#form-adoptPack button[type=submit]");
  // The page shows a notice of the last action already: wait for this one's event.
  await page.waitForFunction((words) => {
    const items = document.querySelectorAll("#timeline li");
    return items.length && items[items.length - 1].textContent.includes(words);
  }, w.adopted);
  const after = await api("/activities/" + id);
  check(after.pack.version === offered[0] && after.state === before.state, "adopted, state unchanged: " + after.pack.version);
  check(after.verdict.recorded === before.verdict.recorded, "the verdict stands");
  const last = await text("#timeline li:last-child");
  check(last.includes(w.adopted) && last.includes(before.pack.version) && last.includes(after.pack.version),
    "the timeline names the adoption and both versions: " + last);
  await accessible(`CIO's page after adopting a pack (${w.lang})`);
  if (w.lang === "nl") await shot("cio-adopt-pack-nl");
}

// Tab into the form's first area, then keys only: ArrowDown picks the
// first answer ("ok" / "met") of each list, Tab moves on.
async function assessByKeyboard() {
  const first = await page.$eval("#form-assess select", (s) => s.id);
  await page.focus("#action-assess summary");
  for (let i = 0; i < 50 && await page.evaluate(() => document.activeElement.id) !== first; ++i) {
    await page.keyboard.press("Tab");
  }
  check(await page.evaluate(() => document.activeElement.id) === first, "the first area reached by Tab");
  const selects = await page.$$eval("#form-assess select", (s) => s.length);
  for (let done = 0; done < selects;) {
    const active = await page.evaluate(() => document.activeElement.tagName);
    if (active === "SELECT") {
      await page.keyboard.press("ArrowDown");
      ++done;
    }
    await page.keyboard.press("Tab");
  }
  const unset = await page.$$eval("#form-assess select", (s) => s.filter((x) => !x.value).length);
  check(unset === 0, "every area and finding set by keyboard");
  await page.waitForFunction(() => document.querySelector("#advice")?.dataset.advisory);
}

// The sign-in page: Dutch, the skip link first, the demo users offered.
await page.goto(base + "/");
await heading("Inloggen");
check(await page.getAttribute("html", "lang") === "nl", "Dutch by default");
await page.keyboard.press("Tab");
check(await page.evaluate(() => document.activeElement.classList.contains("skip")), "skip link first");
check((await page.$$("button[data-user]")).length === 12, "the demo users offered");
await accessible("sign-in page");
await shot("sign-in-nl");

const dutchId = await story("nl");

// The portfolio as the auditor sees it: every activity, filters, the CSV.
await page.goto(base + "/#/");
await heading("Activiteiten");
const portfolio = (await api("/activities?limit=500")).items;
check((await page.$$("#portfolio tbody tr")).length === portfolio.length, "every activity listed");
check((await text("#portfolio caption")) === portfolio.length + " activiteiten", "the count, plural");
await page.selectOption("#filter-state", "in_execution");
await page.click("#filters button[type=submit]");
const inExecution = portfolio.filter((a) => a.state === "in_execution").length;
await page.waitForFunction((n) => document.querySelector("#portfolio caption")?.textContent ===
  (n === 1 ? "1 activiteit" : n + " activiteiten"), inExecution);
check((await page.$$eval("#portfolio tbody td:nth-child(4)", (t) => t.map((x) => x.textContent)))
  .every((s) => s === "In uitvoering"), "every row in execution, in Dutch");
const [download] = await Promise.all([page.waitForEvent("download"), page.click("#csv")]);
const csv = readFileSync(await download.path(), "utf8");
check(csv.startsWith("\ufeff\"Kenmerk\";\"Titel\";"), "CSV: BOM, ';' and Dutch headers");
check(csv.includes("\r\n") && csv.split("\r\n").filter(Boolean).length === inExecution + 1, "CSV rows");
await accessible("portfolio");
await shot("auditor-portfolio-nl");

// The printable activity page: no controls, no navigation.
await page.goto(base + "/#/activities/" + dutchId);
await page.waitForSelector("#timeline");
await page.emulateMedia({media: "print"});
check(await page.$eval("nav", (n) => getComputedStyle(n).display) === "none", "print hides navigation");
check(await page.$eval("#print", (b) => getComputedStyle(b.parentNode).display) === "none", "print hides controls");
await shot("activity-print-nl");
await page.emulateMedia({media: "screen"});

// A phone: 390 px wide, nothing scrolls sideways but the tables' own boxes.
await page.setViewportSize({width: 390, height: 844});
await page.goto(base + "/#/activities/" + dutchId);
await page.waitForSelector("#timeline");
check(await page.evaluate(() => document.documentElement.scrollWidth <= 390), "no sideways scroll at 390 px");
await shot("activity-phone-nl");
await page.setViewportSize({width: 1280, height: 900});
await signOut(WORDS.nl);

// The CIO Rijk (a demo user; the test provider has no such person): every
// department's eligibility on one page, and no action offered.
if (!providerUrl) {
  await signInAs(WORDS.nl, "CIO Rijk (alle departementen)");
  check((await text("#who-role")).startsWith("CIO Rijk"), "signed in as the CIO Rijk");
  await page.click('nav a[href="#/funding"]');
  await page.waitForSelector("#eligibility-list");
  const everything = (await api("/eligibility?limit=500")).items;
  check((await page.$$("#eligibility-list tbody tr")).length === everything.length,
    "the CIO Rijk sees every department's eligibility");
  check(/EZK-/.test(await text("#eligibility-list")) && /BZK-/.test(await text("#eligibility-list")),
    "both departments listed");
  await accessible("the CIO Rijk's funding page");
  await shot("cio-rijk-funding-nl");
  await page.goto(base + "/#/activities/" + dutchId);
  await page.waitForSelector("#timeline");
  check((await text("#actions")).includes("Er is nu niets voor u te doen"), "no action offered to the CIO Rijk: " + await text("#actions"));
  await signOut(WORDS.nl);
}

// The AcICT track in the browser (demo users; the test provider has no AcICT
// or CISO): the CIO office asks the advice with the letter's file, whose
// SHA-256 the browser computes; the AcICT selects and advises; the CIO office
// records the minister's reaction, the AcICT its naschrift, the opdrachtgever
// follows a recommendation up; another department reads the public register.
// Then the CISO advises on an assessment in progress.
if (!providerUrl) {
  const file = (name, body) => ({name, mimeType: "application/pdf", buffer: Buffer.from(body)});
  const sha = (body) => createHash("sha256").update(body).digest("hex");
  const openActivity = async (id) => {
    await page.goto(base + "/#/activities/" + id);
    await page.waitForSelector("#timeline");
  };
  // Fills and sends action `slug`'s form, then waits for `event` to end the timeline.
  const act = async (slug, fill, event) => {
    await page.click(`#action-${slug} summary`);
    await fill(`#form-${slug}`);
    await page.click(`#form-${slug} button[type=submit]`);
    await page.waitForFunction((words) => {
      const items = document.querySelectorAll("#timeline li");
      return items.length && items[items.length - 1].textContent.includes(words);
    }, event);
  };
  const documentIn = async (form, title, name, body) => {
    await page.fill(`${form} input[name=docTitle]`, title);
    await page.setInputFiles(`${form} input[name=docFile]`, file(name, body));
  };
  const letter = "Adviesaanvraag Zaaksysteem Vergunningen, versie 1";

  await signInAs(WORDS.nl, "CIO-office (BZK)");
  await openActivity(dutchId);
  await act("acictRequest", (f) => documentIn(f, "Adviesaanvraag aan het AcICT", "aanvraag.pdf", letter),
    "Advies AcICT aangevraagd");
  let a = await api("/activities/" + dutchId);
  check(a.acict.request.document.sha256 === sha(letter), "the request names the letter by its SHA-256");
  check((await text("#acict-steps")).includes("Adviesaanvraag aan het AcICT"), "the track on the page");
  await signOut(WORDS.nl);

  await signInAs(WORDS.nl, "Adviescollege ICT-toetsing (AcICT) (alle departementen)");
  await openActivity(dutchId);
  check((await page.$$("#actions details.action")).length === 1, "the AcICT is offered its own next step only");
  await act("acictSelection", async (f) => {
    await page.check(`${f} input[value=advise]`);
    await page.fill(`${f} textarea[name=reason]`, "Groot, nieuw en met persoonsgegevens.");
  }, "Selectiebesluit AcICT vastgelegd");
  await act("acictAdvice", async (f) => {
    await documentIn(f, "AcICT-advies Zaaksysteem Vergunningen", "advies.pdf", "het advies");
    await page.fill(`${f} textarea[name=recommendations]`, "Beperk de eerste release.\nBeleg het beheer vóór de start.");
  }, "Advies AcICT ontvangen");
  await accessible("the AcICT's page after its advice");
  await shot("acict-advice-nl");
  await signOut(WORDS.nl);

  await signInAs(WORDS.nl, "CIO-office (BZK)");
  await openActivity(dutchId);
  await act("acictReaction", async (f) => {
    await documentIn(f, "Bestuurlijke reactie", "reactie.pdf", "de reactie");
    await page.fill(`${f} textarea[name=summary]`, "De minister neemt beide aanbevelingen over.");
  }, "Bestuurlijke reactie vastgelegd");
  await signOut(WORDS.nl);
  await signInAs(WORDS.nl, "Adviescollege ICT-toetsing (AcICT) (alle departementen)");
  await openActivity(dutchId);
  await act("acictNaschrift", (f) => documentIn(f, "Naschrift AcICT", "naschrift.pdf", "het naschrift"),
    "Naschrift AcICT vastgelegd");
  await signOut(WORDS.nl);

  await signInAs(WORDS.nl, "Opdrachtgever (BZK)");
  await openActivity(dutchId);
  await act("acictFollowUp", async (f) => {
    await page.selectOption(`${f} select[name=recommendation]`, "2");
    await page.check(`${f} input[value=implemented]`);
    await page.fill(`${f} textarea[name=note]`, "Beheerorganisatie ingericht.");
  }, "Opvolging aanbeveling AcICT vastgelegd");
  const followed = await text("#acict-recommendations li:nth-child(2)");
  check(followed.includes("Uitgevoerd: Beheerorganisatie ingericht."), "the follow-up on the page: " + followed);
  a = await api("/activities/" + dutchId);
  check(a.acict.advice.public && a.acict.reaction.public && a.acict.naschrift.public, "advice, reaction and naschrift public");
  await accessible("the AcICT track on the opdrachtgever's page");
  await shot("acict-track-owner-nl");

  // The opdrachtgever uploads the business case: a text file named .pdf is
  // refused in Dutch (the type is read from the bytes), the PDF is kept, the
  // page shows it as added after the verdict, and the download is its bytes.
  const upload = async (name, body) => {
    if (!(await page.$("#form-upload[open], #action-upload[open]"))) await page.click("#action-upload summary");
    await page.selectOption("#form-upload select[name=kind]", "businessCase");
    await page.fill("#form-upload input[name=uploadTitle]", "Businesscase Zaaksysteem Vergunningen v2.0");
    await page.setInputFiles("#form-upload input[name=uploadFile]", file(name, body));
    await page.click("#form-upload button[type=submit]");
  };
  const versionsBefore = (await api("/activities/" + dutchId)).version;
  ++provoked;
  await upload("businesscase.pdf", "geen PDF, maar tekst");
  await page.waitForSelector("#form-upload .problem");
  check((await text("#form-upload .problem")).includes("het bestand is geen PDF-, OpenDocument- of Office Open XML-bestand"),
    "a text file named .pdf refused in Dutch: " + await text("#form-upload .problem"));
  check((await api("/activities/" + dutchId)).version === versionsBefore, "the refused upload changed nothing");
  await page.locator("#action-upload").screenshot({path: `${shots}/document-refused-nl.png`});
  const pdf = "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n% Businesscase v2.0\ntrailer << /Root 1 0 R >>\n%%EOF\n";
  await upload("businesscase.pdf", pdf);
  await page.waitForSelector("#document-businessCase");
  const row = await text("#document-businessCase");
  check(row.includes("Businesscase Zaaksysteem Vergunningen v2.0") && row.includes("Na het oordeel toegevoegd"),
    "the document on the page, added after the verdict: " + row);
  a = await api("/activities/" + dutchId);
  check(a.documents[0].sha256 === sha(pdf) && a.documents[0].mediaType === "application/pdf", "kept under its SHA-256");
  const [saved] = await Promise.all([page.waitForEvent("download"), page.click("#document-businessCase a")]);
  check(readFileSync(await saved.path(), "utf8") === pdf, "the download is the uploaded bytes");
  await accessible("the documents on the opdrachtgever's page");
  await page.locator("#documents").screenshot({path: `${shots}/documents-nl.png`});
  await signOut(WORDS.nl);

  // The CIO office downloads the dashboard's overview for its department.
  await signInAs(WORDS.nl, "CIO-office (BZK)");
  await page.waitForSelector("#dashboard-sheets a");
  const [sheet] = await Promise.all([page.waitForEvent("download"),
    page.click('#dashboard-sheets a[href$="/activiteitenoverzicht"]')]);
  const overview = readFileSync(await sheet.path(), "utf8");
  check(overview.startsWith("Nummer,Ministerie,ICT-activiteit,Status,Soort ICT-activiteit,Onderwerp,"),
    "the overview in the dashboard's columns: " + overview.slice(0, 80));
  check(overview.includes(",BZK,") && !overview.includes(",EZK,"), "the department's activities only");
  await accessible("the CIO office's dashboard downloads");
  await page.locator("#dashboard-export").screenshot({path: `${shots}/dashboard-export-nl.png`});
  await signOut(WORDS.nl);

  // The opdrachtgever reports progress for the government ICT dashboard: a
  // bad date is refused and changes nothing; then the figures and the
  // milestones are on the page and in the record, with no herijking.
  await signInAs(WORDS.nl, "Opdrachtgever (BZK)");
  const portal = (await api("/activities?limit=500")).items.find((x) => x.title === "Rijksportaal Subsidies");
  await openActivity(portal.id);
  const estimates = (await api("/activities/" + portal.id)).estimates.length;
  const beforeProgress = (await api("/activities/" + portal.id)).version;
  await page.click("#action-progress summary");
  await page.fill("#form-progress input[name=subject]", "Subsidieverlening");
  await page.fill("#form-progress input[name=externalStaffCurrent]", "5500000");
  await page.fill("#form-progress input[name=externalStaffActual]", "400000");
  await page.fill("#form-progress input[name=cumulativeSpend]", "550000");
  ++provoked;
  await page.fill("#form-progress textarea[name=milestones]", "Aanbesteding gegund | 20 september");
  await page.click("#form-progress button[type=submit]");
  await page.waitForSelector("#form-progress .problem");
  check((await text("#form-progress .problem")).includes("dashboard/milestones/0/expectedDate"),
    "a milestone without a date refused: " + await text("#form-progress .problem"));
  check((await api("/activities/" + portal.id)).version === beforeProgress, "the refused report changed nothing");
  await page.fill("#form-progress textarea[name=milestones]",
    "Aanbesteding gegund | 2027-10-01 | 2027-09-20\nEerste release | 2028-06-01");
  await page.click("#form-progress button[type=submit]");
  await page.waitForFunction(() => {
    const items = document.querySelectorAll("#timeline li");
    return items.length && items[items.length - 1].textContent.includes("Voortgang gemeld");
  });
  const reported = await api("/activities/" + portal.id);
  check(reported.dossier.dashboard.cumulativeSpendEur === 550000 && reported.dossier.dashboard.milestones.length === 2,
    "the dashboard part in the record");
  check(reported.estimates.length === estimates && reported.state === portal.state, "no herijking, no state change");
  const shown = await text("#dashboard-part");
  check(shown.includes("Subsidieverlening") && shown.includes("Extern personeel") && shown.includes("Aanbesteding gegund"),
    "the dashboard part on the page: " + shown.slice(0, 160));
  await accessible("the opdrachtgever's progress report");
  await page.locator("#dashboard-part").screenshot({path: `${shots}/dashboard-part-nl.png`});
  await signOut(WORDS.nl);

  await signInAs(WORDS.nl, "Opdrachtgever (EZK)");
  await page.click('nav a[href="#/acict"]');
  await page.waitForSelector("#acict-register caption");
  const register = await text("#acict-register");
  check(register.includes("AcICT-advies Zaaksysteem Vergunningen") &&
    register.includes("De minister neemt beide aanbevelingen over."), "another department reads the public register");
  check((await text("#acict-register caption")) === "1 advies", "the count, singular");
  check((await page.$$(`#acict-register a[href="#/activities/${dutchId}"]`)).length === 0,
    "no link to another department's activity");
  await accessible("the register of AcICT advices");
  await shot("acict-register-nl");
  await signOut(WORDS.nl);

  const assessing = (await api("/activities?limit=500")).items.find((x) => x.title === "Migratie Rijksportaal");
  await signInAs(WORDS.nl, "CISO (BZK)");
  await openActivity(assessing.id);
  await act("cisoAdvice", async (f) => {
    await page.check(`${f} input[value=medium]`);
    await page.fill(`${f} textarea[name=advice]`, "Restrisico aanvaardbaar na netwerksegmentatie.");
  }, "Advies CISO over het restrisico vastgelegd");
  check((await text("#ciso-advice")).startsWith("Middel: Restrisico aanvaardbaar"), "the CISO's advice on the page");
  await accessible("the CISO's page");
  await shot("ciso-advice-nl");
  await signOut(WORDS.nl);
}

// The beheerder erases a person who left (AVG): a name nobody acted under is
// refused in Dutch; the erasure names only the pseudonym in the record log,
// the chain and its head stay as they were, and the timeline reads
// "verwijderde persoon" where the name was.
if (!providerUrl) {
  const ezk = (await api("/activities?limit=500")).items.find((x) => x.department === "EZK");
  const before = await api("/audit/head");
  const erasedName = "Demo owner EZK";
  check((await api("/activities/" + ezk.id + "/events")).items[0].actor.name === erasedName, "the EZK owner acted");
  await signInAs(WORDS.nl, "Beheerder (alle departementen)");
  await page.click('nav a[href="#/audit"]');
  await page.waitForSelector("#form-erase");
  check((await text("#record-log-empty")).startsWith("Er is nog niets"), "the record log is empty");
  const erase = async (name) => {
    await page.fill("#erase-name", name);
    await page.check("#form-erase input[name=sure]");
    await page.click("#form-erase button[type=submit]");
  };
  ++provoked;
  await erase("Niemand Bekend");
  await page.waitForSelector("#erase-result .problem");
  check((await text("#erase-result .problem")).includes("niemand met die naam heeft in dit archief gehandeld"),
    "an unknown name refused in Dutch: " + await text("#erase-result .problem"));
  await erase(erasedName);
  await page.waitForSelector("#erase-result .ok");
  check((await text("#erase-result .ok")).includes("heet voortaan ‘verwijderde persoon’"), "the erasure confirmed: " + await text("#erase-result .ok"));
  const log = (await api("/audit/record-log")).items;
  check(log.length === 1 && log[0].kind === "erase-actor" && log[0].subject.startsWith("actor-"), "recorded by pseudonym");
  check((await api("/audit/head")).hash === before.hash, "the chain is as it was");
  await page.click("#verify");
  await page.waitForSelector("#verification p");
  check((await text("#verification p")).startsWith(WORDS.nl.chainOk), "the chain verifies after the erasure");
  await accessible("the beheerder's erasure form");
  await page.locator("#erase-section").screenshot({path: `${shots}/admin-erase-nl.png`});
  await page.goto(base + "/#/activities/" + ezk.id);
  await page.waitForSelector("#timeline");
  const timeline = await text("#timeline");
  check(timeline.includes("verwijderde persoon") && !timeline.includes(erasedName), "the timeline names nobody: " + timeline.slice(0, 120));
  await page.locator("#timeline").screenshot({path: `${shots}/erased-timeline-nl.png`});
  await signOut(WORDS.nl);
}

// Retention, beside the running service: the records manager applies the
// department's schedule (`ictgate retention apply`, here with a period that
// has run out) to a cancelled pilot. The opdrachtgever who follows the old
// link reads in Dutch that it was destroyed under the retention rule, naming
// the record log entry; the auditor's record log lists the destruction; the
// chain head stays as it was.
if (!providerUrl && process.env.ICTGATE_BINARY) {
  const send = async (path, body) => {
    const res = await fetch(base + "/api/v1" + path, {method: "POST", body: JSON.stringify(body),
      headers: {Authorization: "Bearer " + tokens["owner BZK"], "Content-Type": "application/json"}});
    assert.equal(res.status, 201, path);
    return res.json();
  };
  const pilot = (await send("/activities", {title: "Proef Archiefkoppeling", department: "BZK", kind: "project",
    ictCostEur: 6000000, plannedStart: "2027-03-01", plannedEnd: "2028-02-28", dossier: orange})).activity;
  await send("/activities/" + pilot.id + "/cancellations", {reason: "Opgegaan in het programma."});
  const before = await api("/audit/head");
  const schedule = shots + "/retention-schedule.json";
  writeFileSync(schedule, JSON.stringify({schedule: "browser", version: "1", rules: [{id: "geannuleerde-activiteit",
    recordType: "activity", states: ["cancelled"], retain: {years: 0}, action: "destroy",
    basis: "selectielijst (voorbeeld)"}]}));
  const ran = execFileSync(process.env.ICTGATE_BINARY, ["retention", "apply", "--db", process.env.ICTGATE_DB,
    "--schedule", schedule], {encoding: "utf8"});
  check(ran.includes("destroy-activity " + pilot.id), "retention destroyed the pilot: " + ran);
  check((await api("/audit/head")).hash === before.hash, "the head did not move");
  await signInAs(WORDS.nl, WORDS.nl.owner);
  provoked += 4;  // the activity page asks for the activity, its gate, events and eligibility at once
  await page.goto(base + "/#/activities/" + pilot.id);
  await page.waitForSelector("main .problem");
  const gone = await text("main .problem");
  check(gone.includes("bewaartermijn is verstreken") && gone.includes("vernietigd volgens bewaartermijnregel geannuleerde-activiteit"),
    "the destroyed activity explained in Dutch: " + gone);
  await accessible("the page of a destroyed activity");
  await shot("retention-gone-nl");
  await signOut(WORDS.nl);
  await signInAs(WORDS.nl, WORDS.nl.auditor);
  await page.click('nav a[href="#/audit"]');
  await page.waitForSelector("#record-log");
  const log = await text("#record-log");
  check(log.includes("Activiteit vernietigd (bewaartermijn verstreken)") && log.includes(pilot.id),
    "the record log lists the destruction: " + log.slice(0, 200));
  await page.locator("#record-log-section").screenshot({path: `${shots}/retention-record-log-nl.png`});
  await signOut(WORDS.nl);
}

// English as a choice, kept across pages; then the whole story again.
await page.click("#lang");
await heading("Sign in");
check(await page.getAttribute("html", "lang") === "en", "English chosen");
await story("en");
await page.click("#lang");
await page.waitForFunction(() => document.documentElement.lang === "nl");

check(errors.length === 0 && provoked === 0, "console errors: " + errors.join(" | "));
await browser.close();
console.log(`dashboard: ${checks} checks passed; screenshots in ${shots}`);

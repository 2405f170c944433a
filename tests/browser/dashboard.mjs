// The dashboard in a real browser (Debian's chromium through playwright-core),
// against a running `ictgate serve --demo`:
//   node dashboard.mjs BASE_URL TOKENS_FILE SCREENSHOT_DIR
// Checks that the overview lists the demo portfolio, that a filter works, that
// an activity page shows its failed criteria, the CIO's intake queue, and the
// accessibility basics (landmarks, labels, keyboard, text beside colour);
// fails on any console error (a CSP violation is one). Keeps screenshots.
import {readFileSync, mkdirSync} from "node:fs";
import {createRequire} from "node:module";
import assert from "node:assert/strict";

// playwright-core is pinned in tools/browser-test (test tooling only).
const require = createRequire(new URL("../../tools/browser-test/package.json", import.meta.url));
const {chromium} = require("playwright-core");

const [base, tokensFile, shots] = process.argv.slice(2);
const tokens = Object.fromEntries(readFileSync(tokensFile, "utf8").split("\n")
  .map((l) => l.trim().split(/\s+/)).filter((p) => p.length === 3 && p[2].startsWith("igt_"))
  .map(([role, dept, token]) => [role + " " + dept, token]));
mkdirSync(shots, {recursive: true});

async function api(path, token) {
  const res = await fetch(base + "/api/v1" + path, {headers: {Authorization: "Bearer " + token}});
  assert.equal(res.status, 200, path);
  return res.json();
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
const page = await browser.newPage({viewport: {width: 1280, height: 900}});
const errors = [];
page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
page.on("pageerror", (e) => errors.push(e.message));
let checks = 0;
const check = (cond, what) => { assert.ok(cond, what); ++checks; };

async function signIn(who) {
  await page.goto(base + "/#/");
  // Keyboard: the skip link comes first, then the token field.
  await page.keyboard.press("Tab");
  check(await page.evaluate(() => document.activeElement.classList.contains("skip")), "skip link first");
  await page.keyboard.press("Tab");
  check(await page.evaluate(() => document.activeElement.id === "token"), "token field by keyboard");
  await page.keyboard.type(tokens[who]);
  await page.keyboard.press("Enter");
}

// Overview: every activity the auditor may see, with its light and status.
await signIn("auditor *");
await page.waitForSelector("#portfolio tbody tr");
const portfolio = (await api("/activities?limit=500", tokens["auditor *"])).items;
const rows = await page.$$eval("#portfolio tbody tr", (trs) => trs.map((tr) =>
  [...tr.querySelectorAll("td")].map((td) => td.textContent.trim())));
check(portfolio.length >= 10, "the demo portfolio has activities");
check(rows.length === portfolio.length, `overview lists ${rows.length} of ${portfolio.length}`);
for (const a of portfolio) {
  const row = rows.find((r) => r[0] === a.id);
  check(row, "row for " + a.id);
  // The verdict is written out, not only coloured.
  check(row[4].includes(a.verdict ? a.verdict.recorded : "no verdict"), "verdict text for " + a.id);
}
await page.screenshot({path: shots + "/dashboard-overview.png", fullPage: true});

// Accessibility basics: landmarks, a label for every control, a table caption.
check(await page.$("header") && await page.$("nav") && await page.$("main"), "landmarks");
const unlabelled = await page.$$eval("input, select", (els) =>
  els.filter((e) => !(e.labels && e.labels.length)).map((e) => e.name || e.id));
check(unlabelled.length === 0, "unlabelled controls: " + unlabelled.join(", "));
check(await page.$("#portfolio caption"), "table caption");
check(await page.getAttribute("html", "lang") === "en", "page language");

// A filter: in execution only, the same set as the API gives.
await page.selectOption("#filter-state", "in_execution");
await page.click("#filters button[type=submit]");
const inExecution = portfolio.filter((a) => a.state === "in_execution").map((a) => a.id).sort();
// The unfiltered table stays on the page until the filtered one replaces it:
// wait for the filtered one, known by its caption.
await page.waitForFunction((n) => location.hash.includes("state=in_execution") &&
  document.querySelector("#portfolio caption")?.textContent === n + " activities",
  inExecution.length);
const filtered = (await page.$$eval("#portfolio tbody tr td:first-child", (tds) =>
  tds.map((td) => td.textContent.trim()))).sort();
check(inExecution.length > 0, "the demo has activities in execution");
assert.deepEqual(filtered, inExecution);
++checks;
const states = await page.$$eval("#portfolio tbody tr td:nth-child(4)", (tds) =>
  tds.map((td) => td.textContent.trim()));
check(states.every((s) => s === "in execution"), "every row in execution");

// An activity page with failed criteria: the red example dossier's activity.
let withFailures = null;
for (const a of portfolio) {
  const gate = await api("/activities/" + a.id + "/gate", tokens["auditor *"]);
  const failed = gate.unmetCriteria.filter((c) => c.result === "failed");
  if (failed.length) { withFailures = {a, failed}; break; }
}
check(withFailures, "some demo activity has failed criteria");
await page.goto(base + "/#/activities/" + withFailures.a.id);
await page.waitForSelector("#criteria");
const criteria = await page.$eval("#criteria", (t) => t.textContent);
for (const c of withFailures.failed) check(criteria.includes(c.id), "failed criterion " + c.id + " shown");
const timeline = await page.$$eval("#timeline li", (lis) => lis.length);
const events = (await api("/activities/" + withFailures.a.id + "/events", tokens["auditor *"])).items;
check(timeline === events.length, "the timeline shows every event");
check((await page.$eval("#eligibility", (d) => d.textContent)).length > 0, "eligibility and why");
await page.screenshot({path: shots + "/dashboard-activity.png", fullPage: true});

// The CIO's intake queue: the submitted activities of the CIO's department.
await page.evaluate(() => sessionStorage.clear());
await signIn("cio BZK");
await page.goto(base + "/#/intake");
await page.waitForSelector("#intake caption");
const submitted = (await api("/activities?state=submitted", tokens["cio BZK"])).items.map((a) => a.id).sort();
const queue = (await page.$$eval("#intake tbody tr td:first-child", (tds) =>
  tds.map((td) => td.textContent.trim()))).sort();
assert.deepEqual(queue, submitted);
++checks;
await page.screenshot({path: shots + "/dashboard-intake.png", fullPage: true});

check(errors.length === 0, "console errors: " + errors.join(" | "));
await browser.close();
console.log(`dashboard: ${checks} checks passed; screenshots in ${shots}`);

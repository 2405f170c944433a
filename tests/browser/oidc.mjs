// Sign-in through the organisation's identity provider, end to end: a real
// OpenID Provider (tests/oidc/provider.mjs), `ictgate serve --demo --oidc`,
// and Debian's chromium through playwright-core:
//   node oidc.mjs ICTGATE_URL PROVIDER_URL SCREENSHOT_DIR
//
// In the browser: a good sign-in (code flow with PKCE) lands in the dashboard
// as the person the provider names, with the role their group maps to, and
// does that role's task (the CIO-office accepts an intake; the event records
// the person); a person with no mapped group gets a 403 page in words; a
// provider's answer carried into another browser, and a made-up state, are
// refused; a write without the session's CSRF secret is refused and changes
// nothing; sign-out ends the session, here and at the provider. On the API: the provider's access
// tokens are taken for their mapped role, and refused with the wrong
// audience, expired, tampered with, or for an unmapped client; after the
// provider rotates its signing key, tokens signed with the new key are taken.
import {mkdirSync} from "node:fs";
import {createRequire} from "node:module";
import assert from "node:assert/strict";

const require = createRequire(new URL("../../tools/browser-test/package.json", import.meta.url));
const {chromium} = require("playwright-core");

const [base, provider, shots] = process.argv.slice(2);
mkdirSync(shots, {recursive: true});
let checks = 0;
const check = (cond, what) => { assert.ok(cond, what); ++checks; };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run"],
});
const newPage = async () => (await browser.newContext({viewport: {width: 1280, height: 900},
  timezoneId: "Europe/Amsterdam"})).newPage();

// Through the provider's login form (devInteractions: any password).
async function signInAtProvider(page, login) {
  await page.goto(base + "/");
  await page.waitForSelector("#sign-in-provider");
  await page.click("#sign-in-provider");
  await page.waitForSelector('input[name="login"]');
  await page.fill('input[name="login"]', login);
  await page.fill('input[name="password"]', "any");
  await page.click('button[type="submit"]');
}

async function api(path, token, init = {}) {
  return fetch(base + "/api/v1" + path, {...init, headers: {...init.headers, Authorization: "Bearer " + token}});
}

async function accessToken(client, resource) {
  const res = await fetch(provider + "/token", {method: "POST",
    headers: {Authorization: "Basic " + Buffer.from(client + ":" + client + "-secret").toString("base64"),
      "Content-Type": "application/x-www-form-urlencoded"},
    body: new URLSearchParams({grant_type: "client_credentials", scope: "api", resource})});
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  return body.access_token;
}

// A good sign-in: Alice, CIO-office BZK by her group.
const page = await newPage();
await signInAtProvider(page, "alice");
await page.waitForSelector("#who-name");
check((await page.textContent("#who-name")).includes("Alice de Vries"), "signed in as the provider's name");
check((await page.textContent("#who-role")).includes("CIO-office, BZK"), "the role her group maps to");
check(await page.$('nav a[href="#/intake"]'), "the CIO-office's navigation");
const cookies = await page.context().cookies();
const session = cookies.find((c) => c.name === "__Host-ictgate-session");
check(session && session.httpOnly && session.secure && session.sameSite === "Strict", "the session cookie");
await page.screenshot({path: shots + "/oidc-signed-in-nl.png", fullPage: true});

// Her task: accept the intake of the submitted demo activity, recorded as her.
await page.goto(base + "/#/activities/BZK-2026-0002");
await page.waitForSelector("#action-accept");
// First a write without the CSRF secret, from the page itself: refused, nothing changes.
const forged = await page.evaluate(async () => (await fetch("/api/v1/activities/BZK-2026-0002/intake-decisions",
  {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify({decision: "accept"})})).status);
check(forged === 403, "a write without the CSRF secret is 403, was " + forged);
check((await page.textContent("#state")) === "Ingediend", "still submitted");
await page.click("#action-accept summary");
await page.click("#form-accept button[type=submit]");
await page.waitForFunction(() => document.querySelector("#state")?.textContent === "In toetsing");
const events = await page.evaluate(async () => (await (await fetch("/api/v1/activities/BZK-2026-0002/events")).json()).items);
const last = events[events.length - 1];
check(last.type === "accept-intake" && last.actor.name === "Alice de Vries" && last.actor.role === "cio",
  "the event records the person: " + JSON.stringify(last.actor));

// Sign-out ends the session on the server, and at the provider (RP-initiated
// logout): back at the sign-in page, the next sign-in asks for a password.
await page.click("#sign-out");
await page.waitForSelector('button[name="logout"]');
check(page.url().startsWith(provider + "/session/end"), "sent to the provider to sign out there");
await page.click('button[name="logout"]');
await page.waitForSelector("#sign-in-provider");
check(new URL(page.url()).search === "", "back, the URL cleaned");
check((await page.textContent("main .notice")).includes("uitgelogd"), "the signed-out notice");
check(await page.evaluate(async () => (await fetch("/api/v1/session")).status) === 401, "signed out");
await page.click("#sign-in-provider");
await page.waitForSelector('input[name="login"]', {timeout: 5000}).catch(() => null);
check(page.url().startsWith(provider) && await page.$('input[name="login"]'),
  "the provider asks for a password again, not signing in the last person: " + page.url());
await page.goto(base + "/");

// A person whose groups map to no role: a 403 page in words, no session.
const other = await newPage();
const answers = [];
other.on("response", (r) => { if (r.url().includes("/auth/callback")) answers.push(r.status()); });
await signInAtProvider(other, "mallory");
await other.waitForSelector("main h1");
check(answers.includes(403), "the callback answered 403: " + answers);
check((await other.textContent("main h1")) === "U hebt geen rol in ictgate", "a page in words");
check((await other.textContent("main")).includes("You have no role in ictgate"), "and in English");
await other.screenshot({path: shots + "/oidc-no-role.png", fullPage: true});
const hasSession = async (p) => (await p.context().cookies()).some((c) => c.name === "__Host-ictgate-session");
check(!(await hasSession(other)), "no session for mallory");

// Login CSRF: someone starts a sign-in (and holds its binding cookie), signs
// in at the provider with their own account, and has another browser open
// the answer. That browser did not start the sign-in: refused, nobody signed in.
const started = await fetch(base + "/auth/login", {redirect: "manual"});
check(started.status === 302 && started.headers.get("set-cookie").includes("__Host-ictgate-signin="),
  "a sign-in starts with a redirect and a binding cookie");
const victim = await newPage();
const victimAnswers = [];
victim.on("response", (r) => { if (r.url().includes("/auth/callback")) victimAnswers.push(r.status()); });
await victim.goto(started.headers.get("location"));
await victim.fill('input[name="login"]', "bob");
await victim.fill('input[name="password"]', "any");
await victim.click('button[type="submit"]');
await victim.waitForSelector("main h1");
check(victimAnswers.includes(400), "the answer in a browser that did not start it is 400: " + victimAnswers);
check(!(await hasSession(victim)), "and signs in nobody");
const madeUp = await victim.goto(base + "/auth/callback?state=made-up&code=x");
check(madeUp.status() === 400 && (await victim.textContent("main h1")) === "Inloggen is niet gelukt",
  "a made-up state is 400 with a page in words");

// The provider's access tokens on the API.
const good = await accessToken("ictgate-auditor-client", "urn:ictgate:api");
let r = await api("/activities", good);
check(r.status === 200, "an access token for this API is taken: " + r.status);
check((await (await api("/session", good)).json()).role === "auditor", "as the role its group maps to");
r = await api("/activities", await accessToken("ictgate-auditor-client", "urn:test:other"));
check(r.status === 401, "another audience is 401");
r = await api("/activities", await accessToken("nobody-client", "urn:ictgate:api"));
check(r.status === 403, "an unmapped client is 403");
const [head, payload, signature] = good.split(".");
const claims = JSON.parse(Buffer.from(payload, "base64url"));
claims.groups = ["ictgate-auditor"]; claims.sub = "someone-else";
r = await api("/activities", [head, Buffer.from(JSON.stringify(claims)).toString("base64url"), signature].join("."));
check(r.status === 401, "a tampered token is 401");
r = await api("/activities", [Buffer.from(JSON.stringify({alg: "none", typ: "at+jwt"})).toString("base64url"),
  payload, ""].join("."));
check(r.status === 401, "an unsigned token is 401");
const short = await accessToken("ictgate-auditor-client", "urn:test:short");
check((await api("/activities", short)).status === 200, "a short-lived token is taken at first");
await new Promise((done) => setTimeout(done, 3100));
check((await api("/activities", short)).status === 401, "and refused once expired");
const rotated = await (await fetch(provider + "/__test/rotate", {method: "POST"})).json();
const fresh = await accessToken("ictgate-auditor-client", "urn:ictgate:api");
check(JSON.parse(Buffer.from(fresh.split(".")[0], "base64url")).kid === rotated[0], "signed with the new key");
check((await api("/activities", fresh)).status === 200, "a token signed with the rotated key is taken");

await browser.close();
console.log(`oidc: ${checks} checks passed; screenshots in ${shots}`);

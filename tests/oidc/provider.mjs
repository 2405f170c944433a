// A real OpenID Provider (panva's oidc-provider, pinned in tools/browser-test)
// on loopback, for the sign-in tests (scripts/oidc-test.sh):
//   node provider.mjs PROVIDER_PORT ICTGATE_PORT
// Issuer http://127.0.0.1:PROVIDER_PORT. Clients:
//   ictgate-dashboard       the dashboard: code flow, PKCE required, secret in
//                           the file ictgate-dashboard.secret beside the log
//   ictgate-auditor-client  client_credentials; its tokens carry groups
//                           ["ictgate-auditor"]
//   nobody-client           client_credentials; groups ["nobody"] (unmapped)
// People (devInteractions' login form; any password): olga (opdrachtgever
// BZK), alice (CIO-office BZK), bob (FEZ BZK), aart (auditor), mallory (no
// mapped group).
// Access tokens are RS256 JWTs (typ at+jwt) for the resource asked for:
//   urn:ictgate:api  aud "ictgate-api", 5 minutes
//   urn:test:short   aud "ictgate-api", 2 seconds
//   urn:test:other   aud "some-other-api"
// Test hooks: POST /__test/rotate signs with a new key, still publishing the
// old one.
import http from "node:http";
import {generateKeyPairSync} from "node:crypto";
import {createRequire} from "node:module";

const require = createRequire(new URL("../../tools/browser-test/package.json", import.meta.url));
const {default: Provider} = await import(require.resolve("oidc-provider"));

const port = Number(process.argv[2]);
const ictgatePort = Number(process.argv[3]);
const issuer = `http://127.0.0.1:${port}`;
export const SECRET = "dashboard-secret-for-tests-only";

const newKey = (kid) => ({...generateKeyPairSync("rsa", {modulusLength: 2048})
  .privateKey.export({format: "jwk"}), kid, alg: "RS256", use: "sig"});

const ACCOUNTS = {
  olga: {name: "Olga Bakker", groups: ["staff", "ictgate-owner-bzk"]},
  alice: {name: "Alice de Vries", groups: ["staff", "ictgate-cio-bzk"]},
  bob: {name: "Bob Jansen", groups: ["ictgate-fez-bzk"]},
  aart: {name: "Aart Visser", groups: ["ictgate-auditor"]},
  mallory: {name: "Mallory", groups: ["nobody"]},
};
const CLIENT_GROUPS = {"ictgate-auditor-client": ["ictgate-auditor"], "nobody-client": ["nobody"]};
const RESOURCES = {
  "urn:ictgate:api": {audience: "ictgate-api"},
  "urn:test:short": {audience: "ictgate-api", accessTokenTTL: 2},
  "urn:test:other": {audience: "some-other-api"},
};

let keys = [newKey("k1")];
let provider;

function build() {
  const p = new Provider(issuer, {
    clients: [{
      client_id: "ictgate-dashboard", client_secret: SECRET,
      redirect_uris: [`http://127.0.0.1:${ictgatePort}/auth/callback`],
      post_logout_redirect_uris: [`http://127.0.0.1:${ictgatePort}/?signed-out`],
      grant_types: ["authorization_code"], response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    }, ...Object.keys(CLIENT_GROUPS).map((id) => ({
      client_id: id, client_secret: id + "-secret",
      grant_types: ["client_credentials"], response_types: [], redirect_uris: [],
    }))],
    jwks: {keys},
    pkce: {required: () => true},
    findAccount: async (ctx, sub) => ACCOUNTS[sub] && ({
      accountId: sub,
      claims: async () => ({sub, name: ACCOUNTS[sub].name, groups: ACCOUNTS[sub].groups}),
    }),
    claims: {openid: ["sub"], profile: ["name"], groups: ["groups"]},
    scopes: ["openid", "profile", "groups", "api"],
    conformIdTokenClaims: false,
    extraTokenClaims: async (ctx, token) => ({
      groups: token.accountId ? ACCOUNTS[token.accountId]?.groups : CLIENT_GROUPS[token.clientId],
    }),
    features: {
      devInteractions: {enabled: true},
      clientCredentials: {enabled: true},
      resourceIndicators: {
        enabled: true,
        defaultResource: () => "urn:ictgate:api",
        useGrantedResource: () => true,
        getResourceServerInfo: (ctx, resource) => {
          const r = RESOURCES[resource];
          if (!r) throw new Error("unknown resource");
          return {scope: "api", accessTokenFormat: "jwt", jwt: {sign: {alg: "RS256"}}, ...r};
        },
      },
    },
    // The dashboard is a first-party client: no consent screen.
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId});
      grant.addOIDCScope("openid profile groups");
      grant.addOIDCClaims(["groups", "name"]);
      grant.addResourceScope("urn:ictgate:api", "api");
      await grant.save();
      return grant;
    },
    ttl: {AccessToken: (ctx, token) => token.resourceServer?.accessTokenTTL || 300},
  });
  p.proxy = false;
  return p;
}
provider = build();

http.createServer((req, res) => {
  if (req.url === "/__test/rotate" && req.method === "POST") {
    keys = [newKey("k" + Date.now()), keys[0]];  // the new one signs, the old one stays published
    provider = build();
    res.end(JSON.stringify(keys.map((k) => k.kid)));
    return;
  }
  provider.callback()(req, res);
}).listen(port, "127.0.0.1", () => console.log("provider ready " + issuer));

// Validates recorded API exchanges against the OpenAPI document: every status
// must be documented for its operation, and every body must match the
// documented schema for its content type.
//   node tests/validate_responses.mjs api/openapi.json exchanges.jsonl
import fs from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(new URL("../tools/schema-check/package.json", import.meta.url));
const Ajv = require("ajv");
const addFormats = require("ajv-formats");

const [docPath, logPath] = process.argv.slice(2);
const doc = JSON.parse(fs.readFileSync(docPath, "utf8"));
const exchanges = fs.readFileSync(logPath, "utf8").split("\n").filter(Boolean).map(JSON.parse);

// OpenAPI 3.0 schemas to JSON Schema: `nullable` becomes a null alternative,
// and local references point into the registered document.
function convert(schema) {
  if (Array.isArray(schema)) return schema.map(convert);
  if (schema === null || typeof schema !== "object") return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "nullable" || key === "example") continue;
    out[key] = key === "$ref" ? "openapi.json" + value : convert(value);
  }
  return schema.nullable ? { anyOf: [{ type: "null" }, out] } : out;
}

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addFormat("int32", true);
ajv.addFormat("int64", true);
ajv.addSchema({ components: convert(doc.components) }, "openapi.json");

const templates = Object.keys(doc.paths).map((path) => ({
  path,
  regex: new RegExp("^" + path.replace(/\./g, "\\.").replace(/\{[^}]+\}/g, "[^/]+") + "$"),
}));

let failures = 0;
const seen = new Set();
for (const x of exchanges) {
  const path = x.path.replace(/^\/api\/v1/, "").split("?")[0];
  const template = templates.find((t) => t.regex.test(path));
  const where = `${x.method} ${x.path} -> ${x.status}`;
  const operation = template && doc.paths[template.path][x.method.toLowerCase()];
  if (!operation && x.status === 404) {
    // An unknown path: answered with a problem, like every error.
    const validate = ajv.compile({ $ref: "openapi.json#/components/schemas/Problem" });
    if (!validate(JSON.parse(x.body))) {
      console.log(`INVALID problem: ${where}\n  ${ajv.errorsText(validate.errors)}`);
      failures++;
    }
    continue;
  }
  if (!operation) {
    console.log(`UNDOCUMENTED operation: ${where}`);
    failures++;
    continue;
  }
  let response = operation.responses[String(x.status)];
  if (response && response.$ref) {
    response = doc.components.responses[response.$ref.split("/").pop()];
  }
  if (!response) {
    console.log(`UNDOCUMENTED status: ${where}`);
    failures++;
    continue;
  }
  seen.add(`${x.method} ${template.path} ${x.status}`);
  if (!x.body) continue;
  const type = (x.contentType || "").split(";")[0].trim();
  const media = response.content && response.content[type];
  if (!media) {
    console.log(`UNDOCUMENTED content type ${type}: ${where}`);
    failures++;
    continue;
  }
  // A document (the CIO-oordeel's HTML) is checked for its documented type only.
  if (!/[/+]json$/.test(type)) continue;
  const validate = ajv.compile(convert(media.schema));
  if (!validate(JSON.parse(x.body))) {
    console.log(`INVALID body: ${where}\n  ${ajv.errorsText(validate.errors)}`);
    failures++;
  }
}
console.log(`${exchanges.length} exchanges checked, ${seen.size} distinct operation/status pairs, ${failures} failures`);
process.exit(failures === 0 && exchanges.length > 0 ? 0 : 1);

// Generates src/jobs.generated.ts, the annealing jobs API's types, from the server's OpenAPI
// document (src/main/resources/openapi.json, the one the server serves at /openapi.json), as the
// protocol's types are generated from its records. `--check` only compares, and fails when the file
// is out of date (test/jobs.test.mjs runs it).
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const OPENAPI = path.resolve(ROOT, "../../src/main/resources/openapi.json");
const TARGET = path.join(ROOT, "src/jobs.generated.ts");
/** The schemas of the jobs API, in the order they are written. */
const SCHEMAS = ["JobRequest", "JobSubmitted", "Job", "JobList", "JobCancelled", "JobStartedEvent", "JobProgressEvent",
  "JobResultEvent", "Error"];

function typeOf(schema) {
  let t;
  if (schema.$ref) {
    t = schema.$ref.split("/").pop();
    t = t === "Error" ? "ApiError" : t;
  } else if (schema.enum) {
    t = schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  } else if (schema.type === "string") {
    t = "string";
  } else if (schema.type === "number" || schema.type === "integer") {
    t = "number";
  } else if (schema.type === "boolean") {
    t = "boolean";
  } else if (schema.type === "array") {
    t = `${typeOf(schema.items)}[]`;
  } else if (schema.type === "object" && schema.properties) {
    t = `{ ${Object.entries(schema.properties).map(([k, v]) => `${k}${(schema.required ?? []).includes(k) ? "" : "?"}: ${typeOf(v)}`).join("; ")} }`;
  } else {
    t = "Record<string, unknown>";
  }
  return schema.nullable ? `${t} | null` : t;
}

function comment(text, indent) {
  return text ? `${indent}/** ${text.replaceAll("*/", "*\\/")} */\n` : "";
}

export function generate() {
  const schemas = JSON.parse(fs.readFileSync(OPENAPI, "utf8")).components.schemas;
  let out = "// Generated from the server's OpenAPI document (src/main/resources/openapi.json) by\n"
    + "// scripts/generate-jobs-types.mjs (npm run generate). Do not edit: regenerate instead.\n";
  for (const name of SCHEMAS) {
    const schema = schemas[name];
    if (!schema) {
      throw new Error(`openapi.json has no schema ${name}`);
    }
    out += `\n${comment(schema.description, "")}export interface ${name === "Error" ? "ApiError" : name} {\n`;
    for (const [prop, p] of Object.entries(schema.properties)) {
      out += comment(p.description, "  ");
      out += `  ${prop}${(schema.required ?? []).includes(prop) ? "" : "?"}: ${typeOf(p)};\n`;
    }
    out += "}\n";
  }
  out += "\n/** What `anneal:<job_id>` carries, in order: started, progress…, result. */\n"
    + "export type JobEvent = JobStartedEvent | JobProgressEvent | JobResultEvent;\n";
  return out;
}

if (import.meta.filename === process.argv[1]) {
  const text = generate();
  if (process.argv.includes("--check")) {
    if (!fs.existsSync(TARGET) || fs.readFileSync(TARGET, "utf8") !== text) {
      console.error("src/jobs.generated.ts is out of date with openapi.json: run `npm run generate`");
      process.exit(1);
    }
  } else {
    fs.writeFileSync(TARGET, text);
  }
}

#!/usr/bin/env node
// Validates a running regiebord-hub's responses against docs/schema/*.schema.json
// with ajv: an independent validator, not the C++ codec the hub itself uses.
//
//   node validate.mjs [BASE_URL] [TOKEN] [BOARD]
//   env: REGIEBORD_HUB_URL, REGIEBORD_TOKEN, REGIEBORD_BOARD (default demo-regio)
//
// Prints one line per check; the last line is "N passed, M failed". Exit code 1
// on any failure, 2 on bad usage. Needs a board with an open escalation that has
// options (the demo board has several); it decides one of them.

import { randomUUID } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");
const schemaDir = join(repo, "docs", "schema");
const schemaBase = "https://regiebord.invalid/schema/v1/";

const baseUrl = (process.argv[2] ?? process.env.REGIEBORD_HUB_URL ?? "").replace(/\/+$/, "");
const token = process.argv[3] ?? process.env.REGIEBORD_TOKEN ?? "";
const board = process.argv[4] ?? process.env.REGIEBORD_BOARD ?? "demo-regio";
if (!baseUrl || !token) {
  console.error("usage: node validate.mjs BASE_URL TOKEN [BOARD]  (or REGIEBORD_HUB_URL / REGIEBORD_TOKEN)");
  process.exit(2);
}

let passed = 0;
let failed = 0;
function check(name, ok, detail = "") {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? "PASS" : "FAIL"} ${name}${!ok && detail ? ": " + detail : ""}`);
  return ok;
}

// --- schemas -------------------------------------------------------------------
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
let schemasLoaded = false;
try {
  for (const file of readdirSync(schemaDir).filter((f) => f.endsWith(".schema.json")).sort())
    ajv.addSchema(JSON.parse(readFileSync(join(schemaDir, file), "utf8")));
  for (const name of ["snapshot", "board-import", "decision-request", "decision-response", "error", "health", "changes",
                     "heartbeat-request"])
    ajv.getSchema(schemaBase + name + ".schema.json"); // compiles (and resolves $refs) now
  schemasLoaded = true;
  check("schemas compile (ajv draft 2020-12, strict)", true);
} catch (e) {
  check("schemas compile (ajv draft 2020-12, strict)", false, e.message);
}

function errorsOf(name, value) {
  const validate = ajv.getSchema(schemaBase + name + ".schema.json");
  if (!validate) return [`no schema ${name}`];
  if (validate(value)) return [];
  return validate.errors.map((e) => `${e.instancePath || "/"} ${e.message}`);
}
function describe(errors) {
  return errors.slice(0, 5).join("; ") + (errors.length > 5 ? ` (+${errors.length - 5} more)` : "");
}

// --- HTTP ------------------------------------------------------------------------
async function call(method, path, { auth = true, key, body } = {}) {
  const headers = {};
  if (auth) headers.Authorization = `Bearer ${token}`;
  if (key) headers["Idempotency-Key"] = key;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(baseUrl + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/// One check: status code, JSON body, Date header, and the body against a schema.
function checkResponse(name, res, expectedStatus, schema, extra = () => "") {
  const problems = [];
  if (res.status !== expectedStatus) problems.push(`status ${res.status}, expected ${expectedStatus}`);
  if (res.json === undefined) problems.push(`body is not JSON: ${JSON.stringify(res.text.slice(0, 200))}`);
  else {
    const errors = errorsOf(schema, res.json);
    if (errors.length) problems.push(`${schema}.schema.json: ${describe(errors)}`);
    const more = extra(res.json);
    if (more) problems.push(more);
  }
  if (!res.headers.get("date")) problems.push("no Date header");
  return check(`${name} -> ${expectedStatus}, valid ${schema}`, problems.length === 0, problems.join(" | "));
}

async function main() {
  if (!schemasLoaded) return;
  const boardPath = `/v1/boards/${encodeURIComponent(board)}`;

  // 1. health
  checkResponse("GET /v1/health", await call("GET", "/v1/health", { auth: false }), 200, "health");

  // 2. snapshot
  const snap = await call("GET", `${boardPath}/snapshot`);
  checkResponse(`GET ${boardPath}/snapshot`, snap, 200, "snapshot");
  const snapshot = snap.json;

  // 3. an independent check that the schema is not vacuous: a broken snapshot must fail
  if (snapshot?.agreements?.length) {
    const broken = structuredClone(snapshot);
    broken.agreements[0].status = "uitstekend";
    const errors = errorsOf("snapshot", broken);
    check(
      'snapshot with agreement status "uitstekend" is rejected',
      errors.some((e) => e.startsWith("/agreements/0/status")),
      errors.length ? `unexpected errors: ${describe(errors)}` : "it validated",
    );
  } else {
    check('snapshot with agreement status "uitstekend" is rejected', false, "snapshot has no agreements");
  }

  // 4. the demo import document
  let importDoc;
  try {
    importDoc = JSON.parse(readFileSync(join(repo, "assets", "demo", "board.json"), "utf8"));
  } catch (e) {
    importDoc = undefined;
    check("assets/demo/board.json valid board-import", false, e.message);
  }
  if (importDoc) {
    const errors = errorsOf("board-import", importDoc);
    check("assets/demo/board.json valid board-import", errors.length === 0, describe(errors));
  }

  // 5. decisions
  const escalation = snapshot?.escalations?.find((e) => e.status === "open" && e.options?.length > 0);
  if (!check("snapshot has an open escalation with options", Boolean(escalation))) return;
  const request = {
    escalation_id: escalation.id,
    outcome: "option",
    option_id: escalation.options[0].id,
    note: "Schema-test",
    decided_by: "Voorzitter (schema-test)",
    decided_at: new Date().toISOString(),
    meeting_id: escalation.meeting ?? null,
  };
  {
    const errors = errorsOf("decision-request", request);
    check("decision request body valid decision-request", errors.length === 0, describe(errors));
  }
  const decisionsPath = `${boardPath}/decisions`;
  const key = randomUUID();

  const created = await call("POST", decisionsPath, { key, body: request });
  checkResponse(`POST ${decisionsPath} (new key)`, created, 201, "decision-response", (j) =>
    j.decision?.idempotency_key !== key || j.decision?.escalation_id !== escalation.id
      ? "decision does not echo the key / escalation"
      : "",
  );

  const retried = await call("POST", decisionsPath, { key, body: request });
  checkResponse(`POST ${decisionsPath} (same key, same body)`, retried, 200, "decision-response", () =>
    retried.text !== created.text ? "body differs from the 201 body" : "",
  );

  const reused = await call("POST", decisionsPath, { key, body: { ...request, note: "Ander besluit" } });
  checkResponse(`POST ${decisionsPath} (same key, other body)`, reused, 422, "error", (j) =>
    j.error?.code !== "idempotency_key_reused" ? `code ${j.error?.code}, expected idempotency_key_reused` : "",
  );

  const again = await call("POST", decisionsPath, { key: randomUUID(), body: request });
  checkResponse(`POST ${decisionsPath} (new key, decided escalation)`, again, 409, "error", (j) =>
    j.error?.code !== "already_decided"
      ? `code ${j.error?.code}, expected already_decided`
      : j.escalation?.id !== escalation.id
        ? "no escalation in the body"
        : "",
  );

  // 5b. dates: the schema and the hub's codec (sync/dates.cpp) draw the same line. The
  //     escalation is decided now, so a body the hub reads answers 409 already_decided
  //     and one it refuses answers 400 invalid_request; neither changes anything.
  const timestamps = {
    valid: ["2024-02-29T10:00:00Z", "2026-11-28T14:05:07.123456789+05:45", "2026-11-28T14:05:07-00:00",
            "2026-11-28T23:59:59+23:59"],
    invalid: ["2026-02-31T10:00:00Z", "2025-02-29T10:00:00Z", "2026-04-31T10:00:00Z", "2026-13-01T10:00:00Z",
              "2026-11-28T24:00:00Z", "2026-11-28T23:60:00Z", "2016-12-31T23:59:60Z", "2026-11-28T14:05:07",
              "2026-11-28T14:05:07+24:00", "2026-11-28t14:05:07z", "2026-11-28 14:05:07Z",
              "2026-11-28T14:05:07.1234567890Z", "2026-11-28T14:05:07Zx"],
  };
  for (const [verdict, list] of Object.entries(timestamps)) {
    for (const decidedAt of list) {
      const body = { ...request, decided_at: decidedAt };
      const errors = errorsOf("decision-request", body);
      const res = await call("POST", decisionsPath, { key: randomUUID(), body });
      const expected = verdict === "valid" ? [409, "already_decided"] : [400, "invalid_request"];
      check(`decided_at ${JSON.stringify(decidedAt)}: schema and hub both say ${verdict}`,
        (errors.length === 0) === (verdict === "valid") && res.status === expected[0] &&
          res.json?.error?.code === expected[1],
        `schema: ${errors.length ? describe(errors) : "valid"} | hub: ${res.status} ${res.json?.error?.code}`);
    }
  }
  for (const [deadline, valid] of [["2024-02-29", true], ["2026-02-31", false], ["2026-04-31", false],
                                   ["2026-00-10", false]]) {
    const doc = structuredClone(snapshot);
    doc.agreements[0].target.deadline = deadline;
    const errors = errorsOf("snapshot", doc);
    check(`snapshot with deadline ${deadline} is ${valid ? "valid" : "rejected"}`,
      valid ? errors.length === 0 : errors.some((e) => e.startsWith("/agreements/0/target/deadline")),
      errors.length ? describe(errors) : "it validated");
  }

  // 6. unauthorised
  checkResponse(`GET ${boardPath}/snapshot without token`, await call("GET", `${boardPath}/snapshot`, { auth: false }),
    401, "error");

  // 7. delta sync: the changes since the first snapshot carry the decision; an
  //    impossible cursor asks for a resync (410, error body)
  const changes = await call("GET", `${boardPath}/changes?since=${snapshot.seq}`);
  checkResponse(`GET ${boardPath}/changes?since=${snapshot.seq}`, changes, 200, "changes", (j) =>
    !j.decisions?.some((d) => d.idempotency_key === key)
      ? "the decision is not among the changes"
      : !j.upserts?.escalations?.some((e) => e.id === escalation.id && e.status === "besloten")
        ? "the decided escalation is not among the upserts"
        : "",
  );
  checkResponse(`GET ${boardPath}/changes?since=999999`, await call("GET", `${boardPath}/changes?since=999999`),
    410, "error", (j) => (j.error?.code !== "resync" ? `code ${j.error?.code}, expected resync` : ""));

  // 8. a heartbeat as the kiosk sends it is valid and accepted (204, no body)
  const beat = { version: "0.1.0", data_age_seconds: 3, outbox_depth: 0, last_error: "", uptime_seconds: 60,
                 memory_kb: 40000, clock_offset_seconds: 0 };
  const beatErrors = errorsOf("heartbeat-request", beat);
  const beatRes = await call("POST", `${boardPath}/heartbeat`, { body: beat });
  check(`POST ${boardPath}/heartbeat -> 204, body valid heartbeat-request`,
    beatErrors.length === 0 && beatRes.status === 204, `${describe(beatErrors)} status ${beatRes.status}`);

  // 9. the snapshot after the decision still validates and carries it
  const after = await call("GET", `${boardPath}/snapshot`);
  checkResponse(`GET ${boardPath}/snapshot after the decision`, after, 200, "snapshot", (j) =>
    !j.decisions?.some((d) => d.idempotency_key === key)
      ? "the decision is not in decisions"
      : j.escalations?.find((e) => e.id === escalation.id)?.status !== "besloten"
        ? "the escalation is not besloten"
        : "",
  );
}

try {
  await main();
} catch (e) {
  check("no unexpected exception", false, e?.cause?.message ?? e?.message ?? String(e));
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

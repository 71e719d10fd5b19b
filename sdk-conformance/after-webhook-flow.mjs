// What a customer does after the webhook, against the running local stack, with Metriport's official SDK
// where it has the call and plain fetch for this service's extensions: the date filter of the trigger,
// the URL lifetime setting, the delivery log (GET /settings/webhook/request, paged as Metriport pages,
// with @metriport/shared's paginationMetaSchema as the oracle of every page's meta: the SDK's own
// dependency, pinned at node_modules/@metriport/shared by package-lock.json), the retry of one
// message, the recovery of a time range, the cancel of a run in progress (DELETE …/bulk) and the
// rotation of the webhook key with an overlap (checked with the standardwebhooks reference library).
//
// The flow runs its own webhook receiver (node:http on 127.0.0.1, a free port): it records every
// request's raw body and headers, answers pings with their pong, and can be told to answer 200, an
// error status (once or until told otherwise), or to stall (hold the request without answering). It
// sets it as the customer's webhook with the SDK's updateSettings and, at the end, points the webhook
// back at the local inbox, as .ci/sdk-flow.sh's later steps expect.
//
// Started by .ci/sdk-flow.sh right after sdk-flow.mjs, against the same stack. Environment:
//   API_URL       e.g. http://127.0.0.1:8080
//   API_KEY       the demo customer's API key
//   INBOX_URL     the local webhook inbox, set back as the webhook at the end
//   PATIENT_ID, SECOND_PATIENT_ID   the two demo patients (default demo-patient-1, demo-patient-2)
//   FLOW_TIMEOUT_SECONDS           per wait (default 90)
//   SETTLE_SECONDS                 how long "nothing more arrives" is watched (default 4)
//   LOG_DIR       optional: the services' logs, checked at the end for the keys and URLs they must not hold
//   LOG_FILES     which logs of LOG_DIR (default "api-service.log workflow-worker.log")
import { MetriportMedicalApi } from "@metriport/api-sdk";
import { paginationMetaSchema } from "@metriport/shared/domain/pagination";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { Webhook } from "standardwebhooks";

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const API_URL = env("API_URL");
const API_KEY = env("API_KEY");
const INBOX_URL = env("INBOX_URL");
const PATIENT_ID = env("PATIENT_ID", "demo-patient-1");
const SECOND_PATIENT_ID = env("SECOND_PATIENT_ID", "demo-patient-2");
const TIMEOUT_MS = Number(env("FLOW_TIMEOUT_SECONDS", "90")) * 1000;
const SETTLE_MS = Number(env("SETTLE_SECONDS", "4")) * 1000;

const BULK_PATH = "/medical/v1/document/download-url/bulk";
const LOG_PATH = "/settings/webhook/request";
const CANCELLED = "cancelled by the customer";
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const api = new MetriportMedicalApi(API_KEY, { baseAddress: API_URL });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const flowStarted = Date.now();
const log = (message) => console.log(`[after-webhook-flow] +${((Date.now() - flowStarted) / 1000).toFixed(1)}s ${message}`);

async function waitFor(what, probe) {
  const deadline = Date.now() + TIMEOUT_MS;
  let last;
  while (Date.now() < deadline) {
    last = await probe();
    if (last) return last;
    await sleep(250);
  }
  throw new Error(`timed out after ${TIMEOUT_MS / 1000}s waiting for ${what}`);
}

// ---------------------------------------------------------------------------------------------------
// The customer's webhook receiver

/**
 * A webhook endpoint under the flow's control. Every request is kept in arrival order as
 * { index, at, url, headers, body (raw string), json, answer } where answer is the status it got, or
 * "held" while it stalls. Pings are always answered with their pong.
 */
async function startReceiver() {
  const received = [];
  const held = [];
  const once = [];
  let mode = { kind: "ok" };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let json;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      const entry = { index: received.length, at: Date.now(), url: req.url, headers: req.headers, body, json };
      received.push(entry);
      const answer = (status, payload) => {
        entry.answer = status;
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(payload));
      };
      if (json?.meta?.type === "ping") {
        answer(200, { pong: json.ping });
      } else if (once.length > 0) {
        answer(once.shift(), { error: "answered as the flow asked" });
      } else if (mode.kind === "status") {
        answer(mode.status, { error: "answered as the flow asked" });
      } else if (mode.kind === "stall") {
        entry.answer = "held";
        res.on("close", () => {
          if (!res.writableEnded) entry.droppedBySender = true;
        });
        held.push({ entry, res });
      } else {
        answer(200, {});
      }
    });
  });
  // Idle connections are kept longer than the worker's HTTP client pools them (OkHttp: 5 minutes). With
  // Node's default (5 s) the worker reuses a connection the receiver has just closed, and since it does not
  // retry on a failed connection, that attempt fails (IOException) and counts: every attempt after a lull
  // would cost a backoff, and the log's attempt counts would depend on timing.
  server.keepAliveTimeout = 6 * MINUTE;
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/customer-webhook`,
    received,
    /** Every later request is answered 200. */
    ok: () => (mode = { kind: "ok" }),
    /** Every later request is answered with this status. */
    answerWith: (status) => (mode = { kind: "status", status }),
    /** The next request only is answered with this status. */
    answerNextWith: (status) => once.push(status),
    /** Later requests are held without an answer until release(). */
    stall: () => (mode = { kind: "stall" }),
    /** Answers 200 on every held request whose sender still waits; returns { answered, dropped }. */
    release() {
      let answered = 0;
      let dropped = 0;
      for (const { entry, res } of held.splice(0)) {
        if (res.writableEnded || res.destroyed || res.socket?.destroyed) {
          dropped++;
          continue;
        }
        entry.answer = 200;
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
        answered++;
      }
      return { answered, dropped };
    },
    /** The first request from index `from` on that matches. */
    waitFor: (what, predicate, from = 0) => waitFor(what, async () => received.slice(from).find(predicate)),
    /** The run's documents message, once answered 200. */
    delivered: (requestId) =>
      waitFor(`the message of ${requestId}`, async () => received.find(deliveredDocuments(requestId))),
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// The API, as a customer's code calls it

/**
 * One call with the customer's key. A 429 is waited out as its Retry-After says and the call made
 * again (what a customer's client does); every wait is logged.
 */
async function call(method, pathOrUrl, { body, key = API_KEY } = {}) {
  const url = pathOrUrl.startsWith("http") ? pathOrUrl : `${API_URL}${pathOrUrl}`;
  const started = Date.now();
  const deadline = started + TIMEOUT_MS;
  for (;;) {
    const headers = { "x-api-key": key };
    let payload;
    if (body !== undefined) {
      headers["content-type"] = "application/json";
      payload = JSON.stringify(body);
    }
    const response = await fetch(url, { method, headers, body: payload });
    const text = await response.text();
    if (response.status === 429 && Date.now() < deadline) {
      const seconds = Number(response.headers.get("retry-after") ?? "1");
      const what = `${method} ${url.slice(API_URL.length)}${payload ? ` ${payload}` : ""}`;
      log(`  (429 on ${what}: waiting Retry-After ${seconds} s, then again)`);
      await sleep(seconds * 1000);
      continue;
    }
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    return { status: response.status, body: json, tookMs: Date.now() - started };
  }
}

/** A 4xx in Metriport's RFC 7807 shape. */
function assertProblem(answer, status, what) {
  assert.equal(answer.status, status, `${what}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
  assert.equal(answer.body?.status, status, `${what}: the body's status`);
  for (const field of ["name", "title", "detail"]) {
    assert.equal(typeof answer.body?.[field], "string", `${what}: the body's ${field}`);
  }
}

async function trigger(patientId, query, metadata) {
  const params = new URLSearchParams({ patientId, ...query });
  return call("POST", `${BULK_PATH}?${params}`, { body: metadata ? { metadata } : undefined });
}

async function bulkStatus(patientId) {
  const answer = await call("GET", `${BULK_PATH}?patientId=${encodeURIComponent(patientId)}`);
  assert.ok([200, 404].includes(answer.status), `GET …/bulk?patientId=${patientId}: HTTP ${answer.status}`);
  return answer.status === 200 ? answer.body : undefined;
}

/** Until the patient's latest run (this one, when requestId is given) has closed; its status. */
async function runClosed(patientId, requestId) {
  return waitFor(`the run ${requestId ?? "in progress"} of ${patientId} to close`, async () => {
    const status = await bulkStatus(patientId);
    if (status === undefined) return requestId ? undefined : { none: true };
    if (requestId && status.requestId !== requestId) return undefined;
    return status.closedAt ? status : undefined;
  });
}

async function postSettings(body) {
  return call("POST", "/settings", { body });
}

/** The whole delivery log in one page (it holds far fewer than 500 entries here). */
async function wholeLog(sort) {
  const answer = await call("GET", `${LOG_PATH}?count=500${sort ? `&sort=${encodeURIComponent(sort)}` : ""}`);
  assert.equal(answer.status, 200, `GET ${LOG_PATH}: HTTP ${answer.status}`);
  paginationMetaSchema.parse(answer.body.meta);
  assert.equal(answer.body.meta.nextPage, undefined, "the whole log fits one page of 500");
  return answer.body.requests;
}

async function logEntry(what, predicate) {
  return waitFor(what, async () => (await wholeLog()).find(predicate));
}

// ---------------------------------------------------------------------------------------------------
// What a customer's webhook handler checks

const standardSecret = (key) => Buffer.from(key, "utf8").toString("base64");
const standardHeaders = (request) => ({
  "webhook-id": request.headers["webhook-id"],
  "webhook-timestamp": request.headers["webhook-timestamp"],
  "webhook-signature": request.headers["webhook-signature"],
});

/** Whether the standardwebhooks reference library accepts the request's webhook-* headers with this key. */
function standardVerifies(key, request) {
  try {
    new Webhook(standardSecret(key)).verify(request.body, standardHeaders(request));
    return true;
  } catch {
    return false;
  }
}

/** A customer's handler: x-metriport-signature with its key, then Metriport's own parser. */
function acceptAsCustomer(key, request) {
  assert.ok(
    MetriportMedicalApi.verifyWebhookSignature(key, request.body, request.headers["x-metriport-signature"]),
    "verifyWebhookSignature rejected a webhook signed by the service",
  );
  const message = MetriportMedicalApi.parseWebhookResponse(JSON.parse(request.body));
  assert.equal(request.headers["webhook-id"], message.meta.messageId, "webhook-id is meta.messageId");
  return message;
}

const isDocuments = (requestId) => (r) =>
  r.json?.meta?.requestId === requestId && r.json.patients?.[0]?.status === "completed";
const deliveredDocuments = (requestId) => (r) => isDocuments(requestId)(r) && r.answer === 200;
const urlParam = (url, name) => new URL(url).searchParams.get(name);

// ---------------------------------------------------------------------------------------------------

async function main() {
  const receiver = await startReceiver();

  // 0. The customer points its webhook at its receiver; the ping is answered with its pong.
  for (const patientId of [PATIENT_ID, SECOND_PATIENT_ID]) await runClosed(patientId);
  const pingSent = Date.now();
  const settings = await api.updateSettings(receiver.url);
  assert.equal(settings.webhookUrl, receiver.url);
  assert.match(settings.webhookKey, /^[0-9a-f]{64}$/);
  let key = settings.webhookKey;
  const pingRequest = await receiver.waitFor("the ping", (r) => r.json?.meta?.type === "ping");
  assert.equal(acceptAsCustomer(key, pingRequest).meta.type, "ping");
  assert.ok(standardVerifies(key, pingRequest), "the ping's webhook-signature verifies with standardwebhooks");
  const pingId = pingRequest.json.meta.messageId;
  await waitFor("the ping to enable the webhook", async () => (await api.getWebhookStatus()).webhookEnabled);
  log(
    `0. receiver ${receiver.url} set with updateSettings; ping ${pingId} answered with its pong after` +
      ` ${pingRequest.at - pingSent} ms, webhook enabled`,
  );

  // 1. Date filter, on the documents' indexed date (UTC). The demo documents were written at the stack's
  // start: today (a stack started before midnight UTC and flowed after it would have none "today").
  const today = new Date().toISOString().slice(0, 10);
  const tomorrow = new Date(Date.now() + 24 * HOUR).toISOString().slice(0, 10);
  const filteredRun = await trigger(PATIENT_ID, { dateFrom: today, dateTo: today }, { flow: "after-webhook", step: "1" });
  assert.equal(filteredRun.status, 200, `trigger with dateFrom=dateTo=${today}: ${JSON.stringify(filteredRun.body)}`);
  assert.equal(filteredRun.body.status, "processing");
  const filteredStatus = await bulkStatus(PATIENT_ID);
  assert.equal(filteredStatus.requestId, filteredRun.body.requestId);
  assert.deepEqual(filteredStatus.filters, { dateFrom: today, dateTo: today }, "GET …/bulk shows the run's filters");
  const filteredRequest = await receiver.delivered(filteredRun.body.requestId);
  const filteredMessage = acceptAsCustomer(key, filteredRequest);
  assert.deepEqual(filteredMessage.meta.data, { flow: "after-webhook", step: "1" });
  assert.deepEqual(filteredRequest.json.patients[0].filters, { dateFrom: today, dateTo: today }, "patients[0].filters");
  const todaysDocuments = filteredMessage.patients[0].documents;
  assert.ok(todaysDocuments.length > 0, "today's documents delivered");
  for (const document of todaysDocuments) {
    assert.equal(document.indexed.slice(0, 10), today, `${document.fileName} indexed today`);
  }
  const filteredClosed = await runClosed(PATIENT_ID, filteredRun.body.requestId);
  assert.equal(filteredClosed.status, "completed");
  assert.deepEqual(filteredClosed.filters, { dateFrom: today, dateTo: today });

  const futureRun = await trigger(SECOND_PATIENT_ID, { dateFrom: tomorrow }, { flow: "after-webhook", step: "1b" });
  assert.equal(futureRun.status, 200, `trigger with dateFrom=${tomorrow}: ${JSON.stringify(futureRun.body)}`);
  const futureRequest = await receiver.delivered(futureRun.body.requestId);
  const futureMessage = acceptAsCustomer(key, futureRequest);
  assert.equal(futureMessage.patients[0].documents.length, 0, "no document is dated tomorrow");
  assert.deepEqual(futureRequest.json.patients[0].filters, { dateFrom: tomorrow });
  const futureClosed = await runClosed(SECOND_PATIENT_ID, futureRun.body.requestId);
  assert.equal(futureClosed.status, "completed");
  assert.deepEqual(futureClosed.filters, { dateFrom: tomorrow });

  const malformed = [
    { dateFrom: "2026-13-01" },
    { dateTo: today.replaceAll("-", "") },
    { dateFrom: tomorrow, dateTo: today },
  ];
  for (const query of malformed) {
    assertProblem(await trigger(SECOND_PATIENT_ID, query), 400, `trigger with ${new URLSearchParams(query)}`);
  }
  const afterMalformed = await bulkStatus(SECOND_PATIENT_ID);
  assert.equal(afterMalformed.requestId, futureRun.body.requestId, "a refused trigger started nothing");
  assert.ok(afterMalformed.closedAt, "the patient's latest run is still the closed one");
  log(
    `1. dateFrom=dateTo=${today}: ${todaysDocuments.length} documents, filters in the message and GET …/bulk;` +
      ` dateFrom=${tomorrow}: ${futureMessage.patients[0].documents.length} documents;` +
      ` ${malformed.length} malformed date queries → 400, nothing started`,
  );

  // 2. URL lifetime: 15 minutes for this customer's messages, then the default again.
  for (const bad of [4, 10081, "15"]) {
    const refused = await postSettings({ webhookUrlValidityMinutes: bad });
    assertProblem(refused, 400, `webhookUrlValidityMinutes=${JSON.stringify(bad)}`);
  }
  const fifteen = await postSettings({ webhookUrlValidityMinutes: 15 });
  assert.equal(fifteen.status, 200, JSON.stringify(fifteen.body));
  assert.equal(fifteen.body.webhookUrlValidityMinutes, 15);
  assert.equal(fifteen.body.webhookUrl, receiver.url, "the URL stays");
  assert.equal(fifteen.body.webhookKey, key, "the key stays");
  assert.equal((await api.getSettings()).webhookUrlValidityMinutes, 15);
  const shortRun = await api.startBulkGetDocumentUrl(PATIENT_ID, { flow: "after-webhook", step: "2" });
  const shortRequest = await receiver.delivered(shortRun.requestId);
  const shortMessage = acceptAsCustomer(key, shortRequest);
  const shortDocuments = shortMessage.patients[0].documents;
  for (const document of shortDocuments) {
    assert.equal(urlParam(document.url, "X-Amz-Expires"), "900", `${document.fileName}'s URL lives 15 min`);
  }
  const validUntil = shortRequest.json.patients[0].urlsValidUntil;
  const offBy = Date.parse(validUntil) - (shortRequest.at + 15 * MINUTE);
  assert.ok(Math.abs(offBy) <= 2 * MINUTE, `urlsValidUntil ${validUntil} is not about 15 min after receipt`);
  assert.deepEqual(
    shortDocuments.map((d) => d.id).sort(),
    todaysDocuments.map((d) => d.id).sort(),
    "the unfiltered run delivers the very documents of today's filter: all of the patient's",
  );
  const download = await fetch(shortDocuments[0].url);
  assert.equal(download.status, 200, "a 15-minute URL downloads");
  await download.arrayBuffer();
  const reset = await postSettings({ webhookUrlValidityMinutes: null });
  assert.equal(reset.status, 200);
  assert.equal(reset.body.webhookUrlValidityMinutes, null);
  assert.equal((await api.getSettings()).webhookUrlValidityMinutes, null);
  await runClosed(PATIENT_ID, shortRun.requestId);
  log(
    `2. webhookUrlValidityMinutes=15: ${shortDocuments.length} URLs with X-Amz-Expires=900, urlsValidUntil =` +
      ` receipt + 15 min ${offBy >= 0 ? "+" : ""}${(offBy / 1000).toFixed(1)} s; the same` +
      ` ${shortDocuments.length} documents as the date filter; back to null`,
  );

  // 3. The delivery log: a message answered 503 once, then 200.
  receiver.answerNextWith(503);
  const logMetadata = { flow: "after-webhook", step: "3" };
  const loggedRun = await api.startBulkGetDocumentUrl(SECOND_PATIENT_ID, logMetadata);
  const loggedRequest = await receiver.delivered(loggedRun.requestId);
  const loggedMessage = acceptAsCustomer(key, loggedRequest);
  const loggedId = loggedMessage.meta.messageId;
  const loggedAttempts = receiver.received.filter((r) => r.json?.meta?.messageId === loggedId);
  assert.deepEqual(loggedAttempts.map((r) => r.answer), [503, 200], "answered 503, then 200");
  const defaultExpires = urlParam(loggedMessage.patients[0].documents[0].url, "X-Amz-Expires");
  assert.notEqual(defaultExpires, "900", "the URL lifetime is the default again");
  await runClosed(SECOND_PATIENT_ID, loggedRun.requestId);
  const newest = await waitFor("the log to show the message delivered", async () => {
    const answer = await call("GET", LOG_PATH);
    assert.equal(answer.status, 200);
    const first = answer.body.requests[0];
    return first?.id === loggedId && first.status === "success" ? first : undefined;
  });
  assert.equal(newest.type, "medical.document-bulk-download-urls");
  assert.equal(newest.requestId, loggedRun.requestId);
  assert.equal(newest.patientId, SECOND_PATIENT_ID);
  assert.ok(newest.attempts >= 2, `attempts ${newest.attempts}`);
  assert.equal(newest.lastHttpStatus, 200);
  const fields = [
    "id", "type", "status", "createdAt", "requestId", "patientId", "page", "totalPages", "attempts", "lastHttpStatus",
    "lastError",
  ];
  const everything = await wholeLog();
  for (const entry of everything) {
    for (const field of Object.keys(entry)) {
      assert.ok(fields.includes(field), `the log shows ${field}: never a URL or a body`);
    }
  }
  const pingEntry = everything.find((e) => e.id === pingId);
  assert.ok(pingEntry, "the ping of step 0 is in the log");
  assert.equal(pingEntry.type, "ping");
  assert.equal(pingEntry.status, "success");
  assert.equal(pingEntry.requestId, undefined, "a ping belongs to no run");
  // The pages of a paged run (sdk-flow.mjs delivers one, a document per page): each its own entry.
  const pagedRuns = new Map();
  for (const entry of everything.filter((e) => e.type === "medical.document-bulk-download-paged")) {
    pagedRuns.set(entry.requestId, [...(pagedRuns.get(entry.requestId) ?? []), entry]);
  }
  for (const [requestId, entries] of pagedRuns) {
    const total = entries[0].totalPages;
    assert.deepEqual(
      entries.map((e) => e.page).sort((a, b) => a - b),
      Array.from({ length: total }, (_, i) => i + 1),
      `the log has each page of run ${requestId} once`,
    );
  }

  const pages = [];
  for (let next = `${API_URL}${LOG_PATH}?count=2`; next; ) {
    const answer = await call("GET", next);
    assert.equal(answer.status, 200, `${next}: HTTP ${answer.status}`);
    paginationMetaSchema.parse(answer.body.meta);
    assert.equal(answer.body.meta.itemsOnPage, answer.body.requests.length);
    assert.ok(answer.body.requests.length <= 2);
    pages.push(answer.body);
    next = answer.body.meta.nextPage;
    if (next) {
      const link = new URL(next);
      assert.equal(`${link.origin}${link.pathname}`, `${API_URL}${LOG_PATH}`, "nextPage is this endpoint's absolute URL");
      assert.ok(link.searchParams.get("fromItem"), "nextPage has fromItem");
      assert.equal(link.searchParams.get("count"), "2");
      assert.equal(link.searchParams.get("sort"), "createdAt=desc");
    }
    assert.ok(pages.length <= everything.length, "paging ends");
  }
  const paged = pages.flatMap((page) => page.requests);
  const pagedIds = paged.map((e) => e.id);
  assert.equal(new Set(pagedIds).size, pagedIds.length, "no entry on two pages");
  assert.deepEqual(pagedIds, everything.map((e) => e.id), "the pages hold the whole log, in order, each id once");
  for (let i = 1; i < paged.length; i++) {
    assert.ok(Date.parse(paged[i - 1].createdAt) >= Date.parse(paged[i].createdAt), `createdAt non-increasing at ${i}`);
  }
  assert.equal(pages[0].meta.prevPage, undefined, "the first page has no prevPage");
  pages.slice(1).forEach((page, i) => assert.ok(page.meta.prevPage, `page ${i + 2} has a prevPage`));
  pages.slice(0, -1).forEach((page, i) => assert.equal(page.requests.length, 2, `page ${i + 1} is full`));
  assert.ok(pages.length >= 2, "the log spans pages of 2");
  const back = await call("GET", pages.at(-1).meta.prevPage);
  assert.equal(back.status, 200);
  assert.deepEqual(back.body, pages.at(-2), "prevPage of the last page is the page before it, identical");
  const ascending = await wholeLog("createdAt=asc");
  assert.deepEqual(ascending.map((e) => e.id), [...pagedIds].reverse(), "sort=createdAt=asc reverses the order");
  const ascLink = (await call("GET", `${LOG_PATH}?count=1&sort=createdAt%3Dasc`)).body.meta.nextPage;
  assert.equal(new URL(ascLink).searchParams.get("sort"), "createdAt=asc", "links keep the sort");
  const badQueries = ["count=0", "count=501", "sort=size", `fromItem=${pagedIds[0]}&toItem=${pagedIds[1]}`];
  for (const query of badQueries) assertProblem(await call("GET", `${LOG_PATH}?${query}`), 400, `GET ${LOG_PATH}?${query}`);
  log(
    `3. log: message ${loggedId} first, success after ${newest.attempts} attempts (503 then 200), lastHttpStatus 200;` +
      ` ping ${pingId} listed as ping; ${paged.length} entries on ${pages.length} pages of 2, each once,` +
      ` createdAt non-increasing,` +
      ` every meta accepted by paginationMetaSchema; prevPage gives the page before identical; asc reverses;` +
      ` ${badQueries.length} bad queries → 400 (URL lifetime back to default: X-Amz-Expires=${defaultExpires})`,
  );

  // 4. Recover a time range. It comes before the retry of one message: retries and recoveries share one
  // budget (6/min, burst 3), and this step's recover calls follow each other closely on purpose. A 4xx
  // refusal, 3 times, gives a message up in seconds (a 5xx is retried for the whole delivery window, 5
  // minutes here), as sdk-flow.mjs does.
  const failedBefore = (await api.getWebhookStatus()).webhookRequestsFailed;
  const since = new Date().toISOString();
  receiver.answerWith(400);
  const refusedMetadata = { flow: "after-webhook", step: "4" };
  const refusedRun = await api.startBulkGetDocumentUrl(PATIENT_ID, refusedMetadata);
  const givenUp = await waitFor("the refused message to be given up", async () => {
    const status = await api.getWebhookStatus();
    return status.webhookRequestsFailed > failedBefore ? status : undefined;
  });
  const refusedClosed = await runClosed(PATIENT_ID, refusedRun.requestId);
  assert.equal(refusedClosed.status, "failed");
  const refusedAttempts = receiver.received.filter(isDocuments(refusedRun.requestId));
  assert.ok(refusedAttempts.length >= 3, "refused 3 times");
  assert.ok(refusedAttempts.every((r) => r.answer === 400));
  const refusedId = refusedAttempts[0].json.meta.messageId;
  const refusedEntry = await logEntry(
    "the log to show the message failed",
    (e) => e.id === refusedId && e.status === "failure",
  );
  assert.equal(refusedEntry.lastHttpStatus, 400);
  receiver.ok();

  // A range that ends before the failure redelivers nothing, while the message is still owed. Nothing
  // announces "nothing happened", so this is watched for a short settle window (SETTLE_SECONDS): one of
  // the flow's two bounded waits of this kind, the other is after the cancel.
  const excluded = await call("POST", "/settings/webhook/recover", {
    body: { since: new Date(Date.parse(since) - 2 * HOUR).toISOString(), until: since },
  });
  assert.equal(excluded.status, 200, JSON.stringify(excluded.body));
  assert.equal(excluded.body.status, "started");
  assert.equal(Date.parse(excluded.body.until), Date.parse(since));
  const beforeSettle = receiver.received.length;
  await sleep(SETTLE_MS);
  assert.equal(receiver.received.length, beforeSettle, "a range before the failure redelivers nothing");
  assert.equal((await api.getWebhookStatus()).webhookRequestsFailed, givenUp.webhookRequestsFailed, "still failed");

  const beforeRecover = receiver.received.length;
  const recoverCalledAt = Date.now();
  const recovered = await waitFor("a recovery to start (the previous one ends within moments)", async () => {
    const answer = await call("POST", "/settings/webhook/recover", { body: { since } });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body.status === "started" ? answer.body : undefined;
  });
  assert.equal(Date.parse(recovered.since), Date.parse(since));
  assert.equal(recovered.until ?? null, null);
  const secondCall = await call("POST", "/settings/webhook/recover", { body: { since } });
  assert.equal(secondCall.status, 200);
  assert.ok(["in-progress", "started"].includes(secondCall.body.status), `second recover: ${secondCall.body.status}`);
  const recoveredRequest = await receiver.waitFor(
    `the recovery of ${refusedId}`,
    (r) => r.json?.meta?.messageId === refusedId && r.answer === 200,
    beforeRecover,
  );
  const recoveredMessage = acceptAsCustomer(key, recoveredRequest);
  assert.equal(recoveredMessage.meta.requestId, refusedRun.requestId);
  assert.deepEqual(recoveredMessage.meta.data, refusedMetadata);
  const settledFailed = await waitFor("the failed count to go back", async () => {
    const status = await api.getWebhookStatus();
    return status.webhookRequestsFailed === failedBefore ? status : undefined;
  });
  await logEntry("the log to show the recovered message delivered", (e) => e.id === refusedId && e.status === "success");
  const badRange = await call("POST", "/settings/webhook/recover", { body: { since: "yesterday" } });
  assertProblem(badRange, 400, "recover since=yesterday");
  log(
    `4. message ${refusedId} given up after ${refusedAttempts.length} refusals (failed ${failedBefore} →` +
      ` ${givenUp.webhookRequestsFailed}, log: failure, lastHttpStatus 400); recover of a range before it: nothing in` +
      ` ${SETTLE_MS / 1000} s; recover since ${since}: started, redelivered with the same messageId` +
      ` ${recoveredRequest.at - recoverCalledAt} ms later; second call answered "${secondCall.body.status}" after` +
      ` ${secondCall.tookMs} ms; failed back to ${settledFailed.webhookRequestsFailed}`,
  );

  // 5. Retry one message, the delivered one: same ids, fresh URLs. URLs carry their signing time to the
  // second (X-Amz-Date), so a redelivery signed within the second of the first delivery would carry the
  // very same URLs: the retry waits for the clock to leave that second (the flow gets here within one).
  const nextSecond = Math.ceil((loggedRequest.at + 1) / 1000) * 1000;
  await waitFor("the clock to leave the second of the first delivery", async () => Date.now() >= nextSecond);
  const beforeRetry = receiver.received.length;
  const retried = await call("POST", `${LOG_PATH}/${loggedId}/retry`);
  assert.equal(retried.status, 200, JSON.stringify(retried.body));
  assert.deepEqual(retried.body, { id: loggedId, requestId: loggedRun.requestId, status: "processing" });
  const again = await receiver.waitFor(
    `the redelivery of ${loggedId}`,
    (r) => r.json?.meta?.messageId === loggedId && r.answer === 200,
    beforeRetry,
  );
  const againMessage = acceptAsCustomer(key, again);
  assert.ok(standardVerifies(key, again), "the redelivery's webhook-signature verifies with standardwebhooks");
  assert.equal(againMessage.meta.requestId, loggedRun.requestId, "the same requestId");
  assert.deepEqual(againMessage.meta.data, logMetadata, "the metadata as sent");
  const firstUrls = new Map(loggedMessage.patients[0].documents.map((d) => [d.id, d.url]));
  const againDocuments = againMessage.patients[0].documents;
  assert.equal(againDocuments.length, firstUrls.size);
  for (const document of againDocuments) {
    const first = firstUrls.get(document.id);
    assert.ok(first, `${document.id} was in the first delivery`);
    assert.notEqual(
      document.url,
      first,
      `a fresh URL: first delivery #${loggedRequest.index} at ${new Date(loggedRequest.at).toISOString()},` +
        ` redelivery #${again.index} at ${new Date(again.at).toISOString()},` +
        ` both X-Amz-Date ${urlParam(first, "X-Amz-Date")},` +
        ` webhook-timestamp ${loggedRequest.headers["webhook-timestamp"]} / ${again.headers["webhook-timestamp"]},` +
        ` same body: ${again.body === loggedRequest.body}`,
    );
    assert.ok(
      urlParam(document.url, "X-Amz-Date") !== urlParam(first, "X-Amz-Date") ||
        urlParam(document.url, "X-Amz-Signature") !== urlParam(first, "X-Amz-Signature"),
      "signed afresh",
    );
  }
  const freshDownload = await fetch(againDocuments[0].url);
  assert.equal(freshDownload.status, 200, "a redelivered URL downloads");
  await freshDownload.arrayBuffer();
  const recounted = await logEntry(
    "the log to count the redelivery",
    (e) => e.id === loggedId && e.attempts > newest.attempts,
  );
  assert.equal(recounted.status, "success");
  const sentAgain = receiver.received.slice(beforeRetry).filter((r) => r.json?.meta?.messageId === loggedId).length;
  log(
    `5. retry of ${loggedId}: redelivered with the same messageId and requestId, ${againDocuments.length} fresh URLs` +
      ` (X-Amz-Date ${urlParam(firstUrls.values().next().value, "X-Amz-Date")} →` +
      ` ${urlParam(againDocuments[0].url, "X-Amz-Date")}); log attempts ${newest.attempts} → ${recounted.attempts}` +
      ` for ${sentAgain} request(s) received (the ping and unknown ids: 5b, after step 7)`,
  );

  // 6. Cancel a run in progress while the endpoint holds its message.
  receiver.stall();
  const cancelledRun = await api.startBulkGetDocumentUrl(SECOND_PATIENT_ID, { flow: "after-webhook", step: "6" });
  const heldRequest = await receiver.waitFor(
    `the receiver to hold the message of ${cancelledRun.requestId}`,
    (r) => isDocuments(cancelledRun.requestId)(r) && r.answer === "held",
  );
  const cancelledId = heldRequest.json.meta.messageId;
  const deleteStarted = Date.now();
  let cancel = await call("DELETE", `${BULK_PATH}?patientId=${SECOND_PATIENT_ID}`);
  const firstAnswer = cancel.status;
  assert.ok([200, 202].includes(cancel.status), `DELETE …/bulk: HTTP ${cancel.status} ${JSON.stringify(cancel.body)}`);
  if (cancel.status === 202) {
    cancel = { status: 200, body: await runClosed(SECOND_PATIENT_ID, cancelledRun.requestId) };
  }
  const answeredAt = Date.now();
  const afterAnswer = receiver.received.length;
  assert.equal(cancel.body.requestId, cancelledRun.requestId);
  assert.equal(cancel.body.status, "failed");
  assert.equal(cancel.body.lastError, CANCELLED);
  const released = receiver.release();
  receiver.ok();
  // Nothing is sent after the answer; a message that never comes is watched for a short settle window.
  await sleep(SETTLE_MS);
  const late = receiver.received.slice(afterAnswer).filter((r) => r.json?.meta?.requestId === cancelledRun.requestId);
  assert.equal(late.length, 0, "nothing of the cancelled run arrives after the answer");
  const cancelledStatus = await bulkStatus(SECOND_PATIENT_ID);
  if (firstAnswer === 200) {
    assert.deepEqual(cancel.body, cancelledStatus, "DELETE answers the status as GET …/bulk gives it");
  }
  assert.equal(cancelledStatus.status, "failed");
  assert.equal(cancelledStatus.lastError, CANCELLED);
  assert.ok(cancelledStatus.closedAt);
  const cancelledEntry = await logEntry(
    "the log to show the cancelled message",
    (e) => e.id === cancelledId && e.status === "failure",
  );
  assert.match(cancelledEntry.lastError ?? "", /cancel/i);
  assertProblem(await call("DELETE", `${BULK_PATH}?patientId=${SECOND_PATIENT_ID}`), 404, "DELETE with no run in progress");
  assert.equal((await api.getWebhookStatus()).webhookRequestsFailed, failedBefore, "a cancelled message is not owed");
  const afterCancelRun = await api.startBulkGetDocumentUrl(SECOND_PATIENT_ID, { flow: "after-webhook", step: "6b" });
  assert.notEqual(afterCancelRun.requestId, cancelledRun.requestId, "a new run after the cancel");
  acceptAsCustomer(key, await receiver.delivered(afterCancelRun.requestId));
  assert.equal((await runClosed(SECOND_PATIENT_ID, afterCancelRun.requestId)).status, "completed");
  log(
    `6. DELETE …/bulk while the receiver held ${cancelledId}:` +
      ` HTTP ${firstAnswer}${firstAnswer === 202 ? " then closed" : ""} after` +
      ` ${answeredAt - deleteStarted} ms, failed "${CANCELLED}"; held requests released: ${released.answered} answered,` +
      ` ${released.dropped} already dropped by the sender; nothing more in ${SETTLE_MS / 1000} s; log: failure` +
      ` ("${cancelledEntry.lastError}"); DELETE again → 404; new run ${afterCancelRun.requestId} delivered`,
  );

  // 7. Key rotation with an overlap, then one without.
  for (const bad of [-1, 169, "24"]) {
    const refused = await call("POST", "/settings/webhook/key", { body: { overlapHours: bad } });
    assertProblem(refused, 400, `overlapHours=${JSON.stringify(bad)}`);
  }
  const oldKey = key;
  const rotatedAt = Date.now();
  const rotated = await call("POST", "/settings/webhook/key", { body: {} });
  assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
  const newKey = rotated.body.webhookKey;
  assert.match(newKey, /^[0-9a-f]{64}$/);
  assert.notEqual(newKey, oldKey);
  const previousUntil = rotated.body.previousKeyValidUntil;
  const overlapOff = Date.parse(previousUntil) - (rotatedAt + 24 * HOUR);
  assert.ok(Math.abs(overlapOff) <= 2 * MINUTE, `previousKeyValidUntil ${previousUntil} is not about 24 h from now`);
  assert.equal((await api.getSettings()).webhookKey, newKey, "GET /settings shows the new key");
  key = newKey;
  const overlapRun = await api.startBulkGetDocumentUrl(PATIENT_ID, { flow: "after-webhook", step: "7" });
  const overlapRequest = await receiver.delivered(overlapRun.requestId);
  const overlapSignatures = overlapRequest.headers["webhook-signature"].split(" ");
  assert.equal(overlapSignatures.length, 2, "two signatures during the overlap");
  const timestamp = new Date(Number(overlapRequest.headers["webhook-timestamp"]) * 1000);
  const sign = (k) =>
    new Webhook(standardSecret(k)).sign(overlapRequest.headers["webhook-id"], timestamp, overlapRequest.body);
  assert.deepEqual(overlapSignatures, [sign(newKey), sign(oldKey)], "the new key's signature first, then the old key's");
  assert.ok(standardVerifies(oldKey, overlapRequest), "standardwebhooks verifies with the OLD key during the overlap");
  assert.ok(standardVerifies(newKey, overlapRequest), "standardwebhooks verifies with the NEW key during the overlap");
  acceptAsCustomer(oldKey, overlapRequest); // x-metriport-signature stays under the old key during the overlap
  const overlapMetriport = overlapRequest.headers["x-metriport-signature"];
  assert.ok(
    !MetriportMedicalApi.verifyWebhookSignature(newKey, overlapRequest.body, overlapMetriport),
    "x-metriport-signature is not under the new key yet",
  );
  await runClosed(PATIENT_ID, overlapRun.requestId);

  const immediate = await call("POST", "/settings/webhook/key", { body: { overlapHours: 0 } });
  assert.equal(immediate.status, 200, JSON.stringify(immediate.body));
  const newestKey = immediate.body.webhookKey;
  assert.match(newestKey, /^[0-9a-f]{64}$/);
  assert.ok(newestKey !== newKey && newestKey !== oldKey);
  assert.equal(immediate.body.previousKeyValidUntil, null);
  assert.equal((await api.getSettings()).webhookKey, newestKey);
  key = newestKey;
  const singleRun = await api.startBulkGetDocumentUrl(SECOND_PATIENT_ID, { flow: "after-webhook", step: "7b" });
  const singleRequest = await receiver.delivered(singleRun.requestId);
  assert.equal(singleRequest.headers["webhook-signature"].split(" ").length, 1, "one signature without an overlap");
  assert.ok(standardVerifies(newestKey, singleRequest), "standardwebhooks verifies with the newest key");
  assert.ok(!standardVerifies(newKey, singleRequest), "the previous key no longer verifies");
  assert.ok(!standardVerifies(oldKey, singleRequest), "the first key no longer verifies");
  acceptAsCustomer(newestKey, singleRequest);
  assert.ok(
    !MetriportMedicalApi.verifyWebhookSignature(newKey, singleRequest.body, singleRequest.headers["x-metriport-signature"]),
    "x-metriport-signature is not under the previous key",
  );
  await runClosed(SECOND_PATIENT_ID, singleRun.requestId);
  log(
    `7. rotation with the default overlap: previousKeyValidUntil = now + 24 h` +
      ` ${overlapOff >= 0 ? "+" : ""}${(overlapOff / 1000).toFixed(1)} s;` +
      ` webhook-signature had 2 signatures (new, old), standardwebhooks verified with each key, x-metriport-signature` +
      ` under the old key; overlapHours=0: previousKeyValidUntil null, 1 signature, only the newest key verifies`,
  );

  // 5b. Step 5's refusals, here rather than there: retries and recoveries share one budget (6/min, burst 3),
  // which steps 4 and 5 used up; by now it has refilled.
  const pingRetry = await call("POST", `${LOG_PATH}/${pingId}/retry`);
  assertProblem(pingRetry, 400, "retry of a ping");
  assertProblem(await call("POST", `${LOG_PATH}/no-such-message-0000/retry`), 404, "retry of an unknown id");
  log(`5b. retry of the ping ${pingId} → 400 ("${pingRetry.body.detail}"); of an unknown id → 404`);

  // 8. Isolation between customers needs a second customer: the local stack has one (deploy/local.env
  // and run-local.sh configure BULKDOCS_CUSTOMERS_0 only). What an unknown key gets is checked instead.
  const unknownKey = "not-a-customer-key";
  const guarded = [
    ["GET", LOG_PATH],
    ["POST", `${LOG_PATH}/${loggedId}/retry`],
    ["POST", "/settings/webhook/recover", { since }],
    ["POST", "/settings/webhook/key", {}],
    ["DELETE", `${BULK_PATH}?patientId=${PATIENT_ID}`],
    ["GET", `${BULK_PATH}?patientId=${PATIENT_ID}`],
  ];
  for (const [method, path, body] of guarded) {
    const answer = await call(method, path, { body, key: unknownKey });
    assert.equal(answer.status, 401, `${method} ${path} with an unknown key: HTTP ${answer.status}`);
    assert.ok(!JSON.stringify(answer.body ?? "").includes(loggedId), "no data with an unknown key");
  }
  log(
    `8. isolation between customers SKIPPED: the local stack has one customer (BULKDOCS_CUSTOMERS_0 in run-local.sh);` +
      ` an unknown key gets 401 and no data on ${guarded.length} of these endpoints`,
  );

  // 5c. The retry of one page of a paged run (sdk-flow.mjs's, when this flow runs after it) delivers the
  // whole run again, every page under the id it had, though the page size has changed since (sdk-flow.mjs
  // set it back to the default after that run). It runs last, before the clean-up.
  const pagedRun = [...pagedRuns.values()].find((entries) => entries.length >= 2);
  if (pagedRun) {
    const byPage = [...pagedRun].sort((a, b) => a.page - b.page);
    const beforePaged = receiver.received.length;
    const pageRetry = await call("POST", `${LOG_PATH}/${byPage[1].id}/retry`);
    assert.equal(pageRetry.status, 200, JSON.stringify(pageRetry.body));
    assert.deepEqual(pageRetry.body, { id: byPage[1].id, requestId: byPage[1].requestId, status: "processing" });
    const pagesAgain = await waitFor("every page of the run again (or a message that is not a page)", async () => {
      const got = receiver.received
        .slice(beforePaged)
        .filter((r) => r.json?.meta?.requestId === byPage[1].requestId && r.answer === 200);
      const notPage = got.some((r) => r.json.meta.type !== "medical.document-bulk-download-paged");
      return got.length >= byPage.length || notPage ? got : undefined;
    });
    const seen = pagesAgain.map(
      (r) => `${r.json.meta.type} ${r.json.meta.messageId} (${r.json.patients?.[0]?.documents?.length} documents)`,
    );
    assert.deepEqual(
      pagesAgain.map((r) => r.json.meta.messageId),
      byPage.map((e) => e.id),
      `the run's ${byPage.length} pages under their logged ids, in order; received: ${seen.join(", ")}`,
    );
    pagesAgain.forEach((request, i) => {
      const page = acceptAsCustomer(key, request);
      assert.equal(page.meta.type, "medical.document-bulk-download-paged");
      assert.equal(page.patients[0].pagination.page, i + 1, "pages in order");
      assert.equal(page.meta.messageId, byPage[i].id, `page ${i + 1} under the id the log has for it`);
    });
    log(
      `5c. retry of page 2 (${byPage[1].id}) of paged run ${byPage[1].requestId}: all ${pagesAgain.length} pages` +
        ` again, in order, each under its logged id`,
    );
  } else {
    log("5c. retry of a page: SKIPPED, the log holds no paged run (sdk-flow.mjs makes one when it runs first)");
  }

  // The customer's webhook back to the local inbox, enabled, as .ci/sdk-flow.sh's later steps expect.
  const restored = await api.updateSettings(INBOX_URL);
  assert.equal(restored.webhookUrl, INBOX_URL);
  await waitFor("the inbox's pong to enable the webhook", async () => (await api.getWebhookStatus()).webhookEnabled);
  await receiver.close();

  // Neither service logged a webhook key, the receiver's URL or a presigned URL.
  if (process.env.LOG_DIR) {
    const files = (process.env.LOG_FILES ?? "api-service.log workflow-worker.log").split(/\s+/).filter(Boolean);
    for (const file of files) {
      const text = readFileSync(join(process.env.LOG_DIR, file), "utf8");
      for (const secret of [oldKey, newKey, newestKey]) assert.ok(!text.includes(secret), `${file} contains a webhook key`);
      assert.ok(!text.includes(receiver.url), `${file} contains the webhook URL`);
      assert.ok(!text.includes("X-Amz-Signature"), `${file} contains a presigned URL`);
    }
    log(`logs: none of the 3 webhook keys, the receiver's URL or a presigned URL in ${files.join(", ")}`);
  }
  const took = ((Date.now() - flowStarted) / 1000).toFixed(1);
  log(`webhook back to the inbox (${INBOX_URL}), enabled; ${receiver.received.length} requests received; PASSED in ${took}s`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`[after-webhook-flow] FAILED: ${error.stack ?? error}`);
    process.exit(1);
  },
);

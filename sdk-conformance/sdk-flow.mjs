// Metriport's official SDK (@metriport/api-sdk) driving the running local stack, the way a customer
// integrates: updateSettings, getSettings, getWebhookStatus, startBulkGetDocumentUrl, and
// retryWebhookRequests after the customer's endpoint refused a message; and this service's page-size
// extension of POST /settings, whose paged messages the SDK parses too. Every webhook is checked the
// way a customer's handler checks it: verifyWebhookSignature over the raw body with the key from
// getSettings, then parseWebhookResponse.
//
// Started by .ci/sdk-flow.sh, which runs the stack. Environment:
//   API_URL       e.g. http://127.0.0.1:8080
//   API_KEY       the demo customer's API key
//   INBOX_URL     the local webhook inbox, e.g. http://127.0.0.1:8090/webhook (GET <INBOX_URL>/raw
//                 lists what it received, raw bodies and signature headers included)
//   PATIENT_ID, RETRY_PATIENT_ID   two demo patients
//   FLOW_TIMEOUT_SECONDS           per wait (default 90)
//   LOG_DIR       optional: the services' logs, checked at the end for keys and URLs they must not hold
//   LOG_FILES     which logs of LOG_DIR (default "api-service.log workflow-worker.log")
//   S3_DATA_DIR   optional: the embedded S3's files, checked for the webhook key in plain text
import { MetriportMedicalApi } from "@metriport/api-sdk";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const API_URL = env("API_URL");
const API_KEY = env("API_KEY");
const INBOX_URL = env("INBOX_URL");
const PATIENT_ID = env("PATIENT_ID", "demo-patient-1");
const RETRY_PATIENT_ID = env("RETRY_PATIENT_ID", "demo-patient-2");
const TIMEOUT_MS = Number(env("FLOW_TIMEOUT_SECONDS", "90")) * 1000;

const api = new MetriportMedicalApi(API_KEY, { baseAddress: API_URL });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (message) => console.log(`[sdk-flow] ${message}`);

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

/** Every request the inbox received, newest first: { query, signature, body (raw string) }. */
async function inbox() {
  const response = await fetch(`${INBOX_URL}/raw`);
  assert.equal(response.status, 200, "inbox listing");
  return response.json();
}

/** A customer's webhook handler: signature first, then Metriport's own parser. */
function acceptAsCustomer(key, request) {
  assert.ok(
    MetriportMedicalApi.verifyWebhookSignature(key, request.body, request.signature),
    "verifyWebhookSignature rejected a webhook signed by the service",
  );
  return MetriportMedicalApi.parseWebhookResponse(JSON.parse(request.body));
}

async function bulkMessage(key, requestId, predicate = () => true) {
  return waitFor(`the webhook of request ${requestId}`, async () => {
    for (const request of await inbox()) {
      const body = JSON.parse(request.body);
      if (body.meta?.requestId === requestId && predicate(request, body)) {
        return { request, message: acceptAsCustomer(key, request) };
      }
    }
    return undefined;
  });
}

async function downloads(message) {
  const documents = message.patients[0].documents;
  assert.ok(documents.length > 0, "documents delivered");
  for (const document of documents) {
    const response = await fetch(document.url);
    assert.equal(response.status, 200, `download of ${document.fileName}`);
    assert.equal(Number(response.headers.get("content-length") ?? document.size), document.size);
  }
  return documents.length;
}

async function main() {
  // 1. The customer points its webhook at its endpoint (the local inbox).
  const settings = await api.updateSettings(INBOX_URL);
  assert.equal(settings.webhookUrl, INBOX_URL);
  assert.match(settings.webhookKey, /^[0-9a-f]{64}$/, "a generated webhook key");
  const key = settings.webhookKey;
  log(`updateSettings: webhook set, key generated for customer ${settings.id}`);

  // 2. getSettings returns the same.
  const read = await api.getSettings();
  assert.deepEqual(read, {
    id: settings.id,
    webhookUrl: INBOX_URL,
    webhookKey: key,
    webhookPageSize: null,
    webhookUrlValidityMinutes: null,
  });
  log("getSettings: same URL and key");

  // 3. The ping is answered: the webhook is enabled, and the ping passes the SDK.
  const enabled = await waitFor("the ping to enable the webhook", async () => {
    const status = await api.getWebhookStatus();
    return status.webhookEnabled ? status : undefined;
  });
  const ping = (await inbox()).find((r) => JSON.parse(r.body).meta?.type === "ping");
  assert.ok(ping, "the inbox received the ping");
  assert.equal(acceptAsCustomer(key, ping).meta.type, "ping");
  log(`getWebhookStatus: enabled ("${enabled.webhookStatusDetail}"), ping signature verified`);

  // 4. A bulk request; its webhook arrives signed with the key from getSettings.
  const metadata = { flow: "sdk", ticket: "T-1 ✓" };
  const started = await api.startBulkGetDocumentUrl(PATIENT_ID, metadata);
  assert.equal(started.status, "processing");
  const delivered = await bulkMessage(key, started.requestId);
  assert.equal(delivered.message.meta.type, "medical.document-bulk-download-urls");
  assert.deepEqual(delivered.message.meta.data, metadata);
  assert.equal(delivered.message.patients[0].status, "completed");
  const count = await downloads(delivered.message);
  log(`startBulkGetDocumentUrl: request ${started.requestId} delivered, ${count} documents downloaded`);

  // 4b. Retriggers while a run is in progress: the endpoint answers 503 for a while, so the patient's
  // new run (the first one finished) stays in progress; 20 concurrent retriggers get its requestId, none is
  // refused by the rate limit, and the message, once delivered, echoes the metadata in the order sent.
  await api.updateSettings(`${INBOX_URL}?answer=503`);
  // The run ends just after its delivery (clean-up, ledger); this service's status endpoint says when.
  await waitFor("the first run to complete", async () => {
    const response = await fetch(`${API_URL}/medical/v1/document/download-url/bulk?patientId=${PATIENT_ID}`, {
      headers: { "x-api-key": API_KEY },
    });
    return (await response.json()).status === "completed";
  });
  const orderedMetadata = { zulu: "1", youCan: "2", stringKeyValue: "3", run: "4", alpha: "5", mike: "6", b: "7", a: "8" };
  const rerun = await api.startBulkGetDocumentUrl(PATIENT_ID, orderedMetadata);
  assert.notEqual(rerun.requestId, started.requestId, "a new run after the first one completed");
  const retriggers = await Promise.all(
    Array.from({ length: 20 }, (_, i) => api.startBulkGetDocumentUrl(PATIENT_ID, { retrigger: String(i) })),
  );
  for (const answer of retriggers) {
    assert.deepEqual(answer, { status: "processing", requestId: rerun.requestId }, "a retrigger returns the run in progress");
  }
  await waitFor("a refused attempt of the new run", async () =>
    (await inbox()).some((r) => r.query === "answer=503" && JSON.parse(r.body).meta?.requestId === rerun.requestId),
  );
  await api.updateSettings(INBOX_URL);
  const rerunDelivered = await bulkMessage(
    key,
    rerun.requestId,
    (request, body) => request.query === null && body.patients?.[0]?.status === "completed",
  );
  assert.deepEqual(
    Object.keys(JSON.parse(rerunDelivered.request.body).meta.data),
    Object.keys(orderedMetadata),
    "meta.data keeps the key order the customer sent",
  );
  assert.deepEqual(rerunDelivered.message.meta.data, orderedMetadata);
  log(
    `retriggers: 20 concurrent calls during run ${rerun.requestId} all got it back (no 429); delivered with` +
      ` meta.data in the order sent`,
  );

  // 4c. Paged delivery, through this service's extension of POST /settings: one document per message.
  const bulkStatus = async (patientId) =>
    (await fetch(`${API_URL}/medical/v1/document/download-url/bulk?patientId=${patientId}`, { headers: { "x-api-key": API_KEY } })).json();
  await waitFor("the second run to complete", async () => (await bulkStatus(PATIENT_ID)).status === "completed");
  const setPageSize = async (size) => {
    const response = await fetch(`${API_URL}/settings`, {
      method: "POST",
      headers: { "x-api-key": API_KEY, "content-type": "application/json" },
      body: JSON.stringify({ webhookPageSize: size }),
    });
    assert.equal(response.status, 200, "POST /settings {webhookPageSize}");
    const saved = await response.json();
    assert.equal(saved.webhookPageSize, size);
    assert.equal(saved.webhookUrl, INBOX_URL, "a page size alone leaves the URL as it is");
  };
  await setPageSize(1);
  const pagedRun = await api.startBulkGetDocumentUrl(PATIENT_ID, { flow: "paged" });
  const pages = await waitFor("every page of the paged run", async () => {
    const received = (await inbox()).filter((r) => JSON.parse(r.body).meta?.requestId === pagedRun.requestId);
    const total = received.length ? JSON.parse(received[0].body).patients?.[0]?.pagination?.totalPages : 0;
    return total && received.length >= total ? received.reverse() : undefined;
  });
  const pageIds = new Set();
  pages.forEach((request, i) => {
    const page = acceptAsCustomer(key, request);
    assert.equal(page.meta.type, "medical.document-bulk-download-paged");
    assert.deepEqual(page.meta.data, { flow: "paged" });
    assert.equal(page.patients[0].pagination.page, i + 1, "pages arrive in order");
    assert.equal(page.patients[0].pagination.totalItems, pages.length);
    assert.equal(page.patients[0].documents.length, 1);
    assert.equal(page.patients[0].documents[0].downloadUrl, page.patients[0].documents[0].url);
    pageIds.add(page.meta.messageId);
  });
  assert.equal(pageIds.size, pages.length, "each page has its own messageId");
  await waitFor("the paged run to complete", async () => (await bulkStatus(PATIENT_ID)).status === "completed");
  const pagedStatus = await bulkStatus(PATIENT_ID);
  assert.equal(pagedStatus.pagesDelivered, pages.length);
  assert.equal(pagedStatus.totalPages, pages.length);
  await setPageSize(null);
  log(`paged: ${pages.length} pages of request ${pagedRun.requestId}, each verified and parsed by the SDK, in order`);

  // 5. The endpoint starts refusing: the ping fails, and a message is given up.
  const refusing = await api.updateSettings(`${INBOX_URL}?answer=400`);
  assert.equal(refusing.webhookKey, key, "a new URL keeps the key");
  await waitFor("the failed ping to disable the webhook", async () => {
    const status = await api.getWebhookStatus();
    return !status.webhookEnabled && /400/.test(status.webhookStatusDetail) ? status : undefined;
  });
  const retryMetadata = { flow: "retry", ticket: "T-2" };
  const failedRun = await api.startBulkGetDocumentUrl(RETRY_PATIENT_ID, retryMetadata);
  const failedStatus = await waitFor("the refused message to be given up", async () => {
    const status = await api.getWebhookStatus();
    return status.webhookRequestsFailed >= 1 ? status : undefined;
  });
  const refused = (await inbox()).filter((r) => JSON.parse(r.body).meta?.requestId === failedRun.requestId);
  assert.ok(refused.length >= 2, "the refused attempts reached the endpoint");
  // The documents' messageId is what a redelivery keeps; the failed notice that followed has its own.
  const documentsAttempt = refused.find((r) => JSON.parse(r.body).patients?.[0]?.status === "completed");
  const noticeAttempt = refused.find((r) => JSON.parse(r.body).patients?.[0]?.status === "failed");
  const messageId = JSON.parse(documentsAttempt.body).meta.messageId;
  if (noticeAttempt) {
    assert.notEqual(JSON.parse(noticeAttempt.body).meta.messageId, messageId, "the failed notice has its own messageId");
  }
  log(
    `getWebhookStatus: ${failedStatus.webhookRequestsFailed} failed after ${refused.length} refused attempts` +
      ` of message ${messageId}`,
  );

  // 6. The customer fixes its endpoint and retries: the same message, with its metadata and fresh URLs.
  await api.updateSettings(INBOX_URL);
  await waitFor("the webhook to be enabled again", async () => (await api.getWebhookStatus()).webhookEnabled);
  await api.retryWebhookRequests();
  const redelivered = await bulkMessage(
    key,
    failedRun.requestId,
    (request, body) => request.query === null && body.patients?.[0]?.status === "completed",
  );
  assert.equal(redelivered.message.meta.messageId, messageId, "the original messageId");
  assert.deepEqual(redelivered.message.meta.data, retryMetadata, "the metadata given at trigger time");
  const redeliveredCount = await downloads(redelivered.message);
  const settled = await waitFor("the ledger to empty", async () => {
    const status = await api.getWebhookStatus();
    return status.webhookRequestsFailed === 0 && status.webhookRequestsProcessing === 0 ? status : undefined;
  });
  log(
    `retryWebhookRequests: message ${messageId} redelivered with its metadata, ${redeliveredCount} fresh URLs` +
      ` downloaded; failed=${settled.webhookRequestsFailed} processing=${settled.webhookRequestsProcessing}`,
  );
  // 7. Neither service ever logged the webhook key, the webhook URL or a presigned URL.
  if (process.env.LOG_DIR) {
    const files = (process.env.LOG_FILES ?? "api-service.log workflow-worker.log").split(/\s+/).filter(Boolean);
    for (const file of files) {
      const text = readFileSync(join(process.env.LOG_DIR, file), "utf8");
      assert.ok(!text.includes(key), `${file} contains the webhook key`);
      assert.ok(!text.includes(INBOX_URL), `${file} contains the webhook URL`);
      assert.ok(!text.includes("X-Amz-Signature"), `${file} contains a presigned URL`);
    }
    log(`logs: no webhook key, webhook URL or presigned URL in ${files.join(", ")}`);
  }
  // 8. Nor does the bucket hold the webhook key: it is stored encrypted.
  if (process.env.S3_DATA_DIR) {
    const files = readdirSync(process.env.S3_DATA_DIR, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath ?? entry.path, entry.name));
    const settingsFiles = files.filter((file) => file.includes("customer-settings"));
    assert.ok(settingsFiles.length > 0, "the customer's settings object is in the bucket");
    for (const file of files) {
      assert.ok(!readFileSync(file, "utf8").includes(key), `${file} holds the webhook key in plain text`);
    }
    log(`bucket: ${files.length} objects, none holds the webhook key (settings: ${settingsFiles.length} object)`);
  }
  log("PASSED");
}

main().catch((error) => {
  console.error(`[sdk-flow] FAILED: ${error.stack ?? error}`);
  process.exit(1);
});

// Usage: node verify-webhook.mjs <webhookKey> <bodyFile> <signature> <webhook-id> <webhook-timestamp> <webhook-signature>
// Exit 0 and print a JSON summary when
// - Metriport's official SDK accepts the webhook exactly as a customer's handler would:
//   verifyWebhookSignature over the raw body, then parseWebhookResponse;
// - the Standard Webhooks reference library (standardwebhooks) verifies its webhook-* headers, with the
//   webhook key as the secret (base64 of its UTF-8 bytes, which is what the service signs with), and
//   refuses the same message replayed with another id or timestamp.
import { readFileSync } from "node:fs";
import { MetriportMedicalApi } from "@metriport/api-sdk";
import { Webhook } from "standardwebhooks";

const [key, bodyFile, signature, webhookId, webhookTimestamp, webhookSignature] = process.argv.slice(2);
const rawBody = readFileSync(bodyFile, "utf8");

if (!MetriportMedicalApi.verifyWebhookSignature(key, rawBody, signature)) {
  console.error("signature rejected by verifyWebhookSignature");
  process.exit(2);
}
let parsed;
try {
  parsed = MetriportMedicalApi.parseWebhookResponse(JSON.parse(rawBody));
} catch (error) {
  console.error("parseWebhookResponse rejected the body:", JSON.stringify(error.cause?.issues ?? String(error)));
  process.exit(3);
}
const standard = new Webhook(Buffer.from(key, "utf8").toString("base64"));
const headers = { "webhook-id": webhookId, "webhook-timestamp": webhookTimestamp, "webhook-signature": webhookSignature };
try {
  standard.verify(rawBody, headers);
} catch (error) {
  console.error("standardwebhooks rejected the webhook-* headers:", String(error));
  process.exit(4);
}
for (const tampered of [
  { ...headers, "webhook-id": `${webhookId}-replayed` },
  { ...headers, "webhook-timestamp": String(Number(webhookTimestamp) + 1) },
]) {
  try {
    standard.verify(rawBody, tampered);
    console.error("standardwebhooks accepted a tampered id or timestamp");
    process.exit(5);
  } catch {
    // refused, as it must be
  }
}
if (webhookId !== parsed.meta.messageId) {
  console.error(`webhook-id ${webhookId} is not meta.messageId ${parsed.meta.messageId}`);
  process.exit(6);
}
const summary = {
  type: parsed.meta.type,
  messageId: parsed.meta.messageId,
  requestId: parsed.meta.requestId,
  data: parsed.meta.data ?? null,
  patients: (parsed.patients ?? []).map((p) => ({
    patientId: p.patientId,
    status: p.status,
    documents: (p.documents ?? []).length,
    urls: (p.documents ?? []).filter((d) => typeof d.url === "string" && d.url.length > 0).length,
    downloadUrls: (p.documents ?? []).filter((d) => typeof d.downloadUrl === "string" && d.downloadUrl.length > 0).length,
    pagination: p.pagination ?? null,
  })),
  ping: parsed.ping ?? null,
  standardWebhooks: true,
};
console.log(JSON.stringify(summary));

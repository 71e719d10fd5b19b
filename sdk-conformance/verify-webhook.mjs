// Usage: node verify-webhook.mjs <webhookKey> <bodyFile> <signature>
// Exit 0 and print a JSON summary when Metriport's official SDK accepts the webhook exactly as a
// customer's handler would: verifyWebhookSignature over the raw body, then parseWebhookResponse.
import { readFileSync } from "node:fs";
import { MetriportMedicalApi } from "@metriport/api-sdk";

const [key, bodyFile, signature] = process.argv.slice(2);
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
  })),
  ping: parsed.ping ?? null,
};
console.log(JSON.stringify(summary));

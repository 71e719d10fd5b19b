package org.bulkdocs.e2e;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The baseline the product is measured against: the same job done the simplest way, in one process
 * with nothing durable: list with the SDK's paginator, presign each URL with {@link S3Presigner}, build
 * each message in memory with Jackson, HMAC it, POST it. {@link MinimalWorkflow} runs the same loop as
 * the one activity of a one-activity Temporal workflow.
 */
public final class BareDelivery {

  private final S3Client s3;
  private final S3Presigner presigner;
  private final String bucket;
  private final String webhookUrl;
  private final String webhookKey;
  private final JsonMapper json = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  BareDelivery(S3Client s3, S3Presigner presigner, String bucket, String webhookUrl, String webhookKey) {
    this.s3 = s3;
    this.presigner = presigner;
    this.bucket = bucket;
    this.webhookUrl = webhookUrl;
    this.webhookKey = webhookKey;
  }

  /** Delivers the patient's documents in {@code pages} messages (1: the regular message). */
  void deliver(String cxId, String patientId, String requestId, int pages) throws Exception {
    List<S3Object> objects = new ArrayList<>();
    s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(cxId + "/" + patientId + "/")).contents().forEach(objects::add);
    int perPage = (objects.size() + pages - 1) / pages;
    for (int page = 0; page < pages; page++) {
      List<S3Object> part = objects.subList(page * perPage, Math.min(objects.size(), (page + 1) * perPage));
      post(message(patientId, requestId, part, pages > 1 ? page + 1 : 0, pages, objects.size()));
    }
  }

  private byte[] message(String patientId, String requestId, List<S3Object> objects, int page, int pages, int total)
      throws Exception {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try (JsonGenerator out = json.createGenerator(body)) {
      out.writeStartObject();
      out.writeName("meta");
      out.writeStartObject();
      out.writeStringProperty("messageId", java.util.UUID.randomUUID().toString());
      out.writeStringProperty("requestId", requestId);
      out.writeStringProperty("when", Instant.now().toString());
      out.writeStringProperty("type", page > 0 ? "medical.document-bulk-download-paged" : "medical.document-bulk-download-urls");
      out.writeEndObject();
      out.writeName("patients");
      out.writeStartArray();
      out.writeStartObject();
      out.writeStringProperty("patientId", patientId);
      out.writeStringProperty("status", "completed");
      if (page > 0) {
        out.writeName("pagination");
        json.writeValue(out, Map.of("page", page, "totalPages", pages, "totalItems", total));
      }
      out.writeName("documents");
      out.writeStartArray();
      for (S3Object object : objects) {
        String url =
            presigner
                .presignGetObject(r -> r.signatureDuration(Duration.ofHours(1)).getObjectRequest(g -> g.bucket(bucket).key(object.key())))
                .url()
                .toString();
        out.writeStartObject();
        out.writeStringProperty("id", object.key());
        out.writeStringProperty("fileName", object.key());
        out.writeStringProperty("mimeType", "application/pdf");
        out.writeNumberProperty("size", object.size());
        out.writeStringProperty("indexed", object.lastModified().toString());
        out.writeStringProperty("url", url);
        if (page > 0) {
          out.writeStringProperty("downloadUrl", url);
        }
        out.writeEndObject();
      }
      out.writeEndArray();
      out.writeEndObject();
      out.writeEndArray();
      out.writeEndObject();
    }
    return body.toByteArray();
  }

  private void post(byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(webhookKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    HttpResponse<Void> answer =
        http.send(
            HttpRequest.newBuilder(URI.create(webhookUrl))
                .header("content-type", "application/json")
                .header("x-metriport-signature", HexFormat.of().formatHex(mac.doFinal(body)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.discarding());
    if (answer.statusCode() != 200) {
      throw new IllegalStateException("webhook answered " + answer.statusCode());
    }
  }

  /** One activity: the bare loop, as a minimal workflow would run it. */
  @WorkflowInterface
  public interface MinimalWorkflow {
    String TASK_QUEUE = "bench-minimal";

    @WorkflowMethod
    void deliver(String cxId, String patientId, String requestId);
  }

  @ActivityInterface
  public interface MinimalActivities {
    void listSignAndPost(String cxId, String patientId, String requestId);
  }

  public static class MinimalWorkflowImpl implements MinimalWorkflow {
    private final MinimalActivities activities =
        Workflow.newActivityStub(
            MinimalActivities.class, ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(2)).build());

    @Override
    public void deliver(String cxId, String patientId, String requestId) {
      activities.listSignAndPost(cxId, patientId, requestId);
    }
  }

  public static final class MinimalActivitiesImpl implements MinimalActivities {
    private final BareDelivery bare;

    MinimalActivitiesImpl(BareDelivery bare) {
      this.bare = bare;
    }

    @Override
    public void listSignAndPost(String cxId, String patientId, String requestId) {
      try {
        bare.deliver(cxId, patientId, requestId, 1);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }
}

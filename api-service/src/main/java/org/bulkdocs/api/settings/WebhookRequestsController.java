package org.bulkdocs.api.settings;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Duration;
import org.bulkdocs.api.auth.ApiKeyFilter;
import org.bulkdocs.api.auth.Customer;
import org.bulkdocs.api.error.ApiException;
import org.bulkdocs.api.openapi.ApiDocs;
import org.bulkdocs.api.ratelimit.CustomerRateLimits;
import org.bulkdocs.api.ratelimit.RateLimit;
import org.bulkdocs.common.state.log.LoggedRequest;
import org.bulkdocs.common.state.settings.CustomerSettings;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * What a customer does after the webhook: read the delivery log, deliver one message again, recover the
 * messages given up in a time range, rotate the webhook key with an overlap. Every call acts on the
 * authenticated customer only, and answers no URL of a document and no message body.
 */
@RestController
@Tag(name = "Settings")
public class WebhookRequestsController {

  /** A messageId as the log stores it: a safe S3 key segment, no "..". */
  private static final String ID_PATTERN = "^(?!.*\\.\\.)[A-Za-z0-9][A-Za-z0-9._-]{0,127}$";

  private final DeliveryLogReader reader;
  private final CustomerSettingsService service;
  private final WebhookRequestBodies bodies;
  private final CustomerRateLimits rateLimits;

  WebhookRequestsController(
      DeliveryLogReader reader, CustomerSettingsService service, WebhookRequestBodies bodies, CustomerRateLimits rateLimits) {
    this.reader = reader;
    this.service = service;
    this.bodies = bodies;
    this.rateLimits = rateLimits;
  }

  @GetMapping("/settings/webhook/request")
  @Operation(
      operationId = "listWebhookRequests",
      summary = "The webhook messages sent to the customer, most recent first",
      description =
          "Metriport's delivery log: every message (pings too) with its status, attempts and last answer, kept"
              + " 30 days. Paged like Metriport's other lists: follow meta.nextPage / meta.prevPage. Rate limited"
              + " with the webhook status reads.",
      parameters = {
        @Parameter(
            in = ParameterIn.QUERY,
            name = "sort",
            description = "createdAt or id, optionally =asc or =desc; default createdAt=desc",
            schema = @Schema(type = "string", allowableValues = {"createdAt", "createdAt=asc", "createdAt=desc", "id", "id=asc", "id=desc"})),
        @Parameter(
            in = ParameterIn.QUERY,
            name = "count",
            description = "Items per page, default 50",
            schema = @Schema(type = "integer", minimum = "1", maximum = "500")),
        @Parameter(
            in = ParameterIn.QUERY,
            name = "fromItem",
            description = "Start at this item (from meta.nextPage); not with toItem",
            schema = @Schema(type = "string", pattern = ID_PATTERN)),
        @Parameter(
            in = ParameterIn.QUERY,
            name = "toItem",
            description = "End at this item (from meta.prevPage); not with fromItem",
            schema = @Schema(type = "string", pattern = ID_PATTERN))
      })
  @ApiResponse(
      responseCode = "200",
      description = "A page of the log",
      content = @Content(mediaType = "application/json", schema = @Schema(implementation = WebhookRequestsPage.class)))
  @ApiResponse(responseCode = "400", ref = ApiDocs.RESPONSES + ApiDocs.BAD_REQUEST)
  @ApiResponse(responseCode = "429", ref = ApiDocs.RESPONSES + ApiDocs.TOO_MANY_REQUESTS)
  public WebhookRequestsPage list(
      @Parameter(hidden = true) @RequestAttribute(ApiKeyFilter.CUSTOMER_ATTRIBUTE) Customer customer,
      HttpServletRequest request) {
    DeliveryLogQuery query =
        DeliveryLogQuery.parse(
            request.getParameterValues("sort"),
            request.getParameterValues("count"),
            request.getParameterValues("fromItem"),
            request.getParameterValues("toItem"));
    rateLimits.acquire(RateLimit.WEBHOOK_STATUS, customer.id());
    DeliveryLogReader.Page page = reader.page(customer.id(), query);
    return new WebhookRequestsPage(
        new WebhookRequestsPage.Meta(
            page.items().size(),
            link(query, "fromItem", page.nextFromItem()),
            link(query, "toItem", page.prevToItem())),
        page.items());
  }

  /** Metriport's links: this endpoint's URL with the cursor, the count and the sort asked for. */
  private static @Nullable String link(DeliveryLogQuery query, String cursor, @Nullable String item) {
    if (item == null) {
      return null;
    }
    return ServletUriComponentsBuilder.fromCurrentRequestUri()
        .replaceQuery(null)
        .queryParam(cursor, item)
        .queryParam("count", query.count())
        .queryParam("sort", query.sort())
        .build()
        .toUriString();
  }

  @PostMapping("/settings/webhook/request/{id}/retry")
  @Operation(
      operationId = "retryWebhookRequest",
      summary = "Deliver one message again",
      description =
          "Delivers the message with this id again, whether it failed or was delivered: same messageId, the"
              + " metadata as sent, URLs signed afresh, to the webhook URL set now. A page of a paged delivery is"
              + " sent again with the other pages of its run, each under its own id. Calling again while the"
              + " redelivery is under way does not send twice. A ping is not redelivered (400). Rate limited with"
              + " the retries.",
      parameters =
          @Parameter(
              in = ParameterIn.PATH,
              name = "id",
              required = true,
              description = "The message's id (the log's id, meta.messageId)",
              schema = @Schema(type = "string", pattern = ID_PATTERN)))
  @ApiResponse(
      responseCode = "200",
      description = "The redelivery was started",
      content =
          @Content(mediaType = "application/json", schema = @Schema(implementation = WebhookRequestRetryResponse.class)))
  @ApiResponse(responseCode = "400", ref = ApiDocs.RESPONSES + ApiDocs.BAD_REQUEST)
  @ApiResponse(responseCode = "404", ref = ApiDocs.RESPONSES + ApiDocs.NOT_FOUND)
  @ApiResponse(responseCode = "429", ref = ApiDocs.RESPONSES + ApiDocs.TOO_MANY_REQUESTS)
  public WebhookRequestRetryResponse retryOne(
      @Parameter(hidden = true) @RequestAttribute(ApiKeyFilter.CUSTOMER_ATTRIBUTE) Customer customer,
      @PathVariable("id") String id) {
    if (!id.matches(ID_PATTERN)) {
      throw ApiException.badRequest("id must be the id of a message of the delivery log");
    }
    rateLimits.acquire(RateLimit.WEBHOOK_RETRY, customer.id());
    LoggedRequest sent = service.retryOne(customer.id(), id);
    return new WebhookRequestRetryResponse(id, sent.requestId(), LoggedRequest.PROCESSING);
  }

  @PostMapping("/settings/webhook/recover")
  @Operation(
      operationId = "recoverWebhookRequests",
      summary = "Deliver again the messages given up in a time range",
      description =
          "Every message of the customer that was given up at or after `since` (and before `until`, when given)"
              + " is delivered again in the background, each like POST /settings/webhook/request/{id}/retry. A call"
              + " while a recovery is running starts nothing new and says so. Rate limited with the retries.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content = @Content(mediaType = "application/json", schema = @Schema(implementation = WebhookRecoverRequest.class))))
  @ApiResponse(
      responseCode = "200",
      description = "The recovery was started, or one is running",
      content = @Content(mediaType = "application/json", schema = @Schema(implementation = WebhookRecoverResponse.class)))
  @ApiResponse(responseCode = "400", ref = ApiDocs.RESPONSES + ApiDocs.BAD_REQUEST)
  @ApiResponse(responseCode = "413", ref = ApiDocs.RESPONSES + ApiDocs.PAYLOAD_TOO_LARGE)
  @ApiResponse(responseCode = "415", ref = ApiDocs.RESPONSES + ApiDocs.UNSUPPORTED_MEDIA_TYPE)
  @ApiResponse(responseCode = "429", ref = ApiDocs.RESPONSES + ApiDocs.TOO_MANY_REQUESTS)
  public WebhookRecoverResponse recover(
      @Parameter(hidden = true) @RequestAttribute(ApiKeyFilter.CUSTOMER_ATTRIBUTE) Customer customer,
      HttpServletRequest request)
      throws IOException {
    WebhookRequestBodies.Range range =
        bodies.recoverRange(request.getContentType(), request.getContentLengthLong(), request.getInputStream());
    rateLimits.acquire(RateLimit.WEBHOOK_RETRY, customer.id());
    boolean started = service.recover(customer.id(), range.since(), range.until());
    return new WebhookRecoverResponse(
        started ? "started" : "in-progress", range.since().toString(), range.until() == null ? null : range.until().toString());
  }

  @PostMapping("/settings/webhook/key")
  @Operation(
      operationId = "rotateWebhookKey",
      summary = "Rotate the webhook key, with an overlap",
      description =
          "Answers a new webhook key. For `overlapHours` (default 24, 0 = at once, at most 168) the previous key"
              + " goes on signing: webhook-signature carries one `v1,` signature per key (Standard Webhooks), so a"
              + " receiver verifying it with either key sees no failure; x-metriport-signature, a single HMAC,"
              + " stays under the previous key until `previousKeyValidUntil` and then moves to the new one. The"
              + " URL stays as it is. Rate limited with the settings updates.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = false,
              content = @Content(mediaType = "application/json", schema = @Schema(implementation = WebhookKeyRotationRequest.class))))
  @ApiResponse(
      responseCode = "200",
      description = "The new key",
      content = @Content(mediaType = "application/json", schema = @Schema(implementation = WebhookKeyResponse.class)))
  @ApiResponse(responseCode = "400", ref = ApiDocs.RESPONSES + ApiDocs.BAD_REQUEST)
  @ApiResponse(responseCode = "409", ref = ApiDocs.RESPONSES + ApiDocs.CONFLICT)
  @ApiResponse(responseCode = "413", ref = ApiDocs.RESPONSES + ApiDocs.PAYLOAD_TOO_LARGE)
  @ApiResponse(responseCode = "415", ref = ApiDocs.RESPONSES + ApiDocs.UNSUPPORTED_MEDIA_TYPE)
  @ApiResponse(responseCode = "429", ref = ApiDocs.RESPONSES + ApiDocs.TOO_MANY_REQUESTS)
  public WebhookKeyResponse rotateKey(
      @Parameter(hidden = true) @RequestAttribute(ApiKeyFilter.CUSTOMER_ATTRIBUTE) Customer customer,
      HttpServletRequest request)
      throws IOException {
    Duration overlap = bodies.overlap(request.getContentType(), request.getContentLengthLong(), request.getInputStream());
    rateLimits.acquire(RateLimit.SETTINGS_UPDATE, customer.id());
    CustomerSettings saved = service.rotateKey(customer.id(), overlap);
    return new WebhookKeyResponse(saved.webhookKey(), saved.previousKeyValidUntil());
  }

  /** The documented shape of the recover body; {@link WebhookRequestBodies} reads it. */
  @Schema(name = "WebhookRecoverRequest", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
  record WebhookRecoverRequest(
      @Schema(
              description = "Messages given up at or after this time (ISO-8601 with an offset)",
              format = "date-time",
              requiredMode = Schema.RequiredMode.REQUIRED)
          String since,
      @Schema(types = {"string", "null"}, description = "and before this time; absent or null: up to now", format = "date-time")
          String until) {}

  /** The documented shape of the key rotation body; {@link WebhookRequestBodies} reads it. */
  @Schema(name = "WebhookKeyRotationRequest", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
  record WebhookKeyRotationRequest(
      @Schema(
              types = {"integer", "null"},
              minimum = "0",
              maximum = "168",
              description = "Hours the previous key goes on signing next to the new one; default 24, 0 = at once")
          Integer overlapHours) {}
}

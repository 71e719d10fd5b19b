package org.bulkdocs.api.settings;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.bulkdocs.api.auth.ApiKeyFilter;
import org.bulkdocs.api.auth.Customer;
import org.bulkdocs.api.openapi.ApiDocs;
import org.bulkdocs.api.ratelimit.CustomerRateLimits;
import org.bulkdocs.api.ratelimit.RateLimit;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

/**
 * Metriport's settings endpoints, at the root as Metriport has them (its SDK calls them there): the
 * customer's webhook URL and key, the webhook's state, and the retry of given-up messages. Every call
 * acts on the authenticated customer only.
 */
@RestController
@Tag(name = "Settings")
public class SettingsController {

  private final CustomerSettingsService service;
  private final SettingsRequestParser parser;
  private final CustomerRateLimits rateLimits;

  SettingsController(CustomerSettingsService service, SettingsRequestParser parser, CustomerRateLimits rateLimits) {
    this.service = service;
    this.parser = parser;
    this.rateLimits = rateLimits;
  }

  @GetMapping("/settings")
  @Operation(operationId = "getSettings", summary = "The customer's webhook URL and key")
  @ApiResponse(
      responseCode = "200",
      description = "The settings; URL and key are null when none is set",
      content = @Content(mediaType = "application/json", schema = @Schema(implementation = SettingsResponse.class)))
  public SettingsResponse get(
      @Parameter(hidden = true) @RequestAttribute(ApiKeyFilter.CUSTOMER_ATTRIBUTE) Customer customer) {
    return service.get(customer.id());
  }

  @PostMapping("/settings")
  @Operation(
      operationId = "updateSettings",
      summary = "Set or clear the webhook URL",
      description =
          "Setting a URL keeps the existing webhook key, or generates one when there is none; \"\" or null"
              + " clears the URL and the key (set a URL again to get a new key). A URL that is set is then"
              + " verified with a signed `ping` webhook, which must be answered with"
              + " `{\"pong\": \"<the ping value>\"}`: GET /settings/webhook shows the outcome.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = "application/json",
                      schema = @Schema(implementation = SettingsUpdateRequest.class))))
  @ApiResponse(
      responseCode = "200",
      description = "The settings as saved",
      content = @Content(mediaType = "application/json", schema = @Schema(implementation = SettingsResponse.class)))
  @ApiResponse(responseCode = "400", ref = ApiDocs.RESPONSES + ApiDocs.BAD_REQUEST)
  @ApiResponse(responseCode = "413", ref = ApiDocs.RESPONSES + ApiDocs.PAYLOAD_TOO_LARGE)
  @ApiResponse(responseCode = "415", ref = ApiDocs.RESPONSES + ApiDocs.UNSUPPORTED_MEDIA_TYPE)
  @ApiResponse(responseCode = "429", ref = ApiDocs.RESPONSES + ApiDocs.TOO_MANY_REQUESTS)
  public SettingsResponse update(
      @Parameter(hidden = true) @RequestAttribute(ApiKeyFilter.CUSTOMER_ATTRIBUTE) Customer customer,
      HttpServletRequest request)
      throws IOException {
    SettingsChange change =
        parser.parse(request.getContentType(), request.getContentLengthLong(), request.getInputStream());
    rateLimits.acquire(RateLimit.SETTINGS_UPDATE, customer.id());
    return service.update(customer.id(), change);
  }

  @GetMapping("/settings/webhook")
  @Operation(
      operationId = "getWebhookStatus",
      summary = "How communication with the webhook is going",
      description =
          "Whether the last ping or delivery reached the endpoint, and how many messages are being"
              + " delivered or were given up.")
  @ApiResponse(
      responseCode = "200",
      description = "The webhook's state",
      content =
          @Content(mediaType = "application/json", schema = @Schema(implementation = WebhookStatusResponse.class)))
  @ApiResponse(responseCode = "429", ref = ApiDocs.RESPONSES + ApiDocs.TOO_MANY_REQUESTS)
  public WebhookStatusResponse status(
      @Parameter(hidden = true) @RequestAttribute(ApiKeyFilter.CUSTOMER_ATTRIBUTE) Customer customer) {
    rateLimits.acquire(RateLimit.WEBHOOK_STATUS, customer.id());
    return service.status(customer.id());
  }

  @PostMapping("/settings/webhook/retry")
  @Operation(
      operationId = "retryWebhookRequests",
      summary = "Deliver the given-up messages again",
      description =
          "Each failed message is delivered again with its original messageId, requestId and metadata, and"
              + " with freshly signed URLs, to the webhook URL set now. Retrying while a redelivery is under"
              + " way does not send the message twice.")
  @ApiResponse(
      responseCode = "200",
      description = "Redeliveries started",
      content =
          @Content(mediaType = "application/json", schema = @Schema(implementation = WebhookRetryResponse.class)))
  @ApiResponse(responseCode = "429", ref = ApiDocs.RESPONSES + ApiDocs.TOO_MANY_REQUESTS)
  public WebhookRetryResponse retry(
      @Parameter(hidden = true) @RequestAttribute(ApiKeyFilter.CUSTOMER_ATTRIBUTE) Customer customer) {
    rateLimits.acquire(RateLimit.WEBHOOK_RETRY, customer.id());
    return service.retry(customer.id());
  }
}

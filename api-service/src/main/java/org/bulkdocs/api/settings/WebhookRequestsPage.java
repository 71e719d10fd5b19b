package org.bulkdocs.api.settings;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@code GET /settings/webhook/request}'s answer, in the shape of Metriport's paginated endpoints. */
@Schema(name = "WebhookRequests", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record WebhookRequestsPage(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Meta meta,
    @ArraySchema(schema = @Schema(implementation = WebhookRequestResponse.class)) List<WebhookRequestResponse> requests) {

  /** Metriport's {@code paginationMetaSchema}: absent links when there is no such page. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"itemsOnPage", "nextPage", "prevPage"})
  @Schema(name = "PaginationMeta", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
  public record Meta(
      @Schema(description = "Items on this page", minimum = "0", requiredMode = Schema.RequiredMode.REQUIRED) int itemsOnPage,
      @Schema(description = "URL of the next page (its fromItem); absent on the last page") @Nullable String nextPage,
      @Schema(description = "URL of the previous page (its toItem); absent on the first page") @Nullable String prevPage) {}
}

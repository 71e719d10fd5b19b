package org.bulkdocs.api.bulk;

import org.bulkdocs.api.error.ApiException;
import org.bulkdocs.contract.bulk.DocumentDates;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The trigger's {@code dateFrom} and {@code dateTo} query parameters, as Metriport's document listing
 * takes them: {@code YYYY-MM-DD}, inclusive, each at most once, {@code dateFrom} not after
 * {@code dateTo}. Anything else is a 400 before anything is started.
 */
@Component
class DateFilterParser {

  static final String DATE_FROM = "dateFrom";
  static final String DATE_TO = "dateTo";

  /** Null when neither is given: every document. */
  @Nullable DocumentDates parse(String @Nullable [] dateFrom, String @Nullable [] dateTo) {
    try {
      return DocumentDates.of(single(DATE_FROM, dateFrom), single(DATE_TO, dateTo));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  private static @Nullable String single(String name, String @Nullable [] values) {
    if (values == null || values.length == 0) {
      return null;
    }
    if (values.length > 1) {
      throw ApiException.badRequest(name + " must be given at most once (got " + values.length + ")");
    }
    if (values[0].isEmpty()) {
      throw ApiException.badRequest(name + " must not be empty: leave it out for no limit");
    }
    return values[0];
  }
}

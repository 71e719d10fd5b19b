package org.bulkdocs.contract.bulk;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * The trigger's {@code dateFrom} / {@code dateTo}: only documents whose date (their {@code indexed} time,
 * in UTC) falls in this range, both ends included, are delivered. Either end may be open.
 *
 * @param dateFrom {@code YYYY-MM-DD}, or null
 * @param dateTo {@code YYYY-MM-DD}, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DocumentDates(String dateFrom, String dateTo) {

  public DocumentDates {
    LocalDate from = parse("dateFrom", dateFrom);
    LocalDate to = parse("dateTo", dateTo);
    if (from != null && to != null && from.isAfter(to)) {
      throw new IllegalArgumentException("dateFrom must not be after dateTo");
    }
  }

  /** Null when neither end is given: no filter at all. */
  public static DocumentDates of(String dateFrom, String dateTo) {
    return dateFrom == null && dateTo == null ? null : new DocumentDates(dateFrom, dateTo);
  }

  /** Whether a document of this UTC date is in the range. */
  public boolean includes(LocalDate date) {
    return (dateFrom == null || !date.isBefore(LocalDate.parse(dateFrom)))
        && (dateTo == null || !date.isAfter(LocalDate.parse(dateTo)));
  }

  private static LocalDate parse(String name, String value) {
    if (value == null) {
      return null;
    }
    // LocalDate.parse alone would accept nothing looser, but says so in a message naming its own internals
    if (!value.matches("\\d{4}-\\d{2}-\\d{2}")) {
      throw new IllegalArgumentException(name + " must be a date as YYYY-MM-DD");
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + " is not a valid date: " + value);
    }
  }
}

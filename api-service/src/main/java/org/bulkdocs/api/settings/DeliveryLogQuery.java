package org.bulkdocs.api.settings;

import java.util.Comparator;
import java.util.regex.Pattern;
import org.bulkdocs.api.error.ApiException;
import org.bulkdocs.common.state.log.WebhookRequestLog.Key;
import org.jspecify.annotations.Nullable;

/**
 * A page of the delivery log as Metriport's paginated endpoints take it: {@code sort}
 * ({@code createdAt=desc} by default; {@code createdAt} or {@code id}, each {@code =asc} or
 * {@code =desc}), {@code count} (default 50, at most 500), and a cursor: {@code fromItem} (this item
 * and the ones after it) or {@code toItem} (the ones before it, and it), never both. Cursors are item
 * IDs, as in {@code meta.nextPage} and {@code meta.prevPage}; one no longer in the log gives an empty page.
 */
record DeliveryLogQuery(String sort, Comparator<Key> order, int count, @Nullable String fromItem, @Nullable String toItem) {

  static final int DEFAULT_COUNT = 50;
  static final int MAX_COUNT = 500;
  static final String DEFAULT_SORT = "createdAt=desc";

  private static final Pattern ITEM = Pattern.compile("(?!.*\\.\\.)[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private static final Comparator<Key> BY_ID = Comparator.comparing(Key::messageId);
  private static final Comparator<Key> BY_CREATED =
      Comparator.comparingLong(Key::createdAtMillis).thenComparing(Key::messageId);

  static DeliveryLogQuery parse(
      String @Nullable [] sort, String @Nullable [] count, String @Nullable [] fromItem, String @Nullable [] toItem) {
    String sortValue = single("sort", sort);
    String countValue = single("count", count);
    String from = item("fromItem", single("fromItem", fromItem));
    String to = item("toItem", single("toItem", toItem));
    if (from != null && to != null) {
      throw ApiException.badRequest("Either fromItem or toItem can be provided, but not both");
    }
    String effectiveSort = sortValue == null ? DEFAULT_SORT : sortValue;
    return new DeliveryLogQuery(effectiveSort, order(effectiveSort), count(countValue), from, to);
  }

  private static Comparator<Key> order(String sort) {
    String[] parts = sort.split("=", -1);
    if (parts.length > 2) {
      throw badSort();
    }
    Comparator<Key> column =
        switch (parts[0]) {
          case "createdAt" -> BY_CREATED;
          case "id" -> BY_ID;
          default -> throw badSort();
        };
    String direction = parts.length == 2 ? parts[1] : "asc";
    return switch (direction) {
      case "asc" -> column;
      case "desc" -> column.reversed();
      default -> throw badSort();
    };
  }

  private static ApiException badSort() {
    return ApiException.badRequest(
        "sort must be createdAt or id, optionally followed by =asc or =desc (for example createdAt=desc)");
  }

  private static int count(@Nullable String value) {
    if (value == null) {
      return DEFAULT_COUNT;
    }
    if (!value.matches("[0-9]{1,4}")) {
      throw ApiException.badRequest("count must be a whole number from 1 to " + MAX_COUNT);
    }
    int count = Integer.parseInt(value);
    if (count < 1 || count > MAX_COUNT) {
      throw ApiException.badRequest("count must be a whole number from 1 to " + MAX_COUNT);
    }
    return count;
  }

  private static @Nullable String item(String name, @Nullable String value) {
    if (value != null && !ITEM.matcher(value).matches()) {
      throw ApiException.badRequest(name + " must be the id of an item of a previous page");
    }
    return value;
  }

  private static @Nullable String single(String name, String @Nullable [] values) {
    if (values == null || values.length == 0) {
      return null;
    }
    if (values.length > 1) {
      throw ApiException.badRequest(name + " must be given at most once (got " + values.length + ")");
    }
    if (values[0].isEmpty()) {
      throw ApiException.badRequest(name + " must not be empty");
    }
    return values[0];
  }
}

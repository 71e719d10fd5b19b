package org.bulkdocs.contract.bulk;

import io.temporal.common.SearchAttributeKey;
import java.util.List;

/**
 * Custom search attributes operators filter on in the Temporal UI. Every deployment registers those
 * listed in {@code deploy/temporal/search-attributes}, which must name the same (SearchAttributesFileTest).
 */
public final class BulkDownloadSearchAttributes {

  public static final SearchAttributeKey<String> CUSTOMER_ID =
      SearchAttributeKey.forKeyword("CustomerId");
  public static final SearchAttributeKey<String> STATUS =
      SearchAttributeKey.forKeyword("BulkDownloadStatus");
  public static final SearchAttributeKey<Long> DOCUMENT_COUNT =
      SearchAttributeKey.forLong("DocumentCount");

  public static final List<SearchAttributeKey<?>> ALL = List.of(CUSTOMER_ID, STATUS, DOCUMENT_COUNT);

  private BulkDownloadSearchAttributes() {}
}

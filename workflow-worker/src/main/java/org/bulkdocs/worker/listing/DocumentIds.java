package org.bulkdocs.worker.listing;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Document IDs. Metriport names files {@code {cxId}_{patientId}_{docId}{ext}}; for those the ID is
 * {@code docId}. Any other object gets a name-based UUID of its key, so the same object always has
 * the same ID.
 */
final class DocumentIds {

  private DocumentIds() {}

  static String forKey(String cxId, String patientId, String key) {
    String name = key.substring(key.lastIndexOf('/') + 1);
    String metriportPrefix = cxId + "_" + patientId + "_";
    if (name.startsWith(metriportPrefix)) {
      String rest = name.substring(metriportPrefix.length());
      int dot = rest.lastIndexOf('.');
      String docId = dot > 0 ? rest.substring(0, dot) : rest;
      if (!docId.isEmpty()) {
        return docId;
      }
    }
    return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
  }
}

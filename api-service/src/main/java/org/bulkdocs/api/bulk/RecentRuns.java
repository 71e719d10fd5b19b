package org.bulkdocs.api.bulk;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Patients whose run this API instance recently started or attached to: a hint that decides which
 * check comes first, never an answer. A hinted patient is first looked up in Temporal (a retrigger is
 * then one read); any other goes straight to the S3 check and the start, whose own answer says whether
 * a run was already there. A wrong or missing hint costs a round trip, nothing else.
 */
@Component
class RecentRuns {

  private static final int CAPACITY = 10_000;

  private final Map<String, Boolean> patients =
      Collections.synchronizedMap(
          new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
              return size() > CAPACITY;
            }
          });

  boolean mayBeRunning(String patientId) {
    return patients.containsKey(patientId);
  }

  void remember(String patientId) {
    patients.put(patientId, Boolean.TRUE);
  }

  void forget(String patientId) {
    patients.remove(patientId);
  }
}

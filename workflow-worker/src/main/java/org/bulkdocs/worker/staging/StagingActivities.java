package org.bulkdocs.worker.staging;

import io.temporal.activity.ActivityInterface;

@ActivityInterface
public interface StagingActivities {

  /** Removes the run's claim-check objects once the run is over; returns how many were removed. */
  int deleteStagedData(String stagingId);
}

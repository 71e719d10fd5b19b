package org.bulkdocs.worker.staging;

import io.temporal.spring.boot.ActivityImpl;
import org.bulkdocs.contract.TaskQueues;
import org.bulkdocs.worker.activity.BackgroundHeartbeat;
import org.springframework.stereotype.Component;

@Component
@ActivityImpl(taskQueues = TaskQueues.BULK_DOWNLOAD)
public class StagingActivitiesImpl implements StagingActivities {

  private final ClaimCheckStore store;

  public StagingActivitiesImpl(ClaimCheckStore store) {
    this.store = store;
  }

  @Override
  public int deleteStagedData(String stagingId) {
    return BackgroundHeartbeat.around(() -> store.deleteRun(stagingId));
  }
}

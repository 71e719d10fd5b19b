package org.bulkdocs.worker.listing;

import io.temporal.spring.boot.ActivityImpl;
import org.bulkdocs.contract.TaskQueues;
import org.bulkdocs.worker.activity.BackgroundHeartbeat;
import org.bulkdocs.worker.activity.LargeWork;
import org.springframework.stereotype.Component;

@Component
@ActivityImpl(taskQueues = TaskQueues.BULK_DOWNLOAD)
public class DocumentListingActivitiesImpl implements DocumentListingActivities {

  private final DocumentLister lister;
  private final LargeWork largeWork;

  public DocumentListingActivitiesImpl(DocumentLister lister, LargeWork largeWork) {
    this.lister = lister;
    this.largeWork = largeWork;
  }

  @Override
  public DocumentListing listDocuments(ListDocumentsInput input) {
    return BackgroundHeartbeat.around(
        () ->
            largeWork.run(
                () -> {
                  try (DocumentLister.Listed listed = lister.list(input.cxId(), input.patientId())) {
                    return lister.stage(listed, input.stagingId());
                  }
                }));
  }
}

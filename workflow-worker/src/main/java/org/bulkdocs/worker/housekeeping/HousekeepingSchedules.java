package org.bulkdocs.worker.housekeeping;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleUpdate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bulkdocs.contract.TaskQueues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The periodic jobs are Temporal Schedules: one run per period for the whole deployment, each run a
 * workflow an operator sees (and can trigger, pause or backfill) in the UI and CLI. Every worker makes
 * sure they exist at start (creating them, or updating their period to this configuration); only the
 * SDK's embedded test server, which has no schedules, gets them run in-process instead.
 */
@Component
class HousekeepingSchedules {

  /** Schedule IDs, also the prefix of their runs' workflow IDs (":" never occurs in a patient ID). */
  static final String LEDGER = "housekeeping:reconcile-webhook-ledger";
  static final String REWRAP = "housekeeping:rewrap-webhook-keys";

  private static final Duration RETRY_CREATE = Duration.ofSeconds(30);
  private static final Logger log = LoggerFactory.getLogger(HousekeepingSchedules.class);

  private final ScheduleClient schedules;
  private final HousekeepingProperties props;
  private final HousekeepingActivities jobs;
  private final ScheduledExecutorService retries =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "housekeeping-schedules");
        t.setDaemon(true);
        return t;
      });

  HousekeepingSchedules(ScheduleClient schedules, HousekeepingProperties props, HousekeepingActivities jobs) {
    this.schedules = schedules;
    this.props = props;
    this.jobs = jobs;
  }

  @EventListener(ApplicationReadyEvent.class)
  void ensureSchedules() {
    retries.execute(this::ensure);
  }

  private void ensure() {
    try {
      ensure(LEDGER, ReconcileWebhookLedgerWorkflow.class, props.reconcileLedgerEvery());
      ensure(REWRAP, RewrapWebhookKeysWorkflow.class, props.rewrapWebhookKeysEvery());
    } catch (RuntimeException e) {
      if (unimplemented(e)) {
        runInProcess();
        return;
      }
      log.warn("could not create the housekeeping schedules, trying again in {}: {}", RETRY_CREATE, e.toString());
      retries.schedule((Runnable) this::ensure, RETRY_CREATE.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void ensure(String id, Class<?> workflow, Duration every) {
    Schedule schedule =
        Schedule.newBuilder()
            .setAction(
                ScheduleActionStartWorkflow.newBuilder()
                    .setWorkflowType(workflow)
                    .setOptions(
                        WorkflowOptions.newBuilder()
                            .setWorkflowId(id)
                            .setTaskQueue(TaskQueues.BULK_DOWNLOAD)
                            .setWorkflowExecutionTimeout(Duration.ofHours(2))
                            .build())
                    .build())
            .setSpec(ScheduleSpec.newBuilder().setIntervals(List.of(new ScheduleIntervalSpec(every))).build())
            .setPolicy(
                SchedulePolicy.newBuilder()
                    // a run still going when the next is due: the next is skipped, never stacked
                    .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                    .setCatchupWindow(Duration.ofMinutes(1))
                    .build())
            .build();
    try {
      schedules.createSchedule(id, schedule, ScheduleOptions.newBuilder().setTriggerImmediately(true).build());
      log.info("schedule {} created: every {}", id, every);
    } catch (ScheduleAlreadyRunningException e) {
      schedules.getHandle(id).update(input -> new ScheduleUpdate(schedule));
      log.info("schedule {}: every {}", id, every);
    }
  }

  private void runInProcess() {
    log.warn(
        "this Temporal server has no schedules (the SDK's embedded test server): the housekeeping jobs run in"
            + " this worker instead, the ledger every {}, the key re-wrap every {}",
        props.reconcileLedgerEvery(), props.rewrapWebhookKeysEvery());
    every(props.reconcileLedgerEvery(), jobs::reconcileWebhookLedger);
    every(props.rewrapWebhookKeysEvery(), jobs::rewrapWebhookKeys);
  }

  private void every(Duration period, Runnable job) {
    retries.scheduleWithFixedDelay(
        () -> {
          try {
            job.run();
          } catch (RuntimeException e) {
            log.warn("housekeeping job failed, the next round tries again: {}", e.toString());
          }
        },
        0, period.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static boolean unimplemented(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        return true;
      }
    }
    return false;
  }
}

package org.bulkdocs.e2e;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code calls} calls spread over {@code clients} threads that all start at once; each call's latency is
 * kept, so the rate and the percentiles come from the same run. A failed call is counted, not retried.
 */
final class LoadRun {

  @FunctionalInterface
  interface Call {
    /** The call's result (a requestId, a run ID), kept for checks such as "one run". */
    String run(int index) throws Exception;
  }

  record Result(int calls, double seconds, long[] latenciesNanos, List<String> answers, int failures, String firstFailure) {

    double perSecond() {
      return calls / seconds;
    }

    double percentileMillis(double p) {
      long[] sorted = latenciesNanos.clone();
      Arrays.sort(sorted);
      int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
  }

  private LoadRun() {}

  static Result run(int clients, int calls, Call call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    CountDownLatch gate = new CountDownLatch(1);
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    ConcurrentLinkedQueue<String> failed = new ConcurrentLinkedQueue<>();
    long[] latencies = new long[calls];
    String[] answers = new String[calls];
    List<Future<?>> running = new ArrayList<>();
    try {
      for (int c = 0; c < clients; c++) {
        running.add(
            pool.submit(
                () -> {
                  gate.await();
                  for (int i = next.getAndIncrement(); i < calls; i = next.getAndIncrement()) {
                    long start = System.nanoTime();
                    try {
                      answers[i] = call.run(i);
                    } catch (Exception e) {
                      failures.incrementAndGet();
                      failed.add(String.valueOf(e));
                    }
                    latencies[i] = System.nanoTime() - start;
                  }
                  return null;
                }));
      }
      long started = System.nanoTime();
      gate.countDown();
      for (Future<?> client : running) {
        client.get();
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      return new Result(calls, seconds, latencies, Arrays.asList(answers), failures.get(), failed.peek());
    } finally {
      pool.shutdownNow();
    }
  }
}

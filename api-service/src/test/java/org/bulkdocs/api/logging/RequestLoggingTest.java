package org.bulkdocs.api.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.bulkdocs.api.support.TestCustomers.CX_A;
import static org.bulkdocs.api.support.TestCustomers.KEY_A;
import static org.bulkdocs.api.support.TestCustomers.KEY_B;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.bulkdocs.api.support.ApiClient;
import org.bulkdocs.api.support.ApiIntegrationTest;
import org.bulkdocs.api.support.InMemoryS3;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Log lines of a request carry its cxId, patientId and requestId; API keys never reach the logs, in
 * the human-readable format (console, as configured by application.yml) or the structured one.
 */
@ApiIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class RequestLoggingTest {

  private static final String ACCESS_LOGGER = "org.bulkdocs.api.access";

  /** A key nobody has, as an attacker or a misconfigured client would send it. */
  private static final String UNKNOWN_KEY = "unknown-key-7c1f0e9a-do-not-log";

  @LocalServerPort int port;
  @Autowired InMemoryS3 s3;

  private ApiClient api;

  @BeforeEach
  void setUp() {
    api = new ApiClient(port);
  }

  @Test
  void humanReadableLinesCarryTheRequestsIds(CapturedOutput output) {
    String patientId = s3.newPatient(CX_A);
    String requestId = ApiClient.json(api.startBulk(patientId, KEY_A, null)).get("requestId").asString();

    awaitLines(output, l -> l.contains(ACCESS_LOGGER), patientId);
    List<String> lines = output.getOut().lines().filter(l -> l.contains(patientId)).toList();

    assertThat(lines)
        .anySatisfy(l -> assertThat(l).contains("bulk download started").containsPattern(mdcPattern(patientId, requestId)))
        .anySatisfy(l -> assertThat(l).contains(ACCESS_LOGGER, "POST " + ApiClient.BULK_PATH + " -> 200")
            .containsPattern(mdcPattern(patientId, requestId)));
  }

  @Test
  void structuredLinesCarryTheIdsAsFields() {
    String patientId = s3.newPatient(CX_A);
    List<ILoggingEvent> events =
        captured(1, () -> api.startBulk(patientId, KEY_A, "{\"metadata\":{\"phi\":\"Jane Doe\"}}"));
    ILoggingEvent access =
        events.stream().filter(e -> e.getLoggerName().equals(ACCESS_LOGGER)).reduce((a, b) -> b).orElseThrow();

    // The encoder the json-logs profile (logging.structured.format.console=ecs) puts on the console.
    StructuredLogEncoder ecs = new StructuredLogEncoder();
    ecs.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
    ecs.setFormat("ecs");
    ecs.start();
    try {
      String line = new String(ecs.encode(access), StandardCharsets.UTF_8);
      JsonNode json = JsonMapper.builder().build().readTree(line);

      assertThat(json.get("cxId").asString()).isEqualTo(CX_A);
      assertThat(json.get("patientId").asString()).isEqualTo(patientId);
      assertThat(json.get("requestId").asString()).isNotBlank();
      assertThat(json.get("message").asString()).startsWith("POST " + ApiClient.BULK_PATH + " -> 200");
      assertThat(line).doesNotContain(KEY_A).doesNotContain("Jane Doe");
    } finally {
      ecs.stop();
    }
  }

  @Test
  void apiKeysNeverReachTheLogs(CapturedOutput output) {
    String patientId = s3.newPatient(CX_A);
    List<ILoggingEvent> events =
        captured(
            5,
            () -> {
              api.startBulk(patientId, KEY_A, null);
              api.bulkStatus(patientId, KEY_A);
              api.startBulk(patientId, UNKNOWN_KEY, null);
              api.startBulk(InMemoryS3.PATIENT_OF_A, KEY_B, null);
              // A key in the query string (a client mistake) is not logged either.
              api.send("POST", ApiClient.BULK_PATH + "?patientId=" + patientId + "&x-api-key=" + KEY_B, null,
                  BodyPublishers.noBody(), null);
              return null;
            });

    assertThat(events).isNotEmpty();
    for (ILoggingEvent event : events) {
      String everything = event.getFormattedMessage() + event.getMDCPropertyMap()
          + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage());
      assertThat(everything).doesNotContain(KEY_A, KEY_B, UNKNOWN_KEY);
    }
    assertThat(output.getAll()).doesNotContain(KEY_A).doesNotContain(KEY_B).doesNotContain(UNKNOWN_KEY);
  }

  @Test
  void idsDoNotLeakIntoTheNextRequest(CapturedOutput output) {
    String patientId = s3.newPatient(CX_A);
    api.startBulk(patientId, KEY_A, null);
    awaitLines(output, l -> l.contains(ACCESS_LOGGER), patientId);
    int before = output.getOut().length();

    // Tomcat may serve this on the same thread; none of the previous request's IDs may show.
    for (int i = 0; i < 5; i++) {
      api.post("patientId=" + patientId, UNKNOWN_KEY, null);
    }

    List<String> rejected = awaitLines(output, l -> l.contains(ACCESS_LOGGER) && l.contains("-> 401"), "-> 401");
    assertThat(output.getOut().substring(before).lines().filter(l -> l.contains(ACCESS_LOGGER)).toList())
        .hasSizeGreaterThanOrEqualTo(1)
        .allSatisfy(l -> assertThat(l).contains("-> 401").doesNotContain("cxId").doesNotContain(patientId)
            .doesNotContain("requestId"));
    assertThat(rejected).isNotEmpty();
  }

  /** cxId, patientId and requestId in the order logback prints the MDC (a hash map's). */
  private static String mdcPattern(String patientId, String requestId) {
    return "\\[(?=[^\\]]*cxId=" + CX_A + ")(?=[^\\]]*patientId=" + patientId + ")(?=[^\\]]*requestId=" + requestId
        + ")[^\\]]*\\]";
  }

  /**
   * The events logged while {@code action} runs, up to the access line of its last request: that line is
   * written when the request ends, which can be just after the client has its answer.
   */
  private static <T> List<ILoggingEvent> captured(int requests, Supplier<T> action) {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.setContext(root.getLoggerContext());
    appender.start();
    root.addAppender(appender);
    try {
      action.get();
      await("the access line of every request").atMost(Duration.ofSeconds(5)).until(() -> accessLines(appender) >= requests);
      assertThat(accessLines(appender)).isEqualTo(requests);
    } finally {
      root.detachAppender(appender);
      appender.stop();
    }
    return List.copyOf(appender.list);
  }

  private static long accessLines(ListAppender<ILoggingEvent> appender) {
    synchronized (appender.list) {
      return List.copyOf(appender.list).stream().filter(e -> e.getLoggerName().equals(ACCESS_LOGGER)).count();
    }
  }

  /** Console lines matching {@code filter}, waiting briefly for the request's last line. */
  private static List<String> awaitLines(CapturedOutput output, Predicate<String> filter, String mustMention) {
    return await("a line mentioning " + mustMention)
        .atMost(Duration.ofSeconds(5))
        .until(() -> output.getOut().lines().filter(filter).toList(), lines -> lines.stream().anyMatch(l -> l.contains(mustMention)));
  }
}

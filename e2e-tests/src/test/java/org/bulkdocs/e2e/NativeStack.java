package org.bulkdocs.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The production topology started by {@code deploy/native/stack.sh}, driven the way an operator would
 * drive it: the script's own commands kill, stop and start one component. Where everything listens is
 * read from the script ({@code stack.sh env <component>}), so this class holds no port of its own. The
 * script's settings (NATIVE_* ports, the env file) come from this JVM's environment, as set by
 * {@code .ci/topology.sh}.
 */
final class NativeStack {

  private static final Pattern REQUEST_ID = Pattern.compile("\"requestId\":\"([^\"]+)\"");
  private static final String BULK = "/medical/v1/document/download-url/bulk";
  /** The customer's API key; its hash is in the stack's settings (the demo template's by default). */
  private static final String API_KEY = System.getenv().getOrDefault("TOPOLOGY_API_KEY", "demo-api-key-change-me");
  private static final Path SCRIPT = Path.of("..").toAbsolutePath().normalize().resolve("deploy/native/stack.sh");

  final List<URI> apis;
  final String temporalAddress;
  final String customerId;
  private final Map<String, String> apiEnvironment;
  private final Map<String, String> s3Admin;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private NativeStack(List<URI> apis, Map<String, String> apiEnvironment, Map<String, String> s3Admin) {
    this.apis = apis;
    this.apiEnvironment = apiEnvironment;
    this.s3Admin = s3Admin;
    this.temporalAddress = apiEnvironment.get("TEMPORAL_ADDRESS");
    this.customerId = apiEnvironment.get("BULKDOCS_CUSTOMERS_0_ID");
  }

  /** The running stack, as the script describes it. */
  static NativeStack running() throws IOException, InterruptedException {
    Map<String, String> first = environmentOf("api-1");
    Map<String, String> second = environmentOf("api-2");
    return new NativeStack(
        List.of(URI.create("http://127.0.0.1:" + first.get("API_PORT")), URI.create("http://127.0.0.1:" + second.get("API_PORT"))),
        first,
        environmentOf("s3"));
  }

  /** Temporal's frontend as the API instances reach it (mTLS with the stack's development CA). */
  io.temporal.serviceclient.WorkflowServiceStubs temporal() {
    return SuiteTemporal.service(apiEnvironment);
  }

  /** A client that reads the runs' payloads with the stack's own payload keys. */
  io.temporal.client.WorkflowClient temporalClient(io.temporal.serviceclient.WorkflowServiceStubs service) {
    return SuiteTemporal.client(service, apiEnvironment);
  }

  /** An S3 client with the S3 admin's account, as an operator loading documents. */
  S3Client s3() {
    return s3As(s3Admin);
  }

  /** An S3 client with one application's own account ({@code api-1}, {@code worker-1}, ...). */
  S3Client s3Of(String component) throws IOException, InterruptedException {
    return s3As(environmentOf(component));
  }

  private static S3Client s3As(Map<String, String> env) {
    return S3Client.builder()
        .endpointOverride(URI.create(env.get("S3_ENDPOINT")))
        .region(Region.of(env.get("S3_REGION")))
        .forcePathStyle(true)
        .credentialsProvider(credentials(env))
        .build();
  }

  private static StaticCredentialsProvider credentials(Map<String, String> env) {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(env.get("S3_ACCESS_KEY_ID"), env.get("S3_SECRET_ACCESS_KEY")));
  }

  /** Signs as the S3 admin: the benchmarks' baseline. */
  S3Presigner presigner() {
    return S3Presigner.builder()
        .endpointOverride(URI.create(s3Admin.get("S3_ENDPOINT")))
        .region(Region.of(s3Admin.get("S3_REGION")))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .credentialsProvider(credentials(s3Admin))
        .build();
  }

  /**
   * CPU time one component has used so far, its child processes included (PostgreSQL's backends), from
   * the pid the script recorded; 0 when it is not running.
   */
  Duration cpu(String component) throws IOException {
    Path pidFile = dataDirectory().resolve("run").resolve(component + ".pid");
    if (!Files.exists(pidFile)) {
      return Duration.ZERO;
    }
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    return ProcessHandle.of(pid)
        .map(process -> Stream.concat(Stream.of(process), process.descendants())
            .map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO))
            .reduce(Duration.ZERO, Duration::plus))
        .orElse(Duration.ZERO);
  }

  private static Path dataDirectory() {
    String configured = System.getenv("NATIVE_DATA_DIR");
    return configured == null || configured.isBlank() ? SCRIPT.getParent().getParent().getParent().resolve(".native-stack") : Path.of(configured);
  }

  String bucket() {
    return apiEnvironment.get("S3_BUCKET");
  }

  /** {@code count} new patients of the stack's customer with {@code documents} documents each, put through the S3 API. */
  List<String> seedPatients(String prefix, int count, int documents) throws Exception {
    List<String> patients = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (S3Client s3 = s3()) {
      List<Future<?>> puts = new ArrayList<>();
      for (int p = 0; p < count; p++) {
        String patient = prefix + "-" + p;
        patients.add(patient);
        for (int d = 0; d < documents; d++) {
          String key = customerId + "/" + patient + "/" + customerId + "_" + patient + "_doc-" + d + ".pdf";
          String body = "%PDF " + d;
          puts.add(pool.submit(() -> s3.putObject(b -> b.bucket(bucket()).key(key), RequestBody.fromString(body))));
        }
      }
      for (Future<?> put : puts) {
        put.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return patients;
  }

  /** The customer's trigger through one API instance; an IOException when the instance is gone. */
  String trigger(int api, String patientId) throws IOException, InterruptedException {
    HttpResponse<String> response = send(api, "POST", BULK + "?patientId=" + patientId, "");
    Matcher requestId = REQUEST_ID.matcher(response.body());
    if (response.statusCode() != 200 || !requestId.find()) {
      throw new IllegalStateException("trigger of " + patientId + ": " + response.statusCode() + " " + response.body());
    }
    return requestId.group(1);
  }

  /** A call of the customer's to one API instance ({@code api}: 0 or 1), with its key. */
  HttpResponse<String> send(int api, String method, String path, String json) throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(apis.get(api) + path)).header("x-api-key", API_KEY).timeout(Duration.ofSeconds(60));
    if (json.isEmpty()) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("content-type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** kill -9 of one component. */
  void kill(String component) throws IOException, InterruptedException {
    run("kill", component);
  }

  /** Starts one component and returns once it is ready (the script waits for its health). */
  void start(String component) throws IOException, InterruptedException {
    run("start", component);
  }

  /** A graceful stop (PostgreSQL: its fast shutdown). */
  void stop(String component) throws IOException, InterruptedException {
    run("stop", component);
  }

  private static Map<String, String> environmentOf(String component) throws IOException, InterruptedException {
    Map<String, String> env = new LinkedHashMap<>();
    for (String line : run("env", component).split("\n")) {
      int equals = line.indexOf('=');
      if (equals > 0) {
        env.put(line.substring(0, equals), line.substring(equals + 1));
      }
    }
    return env;
  }

  private static String run(String command, String component) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("bash", SCRIPT.toString(), command, component).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = process.waitFor();
    if (exit != 0) {
      throw new IllegalStateException(
          String.format(Locale.ROOT, "stack.sh %s %s exited %d:%n%s", command, component, exit, output));
    }
    if (!"env".equals(command)) {
      System.out.print(output.lines().map(l -> "topology: " + l + "\n").reduce("", String::concat));
    }
    return output;
  }
}

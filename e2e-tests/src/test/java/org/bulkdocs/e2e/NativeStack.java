package org.bulkdocs.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The production topology started by {@code deploy/native/stack.sh}, driven the way an operator would
 * drive it: the script's own commands kill, stop and start one component. Where everything listens is
 * read from the script ({@code stack.sh env <component>}), so this class holds no port of its own. The
 * script's settings (NATIVE_* ports, the env file) come from this JVM's environment, as set by
 * {@code .ci/topology.sh}.
 */
final class NativeStack {

  private static final Path SCRIPT = Path.of("..").toAbsolutePath().normalize().resolve("deploy/native/stack.sh");

  final List<URI> apis;
  final String temporalAddress;
  final String customerId;
  private final Map<String, String> apiEnvironment;

  private NativeStack(List<URI> apis, Map<String, String> apiEnvironment) {
    this.apis = apis;
    this.apiEnvironment = apiEnvironment;
    this.temporalAddress = apiEnvironment.get("TEMPORAL_ADDRESS");
    this.customerId = apiEnvironment.get("BULKDOCS_CUSTOMERS_0_ID");
  }

  /** The running stack, as the script describes it. */
  static NativeStack running() throws IOException, InterruptedException {
    Map<String, String> first = environmentOf("api-1");
    Map<String, String> second = environmentOf("api-2");
    return new NativeStack(
        List.of(URI.create("http://127.0.0.1:" + first.get("API_PORT")), URI.create("http://127.0.0.1:" + second.get("API_PORT"))),
        first);
  }

  /** An S3 client with the applications' own account, for seeding documents. */
  S3Client s3() {
    return S3Client.builder()
        .endpointOverride(URI.create(apiEnvironment.get("S3_ENDPOINT")))
        .region(Region.of(apiEnvironment.get("S3_REGION")))
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(apiEnvironment.get("S3_ACCESS_KEY_ID"), apiEnvironment.get("S3_SECRET_ACCESS_KEY"))))
        .build();
  }

  String bucket() {
    return apiEnvironment.get("S3_BUCKET");
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

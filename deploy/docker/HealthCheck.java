import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;

/**
 * Container health probe for the application images.
 *
 * <p>The runtime image is a bare JRE (no curl, no wget, and no javac for single-file source
 * launch), so this class is compiled in the Dockerfile's build stage and run by HEALTHCHECK and
 * by the compose healthchecks:
 *
 * <pre>java -cp /app/healthcheck HealthCheck PORT_ENV_VAR DEFAULT_PORT PATH</pre>
 *
 * It sends GET http://127.0.0.1:${PORT_ENV_VAR:-DEFAULT_PORT}PATH and exits 0 on a 2xx answer
 * (Spring Boot's /actuator/health answers 200 when UP, 503 when DOWN), 1 otherwise, 2 on bad
 * arguments. No proxy, no redirects, short timeouts.
 */
public final class HealthCheck {

  private HealthCheck() {}

  public static void main(String[] args) {
    if (args.length != 3) {
      System.err.println("usage: HealthCheck <port-env-var> <default-port> <path>");
      System.exit(2);
    }
    String port = System.getenv(args[0]);
    if (port == null || port.isBlank()) {
      port = args[1];
    }
    port = port.trim();
    String path = args[2];
    if (!port.matches("[0-9]{1,5}") || !path.startsWith("/")) {
      System.err.println("HealthCheck: bad port '" + port + "' or path '" + path + "'");
      System.exit(2);
    }
    String url = "http://127.0.0.1:" + port + path;
    try {
      HttpURLConnection connection =
          (HttpURLConnection) URI.create(url).toURL().openConnection(Proxy.NO_PROXY);
      connection.setConnectTimeout(2_000);
      connection.setReadTimeout(3_000);
      connection.setInstanceFollowRedirects(false);
      connection.setRequestProperty("Accept", "application/json");
      int status = connection.getResponseCode();
      connection.disconnect();
      boolean healthy = status >= 200 && status < 300;
      System.out.println((healthy ? "healthy: " : "unhealthy: ") + url + " answered " + status);
      System.exit(healthy ? 0 : 1);
    } catch (Exception e) {
      System.out.println("unhealthy: " + url + ": " + e);
      System.exit(1);
    }
  }
}

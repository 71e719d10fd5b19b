package org.bulkdocs.api.logging;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Outermost filter of every customer request: writes one access line when the request ends (so even a
 * rejected request leaves a trace, carrying whatever IDs were known by then) and clears the logging
 * context, because Tomcat reuses the thread for the next, unrelated request. The IDs themselves are
 * put by the code that establishes them: the API key filter (cxId), the controller once the patient ID
 * is valid, the starter and the status reader (requestId). Nothing here reads parameters: that could
 * parse a form body before the request is authenticated.
 *
 * <p>The access line names method, path, status and duration only: no query string, header or body,
 * so neither an API key nor metadata can reach the logs through it.
 */
public class RequestLogFilter extends OncePerRequestFilter {

  private static final Logger access = LoggerFactory.getLogger("org.bulkdocs.api.access");

  /** Paths are attacker-chosen; a long one is cut rather than copied into every log line. */
  private static final int MAX_LOGGED_PATH = 200;

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long started = System.nanoTime();
    try {
      chain.doFilter(request, response);
    } finally {
      access.info(
          "{} {} -> {} in {} ms",
          request.getMethod(),
          truncate(request.getRequestURI()),
          response.getStatus(),
          (System.nanoTime() - started) / 1_000_000);
      LogFields.clear();
    }
  }

  private static String truncate(String path) {
    return path.length() > MAX_LOGGED_PATH ? path.substring(0, MAX_LOGGED_PATH) + "..." : path;
  }
}

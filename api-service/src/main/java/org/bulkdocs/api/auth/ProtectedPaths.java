package org.bulkdocs.api.auth;

/**
 * The customer endpoints, all of which need an API key. One list for the filter that enforces it and
 * for the OpenAPI document that tells clients about it, so the two cannot drift apart.
 */
public final class ProtectedPaths {

  /**
   * Servlet URL patterns rather than a path check in the filter: the container matches them on the
   * normalised path (no "..", no ";params"), the same path Spring MVC routes on, so no spelling of a
   * customer endpoint slips past authentication.
   */
  static final String[] SERVLET_PATTERNS = {"/medical/*", "/settings", "/settings/*"};

  private ProtectedPaths() {}

  /** A copy of {@link #SERVLET_PATTERNS}, for other filters that apply to the customer endpoints. */
  public static String[] servletPatterns() {
    return SERVLET_PATTERNS.clone();
  }

  /** Whether a (normalised) request path or OpenAPI path template is a customer endpoint. */
  public static boolean covers(String path) {
    return path.startsWith("/medical/") || path.equals("/settings") || path.startsWith("/settings/");
  }
}

package org.bulkdocs.api.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.bulkdocs.api.error.ApiErrorWriter;
import org.bulkdocs.api.logging.LogFields;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates every customer endpoint by its {@code x-api-key} header before anything else runs.
 * A missing or unknown key is a 401 (Metriport's API gateway answers 403 here; 401 is the status
 * that means "who are you?", and both count as failures in Metriport's SDK). The key is never logged.
 */
public class ApiKeyFilter extends OncePerRequestFilter {

  /** Request attribute holding the authenticated {@link Customer}. */
  public static final String CUSTOMER_ATTRIBUTE = "org.bulkdocs.api.auth.ApiKeyFilter.customer";

  public static final String API_KEY_HEADER = "x-api-key";

  private final ApiKeyAuthenticator authenticator;
  private final ApiErrorWriter errorWriter;

  public ApiKeyFilter(ApiKeyAuthenticator authenticator, ApiErrorWriter errorWriter) {
    this.authenticator = authenticator;
    this.errorWriter = errorWriter;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String key = request.getHeader(API_KEY_HEADER);
    if (key == null || key.isBlank()) {
      reject(response, "Missing API key: send it in the x-api-key header");
      return;
    }
    Optional<Customer> customer = authenticator.authenticate(key);
    if (customer.isEmpty()) {
      reject(response, "Invalid API key");
      return;
    }
    request.setAttribute(CUSTOMER_ATTRIBUTE, customer.get());
    // Every later log line of this request names the customer; RequestLogFilter clears it.
    LogFields.putCustomerId(customer.get().id());
    chain.doFilter(request, response);
  }

  private void reject(HttpServletResponse response, String detail) throws IOException {
    response.setHeader("WWW-Authenticate", "ApiKey header=\"" + API_KEY_HEADER + "\"");
    errorWriter.write(response, HttpStatus.UNAUTHORIZED, detail);
  }
}

package org.bulkdocs.api.error;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Writes an {@link ApiError} from code that runs before Spring MVC (servlet filters). */
@Component
public class ApiErrorWriter {

  private final JsonMapper jsonMapper;

  public ApiErrorWriter(JsonMapper jsonMapper) {
    this.jsonMapper = jsonMapper;
  }

  public void write(HttpServletResponse response, HttpStatusCode status, String detail) throws IOException {
    byte[] body = jsonMapper.writeValueAsBytes(ApiError.of(status, detail));
    response.setStatus(status.value());
    response.setContentType(ApiError.CONTENT_TYPE.toString());
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}

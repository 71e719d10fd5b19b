package org.bulkdocs.worker.ping;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Metriport's {@code ping} webhook: {@code {"ping":"...","meta":{"messageId","when","type":"ping"}}}. */
@JsonPropertyOrder({"ping", "meta"})
record PingMessage(String ping, Meta meta) {

  static final String TYPE = "ping";

  @JsonPropertyOrder({"messageId", "when", "type"})
  record Meta(String messageId, String when, String type) {}
}

package org.bulkdocs.worker.ping;

/**
 * What one ping found out.
 *
 * @param sent false when the settings had changed before it went out (nothing to record)
 * @param detail in words, for {@code webhookStatusDetail}; never the URL or the key
 */
public record PingOutcome(boolean sent, boolean webhookEnabled, String detail) {

  static PingOutcome superseded() {
    return new PingOutcome(false, false, "the settings changed before the ping was sent");
  }

  static PingOutcome answered() {
    return new PingOutcome(true, true, "Webhook endpoint answered the ping");
  }

  static PingOutcome failed(String detail) {
    return new PingOutcome(true, false, detail);
  }
}

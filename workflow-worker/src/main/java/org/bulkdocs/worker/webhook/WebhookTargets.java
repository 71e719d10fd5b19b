package org.bulkdocs.worker.webhook;

import java.util.Optional;
import org.springframework.stereotype.Component;

/** Looks a customer's webhook up at delivery time, so a fixed URL applies to pending retries. */
@Component
public class WebhookTargets {

  private final WebhookProperties props;

  public WebhookTargets(WebhookProperties props) {
    this.props = props;
  }

  public Optional<WebhookProperties.Target> forCustomer(String cxId) {
    return props.targets().stream().filter(t -> t.cxId().equals(cxId)).findFirst();
  }
}

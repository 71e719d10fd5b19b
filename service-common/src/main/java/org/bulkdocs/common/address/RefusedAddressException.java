package org.bulkdocs.common.address;

import java.net.UnknownHostException;

/**
 * A webhook host that resolves to an address the {@link WebhookAddressPolicy} refuses. An
 * {@link UnknownHostException} so that HTTP clients treat it like a failed lookup and never connect.
 * Its message names no host or address: it ends up in workflow history and API answers.
 */
public class RefusedAddressException extends UnknownHostException {

  private static final long serialVersionUID = 1L;

  public RefusedAddressException(String message) {
    super(message);
  }
}

package org.bulkdocs.common.state;

import java.util.regex.Pattern;

/**
 * The reserved key prefix of the documents bucket: customer settings under
 * {@code {prefix}customer-settings/}, the webhook ledger under {@code {prefix}webhook-ledger/}, the
 * worker's staged claim-check data under {@code {prefix}staging/}.
 *
 * <p>The documents bucket holds customers' data under {@code {cxId}/}, and a customer ID always starts
 * with a letter or digit. A prefix that does not (the default is {@code _bulkdocs/}) can therefore
 * never be mistaken for a customer's folder, whatever IDs customers get.
 */
public final class StoragePrefix {

  public static final String DEFAULT = "_bulkdocs/";

  /** Customer and message IDs become key segments: one safe segment each, nothing to escape. */
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private StoragePrefix() {}

  /** Returns the prefix when it is usable, or explains why it is not. */
  public static String validate(String prefix) {
    if (prefix == null || !prefix.endsWith("/") || prefix.length() < 2) {
      throw new IllegalArgumentException("the webhook state prefix must end with '/', e.g. " + DEFAULT);
    }
    if (Character.isLetterOrDigit(prefix.charAt(0)) || prefix.startsWith("/")) {
      throw new IllegalArgumentException(
          "the webhook state prefix must not start with a letter, a digit or '/' (so it can never be a"
              + " customer's folder), e.g. " + DEFAULT);
    }
    return prefix;
  }

  /** Rejects anything that is not a single safe key segment (no '/', no "..", nothing to escape). */
  public static String segment(String what, String value) {
    if (value == null || !SEGMENT.matcher(value).matches() || value.contains("..")) {
      throw new IllegalArgumentException(what + " is not a valid key segment");
    }
    return value;
  }
}

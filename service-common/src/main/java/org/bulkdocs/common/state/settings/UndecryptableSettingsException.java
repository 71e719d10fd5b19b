package org.bulkdocs.common.state.settings;

/**
 * A stored webhook key that no configured key-encryption key opens: its KEK was retired too early, or
 * the object was tampered with. Names the KEK (an ID, not a secret) so operators know which key to put
 * back; never the key material.
 */
public class UndecryptableSettingsException extends IllegalStateException {

  private final String kekId;

  public UndecryptableSettingsException(String cxId, String kekId, Throwable cause) {
    super(
        "the settings of customer " + cxId + " cannot be read: their webhook key does not decrypt with"
            + " key-encryption key '" + kekId + "' (" + cause.getMessage() + ")",
        cause);
    this.kekId = kekId;
  }

  public String kekId() {
    return kekId;
  }
}

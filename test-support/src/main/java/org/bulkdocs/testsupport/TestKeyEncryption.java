package org.bulkdocs.testsupport;

/**
 * The encryption keys of the test suites (webhook keys at rest, Temporal payloads). Test
 * values: the services refuse none but the repository's published demo keys, and tests bind loopback.
 */
public final class TestKeyEncryption {

  public static final String ACTIVE = "test-1";
  public static final String KEYS = ACTIVE + ":AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";

  /** A second key, for rotation tests. */
  public static final String NEXT = "test-2";
  public static final String NEXT_KEY = NEXT + ":ZWZnaGlqa2xtbm9wcXJzdHV2d3h5ent8fX5/gIGCg4Q=";

  /** The payload encryption key of the test suites (PAYLOAD_ENCRYPTION_KEYS / _ACTIVE). */
  public static final String PAYLOAD_ACTIVE = "test-payload-1";
  public static final String PAYLOAD_KEYS = PAYLOAD_ACTIVE + ":MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

  private TestKeyEncryption() {}
}

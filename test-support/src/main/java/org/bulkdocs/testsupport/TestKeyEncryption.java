package org.bulkdocs.testsupport;

/**
 * The webhook key-encryption key of the test suites (WEBHOOK_KEY_ENCRYPTION_KEYS / _ACTIVE). A test
 * value: the services refuse none but the repository's published demo keys, and tests bind loopback.
 */
public final class TestKeyEncryption {

  public static final String ACTIVE = "test-1";
  public static final String KEYS = ACTIVE + ":AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";

  /** A second key, for rotation tests. */
  public static final String NEXT = "test-2";
  public static final String NEXT_KEY = NEXT + ":ZWZnaGlqa2xtbm9wcXJzdHV2d3h5ent8fX5/gIGCg4Q=";

  private TestKeyEncryption() {}
}

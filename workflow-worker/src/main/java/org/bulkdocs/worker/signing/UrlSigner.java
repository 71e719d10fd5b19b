package org.bulkdocs.worker.signing;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Presigned GetObject URLs (SigV4, query string, {@code UNSIGNED-PAYLOAD}), byte for byte what
 * {@link S3Presigner} makes for the same instant and credentials, at a fraction of its cost: the SDK
 * builds a request, runs its interceptors and derives the signing key for every URL (about 80 µs here),
 * where a {@link Batch} derives the key once per day and credentials and spends two SHA-256 and one HMAC
 * per URL. Where the URLs point (scheme, host, port, path or virtual-host style) is taken from the
 * presigner itself, so the two never disagree on the host, which is part of the signature.
 *
 * <p>Temporary credentials: a URL is never stated to live longer than the credentials that sign it
 * (S3 refuses it once they expire). The provider is asked for credentials at every batch (the SDK's
 * providers refresh ahead of expiry), and the URL's {@code X-Amz-Expires} is capped at what the
 * credentials have left; {@link Batch#expiresAt()} says what the URLs really get.
 */
public final class UrlSigner {

  private static final String ALGORITHM = "AWS4-HMAC-SHA256";
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final String PROBE_KEY = "probe";
  private static final HexFormat HEX = HexFormat.of();

  private final String baseUrl;
  private final String canonicalPathPrefix;
  private final String host;
  private final String region;
  private final AwsCredentialsProvider credentials;
  private final Clock clock;
  private volatile DayKey dayKey;

  private record DayKey(String secret, String date, byte[] key) {}

  /**
   * @param presigner only read once, for where URLs point
   */
  public UrlSigner(S3Presigner presigner, String bucket, String region, AwsCredentialsProvider credentials, Clock clock) {
    String probe =
        presigner
            .presignGetObject(r -> r.signatureDuration(Duration.ofMinutes(1)).getObjectRequest(g -> g.bucket(bucket).key(PROBE_KEY)))
            .url()
            .toString();
    int end = probe.indexOf("/" + PROBE_KEY + "?");
    if (end < 0) {
      throw new IllegalStateException("unexpected presigned URL shape");
    }
    this.baseUrl = probe.substring(0, end);
    URI base = URI.create(baseUrl + "/");
    this.canonicalPathPrefix = base.getRawPath().substring(0, base.getRawPath().length() - 1);
    this.host = base.getPort() < 0 ? base.getHost() : base.getHost() + ":" + base.getPort();
    this.region = region;
    this.credentials = credentials;
    this.clock = clock;
  }

  /**
   * The longest URL this signer can make for a key with the credentials it has now (a refreshed session
   * token may differ in length by a few bytes: counted with room to spare): a page is sized by it.
   */
  public int maxUrlLength(String key, Duration validity) {
    return urlLengths(validity).maxFor(key);
  }

  /**
   * The same bound for many keys (a listing): the credentials are read and the fixed part of the URL
   * counted once; each key then costs one pass over its bytes.
   */
  public UrlLengths urlLengths(Duration validity) {
    AwsCredentials current = credentials.resolveCredentials();
    int token =
        current instanceof AwsSessionCredentials session
            ? "X-Amz-Security-Token=&".length() + encode(session.sessionToken(), true).length() + 64
            : 0;
    int fixed =
        baseUrl.length() + 1 + 1 + token
            + "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=00000000T000000Z&X-Amz-SignedHeaders=host&X-Amz-Credential=".length()
            + encode(current.accessKeyId() + "/00000000/" + region + "/s3/aws4_request", true).length()
            + "&X-Amz-Expires=".length() + Long.toString(validity.toSeconds()).length()
            + "&X-Amz-Signature=".length() + 64;
    return new UrlLengths(fixed);
  }

  /** @see #urlLengths */
  public static final class UrlLengths {
    private final int fixed;

    private UrlLengths(int fixed) {
      this.fixed = fixed;
    }

    public int maxFor(String key) {
      return fixed + encodedLength(key);
    }
  }

  /** URLs signed at one instant with one set of credentials; one thread at a time. */
  public Batch batch(Duration validity) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    AwsCredentials current = credentials.resolveCredentials();
    long seconds = validity.toSeconds();
    if (current.expirationTime().isPresent()) {
      long left = Duration.between(now, current.expirationTime().get()).toSeconds();
      seconds = Math.max(1, Math.min(seconds, left));
    }
    return new Batch(now, seconds, current);
  }

  public final class Batch {

    private final Instant signedAt;
    private final long expiresSeconds;
    private final String queryBeforeSignature;
    private final String canonicalQuery;
    private final String stringToSignPrefix;
    private final MessageDigest sha256;
    private final Mac hmac;

    private Batch(Instant signedAt, long expiresSeconds, AwsCredentials current) {
      this.signedAt = signedAt;
      this.expiresSeconds = expiresSeconds;
      String amzDate = AMZ_DATE.format(signedAt);
      String date = amzDate.substring(0, 8);
      String scope = date + "/" + region + "/s3/aws4_request";
      String credential = encode(current.accessKeyId() + "/" + scope, true);
      String token =
          current instanceof AwsSessionCredentials session ? encode(session.sessionToken(), true) : null;
      String expires = Long.toString(expiresSeconds);
      // the order S3Presigner writes them in; the canonical form sorts them by name
      this.queryBeforeSignature =
          (token == null ? "" : "X-Amz-Security-Token=" + token + "&")
              + "X-Amz-Algorithm=" + ALGORITHM + "&X-Amz-Date=" + amzDate + "&X-Amz-SignedHeaders=host"
              + "&X-Amz-Credential=" + credential + "&X-Amz-Expires=" + expires;
      this.canonicalQuery =
          "X-Amz-Algorithm=" + ALGORITHM + "&X-Amz-Credential=" + credential + "&X-Amz-Date=" + amzDate
              + "&X-Amz-Expires=" + expires
              + (token == null ? "" : "&X-Amz-Security-Token=" + token)
              + "&X-Amz-SignedHeaders=host";
      this.stringToSignPrefix = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n";
      try {
        this.sha256 = MessageDigest.getInstance("SHA-256");
        this.hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(signingKey(current.secretAccessKey(), date), "HmacSHA256"));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("SHA-256 / HmacSHA256 missing from this JVM", e);
      }
    }

    /** When the URLs of this batch stop working. */
    public Instant expiresAt() {
      return signedAt.plusSeconds(expiresSeconds);
    }

    public String presign(String key) {
      String path = encode(key, false);
      String canonicalRequest =
          "GET\n" + canonicalPathPrefix + "/" + path + "\n" + canonicalQuery + "\nhost:" + host
              + "\n\nhost\nUNSIGNED-PAYLOAD";
      String hashed = HEX.formatHex(sha256.digest(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
      String signature =
          HEX.formatHex(hmac.doFinal((stringToSignPrefix + hashed).getBytes(StandardCharsets.UTF_8)));
      return baseUrl + "/" + path + "?" + queryBeforeSignature + "&X-Amz-Signature=" + signature;
    }
  }

  /** The day's key depends only on the secret and the date: derived once a day, not per URL. */
  private byte[] signingKey(String secret, String date) {
    DayKey cached = dayKey;
    if (cached != null && cached.date.equals(date) && cached.secret.equals(secret)) {
      return cached.key;
    }
    byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    key = hmac(key, region);
    key = hmac(key, "s3");
    key = hmac(key, "aws4_request");
    dayKey = new DayKey(secret, date, key);
    return key;
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 missing from this JVM", e);
    }
  }

  /** The length of {@code encode(key, false)}, without building it. */
  static int encodedLength(String key) {
    int length = 0;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      length += unreserved(b & 0xff) || b == '/' ? 1 : 3;
    }
    return length;
  }

  private static boolean unreserved(int c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~';
  }

  /** RFC 3986 percent-encoding of UTF-8 bytes, all but the unreserved characters (and '/' in a path). */
  static String encode(String value, boolean encodeSlash) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 16);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (unreserved(c) || (c == '/' && !encodeSlash)) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}

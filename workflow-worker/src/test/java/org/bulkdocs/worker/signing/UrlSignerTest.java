package org.bulkdocs.worker.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bulkdocs.worker.support.InProcessS3;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

class UrlSignerTest {

  private static final List<String> KEYS =
      List.of(
          "cx/patient-1/plain.pdf",
          "cx/patient 1/with space.xml",
          "cx/p/ünïcødé 文書.pdf",
          "cx/p/a+b=c&d.json",
          "cx/p/deep/er/path/~tilde_-.!'()*.pdf",
          "cx/p/%41 literal percent.txt");
  private static final Pattern AMZ_DATE = Pattern.compile("X-Amz-Date=(\\d{8}T\\d{6}Z)");
  private static final Duration VALIDITY = Duration.ofMinutes(60);

  private static InProcessS3 s3;

  @BeforeAll
  static void start() {
    s3 = InProcessS3.start();
  }

  @AfterAll
  static void stop() {
    s3.close();
  }

  @Test
  void urlsAreByteIdenticalToThePresignersForTheSameInstant() {
    AwsCredentials basic = AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    AwsCredentials session =
        AwsSessionCredentials.create("ASIAEXAMPLE", "secret/with+chars=", "FwoGZXIvYXdzE+/token==with/odd+chars");
    for (AwsCredentials credentials : List.of(basic, session)) {
      for (boolean pathStyle : List.of(true, false)) {
        for (String region : List.of("us-east-1", "eu-west-3")) {
          var provider = StaticCredentialsProvider.create(credentials);
          var builder =
              S3Presigner.builder()
                  .region(Region.of(region))
                  .credentialsProvider(provider)
                  .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build());
          if (pathStyle) {
            builder.endpointOverride(URI.create("http://127.0.0.1:9000"));
          }
          try (S3Presigner presigner = builder.build()) {
            for (String key : KEYS) {
              String expected =
                  presigner
                      .presignGetObject(r -> r.signatureDuration(VALIDITY).getObjectRequest(g -> g.bucket("docs").key(key)))
                      .url()
                      .toString();
              Matcher date = AMZ_DATE.matcher(expected);
              assertTrue(date.find(), expected);
              Instant instant =
                  LocalDateTime.parse(date.group(1), DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
                      .toInstant(ZoneOffset.UTC);
              var signer = new UrlSigner(presigner, "docs", region, provider, Clock.fixed(instant, ZoneOffset.UTC));
              String actual = signer.batch(VALIDITY).presign(key);
              assertEquals(expected, actual, key + " path-style=" + pathStyle + " " + region);
              assertTrue(actual.length() <= signer.maxUrlLength(key, VALIDITY), actual.length() + " > " + signer.maxUrlLength(key, VALIDITY));
              assertEquals(UrlSigner.encode(key, false).length(), UrlSigner.encodedLength(key), key);
            }
          }
        }
      }
    }
  }

  @Test
  void s3ProxyServesWhatItSignsAndRefusesATamperedOne() {
    var signer =
        new UrlSigner(
            s3.presigner(),
            InProcessS3.BUCKET,
            "us-east-1",
            StaticCredentialsProvider.create(AwsBasicCredentials.create(InProcessS3.ACCESS_KEY, InProcessS3.SECRET_KEY)),
            Clock.systemUTC());
    UrlSigner.Batch batch = signer.batch(VALIDITY);
    for (String key : KEYS) {
      byte[] content = ("content of " + key).getBytes(StandardCharsets.UTF_8);
      s3.put(key, content);
      var answer = s3.download(batch.presign(key));
      assertEquals(200, answer.statusCode(), key);
      assertArrayEquals(content, answer.body(), key);
    }
    String url = batch.presign(KEYS.get(0));
    String tampered = url.replace("plain.pdf", "plain.pdX");
    assertEquals(403, s3.download(tampered).statusCode());
  }

  @Test
  void aUrlNeverOutlivesTheTemporaryCredentialsThatSignIt() {
    Instant now = Instant.parse("2026-12-01T10:00:00Z");
    var expiring =
        AwsSessionCredentials.builder()
            .accessKeyId("ASIAEXAMPLE")
            .secretAccessKey("secret")
            .sessionToken("token")
            .expirationTime(now.plus(Duration.ofMinutes(12)))
            .build();
    var signer =
        new UrlSigner(s3.presigner(), "docs", "us-east-1", StaticCredentialsProvider.create(expiring), Clock.fixed(now, ZoneOffset.UTC));
    UrlSigner.Batch batch = signer.batch(VALIDITY);
    assertEquals(now.plus(Duration.ofMinutes(12)), batch.expiresAt());
    assertTrue(batch.presign("cx/p/a.pdf").contains("X-Amz-Expires=720&"));

    var lasting = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret"));
    var unlimited = new UrlSigner(s3.presigner(), "docs", "us-east-1", lasting, Clock.fixed(now, ZoneOffset.UTC));
    assertEquals(now.plus(VALIDITY), unlimited.batch(VALIDITY).expiresAt());
  }
}

package org.bulkdocs.worker.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.bulkdocs.testsupport.BenchTable;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Cost of one presigned URL, warm: {@link UrlSigner} against {@link S3Presigner}, same keys, same
 * credentials (temporary ones, with a session token), best of three rounds each. Run with
 * {@code bench/run.sh presign}; never part of the test command.
 */
class UrlSignerBenchmark {

  private static final int URLS = 200_000;
  private static final Duration VALIDITY = Duration.ofHours(1);
  private static volatile int sink;

  @Test
  void presignOneUrl() throws Exception {
    var credentials =
        StaticCredentialsProvider.create(
            AwsSessionCredentials.create("ASIAEXAMPLE", "secret/with+chars=", "FwoGZXIvYXdzE+/token==with/odd+chars"));
    try (S3Presigner presigner =
        S3Presigner.builder()
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials)
            .endpointOverride(URI.create("http://127.0.0.1:9000"))
            .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
            .build()) {
      UrlSigner signer = new UrlSigner(presigner, "medical-documents", "us-east-1", credentials, Clock.systemUTC());
      String[] keys = new String[1000];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = "cx-1/patient-" + (i % 7) + "/cx-1_patient_document " + i + ".pdf";
      }
      double sdk = Double.MAX_VALUE;
      double ours = Double.MAX_VALUE;
      for (int round = 0; round < 4; round++) {
        long started = System.nanoTime();
        for (int i = 0; i < URLS; i++) {
          String key = keys[i % keys.length];
          sink += presigner
              .presignGetObject(r -> r.signatureDuration(VALIDITY).getObjectRequest(g -> g.bucket("medical-documents").key(key)))
              .url()
              .toString()
              .length();
        }
        double sdkMicros = (System.nanoTime() - started) / 1e3 / URLS;
        started = System.nanoTime();
        UrlSigner.Batch batch = signer.batch(VALIDITY);
        for (int i = 0; i < URLS; i++) {
          sink += batch.presign(keys[i % keys.length]).length();
        }
        double ourMicros = (System.nanoTime() - started) / 1e3 / URLS;
        if (round > 0) { // the first round is the warm-up
          sdk = Math.min(sdk, sdkMicros);
          ours = Math.min(ours, ourMicros);
        }
      }
      String key = keys[3];
      String expected =
          presigner
              .presignGetObject(r -> r.signatureDuration(VALIDITY).getObjectRequest(g -> g.bucket("medical-documents").key(key)))
              .url()
              .toString();
      String date = expected.replaceAll(".*X-Amz-Date=(\\d{8}T\\d{6}Z).*", "$1");
      var at = java.time.LocalDateTime.parse(date, java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
          .toInstant(java.time.ZoneOffset.UTC);
      assertEquals(
          expected,
          new UrlSigner(presigner, "medical-documents", "us-east-1", credentials, Clock.fixed(at, java.time.ZoneOffset.UTC))
              .batch(VALIDITY)
              .presign(key),
          "what was timed is byte-identical to the SDK's");
      BenchTable table = new BenchTable("Presigning, warm, " + URLS + " URLs per round, best of 3");
      table.row("presign one URL (temporary credentials): µs", ours, sdk, "<= 10 µs", ours <= 10);
      table.print(Path.of("target", "bench", "presign.md").toAbsolutePath());
    }
  }
}

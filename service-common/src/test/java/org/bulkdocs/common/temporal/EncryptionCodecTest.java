package org.bulkdocs.common.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.api.common.v1.Payload;
import io.temporal.api.failure.v1.Failure;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.failure.ApplicationFailure;
import io.temporal.payload.codec.PayloadCodecException;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptionCodecTest {

  private static final String K1 = "p1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
  private static final String K2 = "p2:ZWZnaGlqa2xtbm9wcXJzdHV2d3h5ent8fX5/gIGCg4Q=";
  private static final String PHI = "MRN-4471-recognisable";

  public record Metadata(String mrn) {}

  private static EncryptionCodec codec(String keys, String active) {
    return EncryptionCodec.fromSettings(keys, active);
  }

  private static DataConverter converter(String keys, String active) {
    return TemporalSecurityConfiguration.encrypting(codec(keys, active));
  }

  @Test
  void payloadsLeaveEncryptedUnderTheActiveKeyAndComeBackWhole() {
    DataConverter converter = converter(K1, "p1");
    Payload stored = converter.toPayload(new Metadata(PHI)).orElseThrow();

    assertThat(stored.toByteString().toStringUtf8()).doesNotContain(PHI);
    assertThat(stored.getMetadataMap().get("encoding").toStringUtf8()).isEqualTo("binary/encrypted");
    assertThat(stored.getMetadataMap().get("encryption-key-id").toStringUtf8()).isEqualTo("p1");
    assertThat(converter.fromPayload(stored, Metadata.class, Metadata.class)).isEqualTo(new Metadata(PHI));
  }

  @Test
  void failureMessagesAndStackTracesAreEncryptedToo() {
    DataConverter converter = converter(K1, "p1");
    Failure failure = converter.exceptionToFailure(ApplicationFailure.newFailure("no documents for " + PHI, "NotFound"));

    assertThat(failure.toByteString().toStringUtf8()).doesNotContain(PHI);
    assertThat(converter.failureToException(failure)).hasMessageContaining(PHI);
  }

  @Test
  void plainPayloadsWrittenBeforeEncryptionAreStillRead() {
    Payload plain = DefaultDataConverter.newDefaultInstance().toPayload("before encryption").orElseThrow();
    assertThat(converter(K1, "p1").fromPayload(plain, String.class, String.class)).isEqualTo("before encryption");
  }

  @Test
  void rotationReadsWhatTheRetiredKeyWroteUntilThatKeyIsRemoved() {
    Payload underOld = converter(K1, "p1").toPayload(PHI).orElseThrow();

    // Step 1 of a rotation: both keys, the new one active. Old payloads read, new ones use p2.
    DataConverter rotating = converter(K1 + "," + K2, "p2");
    assertThat(rotating.fromPayload(underOld, String.class, String.class)).isEqualTo(PHI);
    Payload underNew = rotating.toPayload(PHI).orElseThrow();
    assertThat(underNew.getMetadataMap().get("encryption-key-id").toStringUtf8()).isEqualTo("p2");

    // Retired too early: a clear error naming the key ID, not a payload read wrongly.
    assertThatThrownBy(() -> codec(K2, "p2").decode(List.of(underOld)))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("'p1'")
        .hasMessageContaining("PAYLOAD_ENCRYPTION_KEYS");
  }

  @Test
  void aTamperedPayloadIsRefusedNotMisread() {
    Payload stored = converter(K1, "p1").toPayload(PHI).orElseThrow();
    byte[] data = stored.getData().toByteArray();
    data[data.length - 1] ^= 1;
    Payload tampered = stored.toBuilder().setData(com.google.protobuf.ByteString.copyFrom(data)).build();
    assertThatThrownBy(() -> codec(K1, "p1").decode(List.of(tampered))).isInstanceOf(PayloadCodecException.class);
  }

  @Test
  void missingShortOrUnknownKeysFailWithMessagesThatNeverEchoTheKey() {
    assertThatThrownBy(() -> codec("", "p1")).hasMessageContaining("PAYLOAD_ENCRYPTION_KEYS");
    assertThatThrownBy(() -> codec("p1:c2hvcnQ=", "p1")).hasMessageContaining("32 bytes").hasMessageNotContaining("c2hvcnQ");
    assertThatThrownBy(() -> codec(K1, "p9")).hasMessageContaining("PAYLOAD_ENCRYPTION_ACTIVE").hasMessageNotContaining("MDEy");
  }

  @Test
  void tlsSettingsFailFastAndByName(@TempDir Path dir) throws Exception {
    Path cert = Files.writeString(dir.resolve("client.pem"), "not a certificate", StandardCharsets.UTF_8);
    WorkflowServiceStubsOptions.Builder builder = WorkflowServiceStubsOptions.newBuilder();

    assertThatThrownBy(() -> TemporalTls.apply(new TemporalConnectionProperties(false, null, cert.toString(), null, null, null), builder))
        .hasMessageContaining("TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together");
    assertThatThrownBy(() -> TemporalTls.apply(new TemporalConnectionProperties(false, dir.resolve("nope.pem").toString(), null, null, null, null), builder))
        .hasMessageContaining("TEMPORAL_TLS_CA names a file that cannot be read");
    assertThatThrownBy(() -> TemporalTls.apply(new TemporalConnectionProperties(false, cert.toString(), null, null, null, null), builder))
        .hasMessageContaining("Temporal TLS settings cannot be used");
    assertThat(new TemporalConnectionProperties(false, null, null, null, null, "secret-api-key").toString()).doesNotContain("secret-api-key");
  }
}

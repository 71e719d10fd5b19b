package org.bulkdocs.common.temporal;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.EncodingKeys;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bulkdocs.common.crypto.AesKeyRing;

/**
 * Encrypts every payload either service hands Temporal (the whole serialized payload, its metadata
 * included) with AES-256-GCM under the active key, and names that key in the payload's metadata so any
 * configured key opens it after a rotation. Payloads without the encrypted encoding (written before
 * encryption, or by a tool) pass through unchanged, so older histories still replay.
 */
public final class EncryptionCodec implements PayloadCodec {

  static final ByteString ENCODING = ByteString.copyFromUtf8("binary/encrypted");
  static final String KEY_ID = "encryption-key-id";
  private static final byte[] CONTEXT = "bulkdocs/temporal-payload/v1".getBytes(StandardCharsets.UTF_8);

  private final AesKeyRing keys;

  public EncryptionCodec(AesKeyRing keys) {
    this.keys = keys;
  }

  /**
   * From the settings' values ({@code PAYLOAD_ENCRYPTION_KEYS}, {@code PAYLOAD_ENCRYPTION_ACTIVE}).
   *
   * @throws IllegalArgumentException a missing, short, malformed or unknown key, named by its setting
   */
  public static EncryptionCodec fromSettings(String keys, String active) {
    return new EncryptionCodec(
        new AesKeyRing("payload encryption key", "PAYLOAD_ENCRYPTION_KEYS", keys, "PAYLOAD_ENCRYPTION_ACTIVE", active));
  }

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    String keyId = keys.activeId();
    List<Payload> encoded = new ArrayList<>(payloads.size());
    for (Payload payload : payloads) {
      encoded.add(
          Payload.newBuilder()
              .putMetadata(EncodingKeys.METADATA_ENCODING_KEY, ENCODING)
              .putMetadata(KEY_ID, ByteString.copyFromUtf8(keyId))
              .setData(ByteString.copyFrom(keys.seal(keyId, CONTEXT, payload.toByteArray())))
              .build());
    }
    return encoded;
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    List<Payload> decoded = new ArrayList<>(payloads.size());
    for (Payload payload : payloads) {
      decoded.add(isEncrypted(payload) ? open(payload) : payload);
    }
    return decoded;
  }

  static boolean isEncrypted(Payload payload) {
    return ENCODING.equals(payload.getMetadataOrDefault(EncodingKeys.METADATA_ENCODING_KEY, ByteString.EMPTY));
  }

  private Payload open(Payload payload) {
    ByteString keyId = payload.getMetadataOrDefault(KEY_ID, ByteString.EMPTY);
    try {
      return Payload.parseFrom(keys.open(keyId.toStringUtf8(), CONTEXT, payload.getData().toByteArray()));
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw new PayloadCodecException(
          "a payload encrypted under key '" + keyId.toStringUtf8() + "' cannot be decrypted with the configured"
              + " PAYLOAD_ENCRYPTION_KEYS " + keys.ids(),
          e);
    }
  }
}

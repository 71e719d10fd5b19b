package org.bulkdocs.management.codec;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.function.UnaryOperator;
import org.bulkdocs.common.temporal.EncryptionCodec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Temporal's remote codec protocol: {@code POST …/decode} and {@code …/encode} take and return
 * {@code {"payloads": [...]}} in protobuf JSON. The Temporal UI calls {@code /codec/{token}/decode} (its
 * endpoint setting carries the token, since the browser sends no header of ours); the CLI calls
 * {@code /codec/decode} with {@code --codec-auth "Bearer <token>"}. Anything else is a 401 that says
 * nothing about why.
 */
@RestController
class CodecServerController {

  private static final Logger log = LoggerFactory.getLogger(CodecServerController.class);
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

  private final PayloadCodec codec;
  private final byte @Nullable [] token;

  CodecServerController(EncryptionCodec codec, CodecServerProperties props) {
    this.codec = codec;
    this.token = props.enabled() ? props.token().trim().getBytes(StandardCharsets.UTF_8) : null;
  }

  @PostMapping(path = "/codec/{token}/decode", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<String> decodeForUi(@PathVariable("token") String presented, @RequestBody(required = false) @Nullable String body) {
    return authorized(presented) ? apply(body, codec::decode) : refused();
  }

  @PostMapping(path = "/codec/{token}/encode", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<String> encodeForUi(@PathVariable("token") String presented, @RequestBody(required = false) @Nullable String body) {
    return authorized(presented) ? apply(body, codec::encode) : refused();
  }

  @PostMapping(path = "/codec/decode", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<String> decode(
      @RequestHeader(name = "Authorization", required = false) @Nullable String authorization,
      @RequestBody(required = false) @Nullable String body) {
    return authorized(bearer(authorization)) ? apply(body, codec::decode) : refused();
  }

  @PostMapping(path = "/codec/encode", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<String> encode(
      @RequestHeader(name = "Authorization", required = false) @Nullable String authorization,
      @RequestBody(required = false) @Nullable String body) {
    return authorized(bearer(authorization)) ? apply(body, codec::encode) : refused();
  }

  private ResponseEntity<String> apply(@Nullable String body, UnaryOperator<List<Payload>> op) {
    Payloads.Builder in = Payloads.newBuilder();
    try {
      PARSER.merge(body == null ? "{}" : body, in);
    } catch (InvalidProtocolBufferException e) {
      return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN).body("the body is not {\"payloads\": [...]}");
    }
    try {
      Payloads out = Payloads.newBuilder().addAllPayloads(op.apply(in.getPayloadsList())).build();
      return ResponseEntity.ok(PRINTER.print(out));
    } catch (PayloadCodecException e) {
      // A key retired too early: say which key ID, never the payload.
      log.warn("codec server: {}", e.getMessage());
      return ResponseEntity.unprocessableContent().contentType(MediaType.TEXT_PLAIN).body(e.getMessage());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  private static @Nullable String bearer(@Nullable String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return authorization.substring(7).trim();
  }

  /** Without a configured token the codec server decodes for nobody. */
  private boolean authorized(@Nullable String presented) {
    return token != null && presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
  }

  private static ResponseEntity<String> refused() {
    return ResponseEntity.status(HttpStatus.UNAUTHORIZED).contentType(MediaType.TEXT_PLAIN).body("unauthorized");
  }
}

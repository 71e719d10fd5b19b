package org.bulkdocs.api.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.bulkdocs.api.error.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class MetadataParserTest {

  private final MetadataParser parser = new MetadataParser();

  @Test
  void returnsTheMetadataInDocumentOrder() {
    Map<String, String> metadata = parse("{\"metadata\":{\"b\":\"2\",\"a\":\"1\",\"unicode\":\"h\u00e9 \u2713\"}}");

    assertThat(metadata).containsExactly(Map.entry("b", "2"), Map.entry("a", "1"), Map.entry("unicode", "h\u00e9 \u2713"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "null", " null ", "{}", "{\"metadata\":null}", "{\"metadata\":{}}"})
  void bodiesWithoutMetadata(String body) {
    assertThat(parse(body)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {" ", "\t", "\r\n\t "})
  void whitespaceAloneIsNotJson(String body) {
    assertThatThrownBy(() -> parse(body))
        .isInstanceOf(ApiException.class)
        .hasMessageStartingWith("The request body is not valid JSON: it holds only whitespace");
  }

  @Test
  void limitsCountCharactersNotBytes() {
    String key = "\u00e9".repeat(40);
    String value = "\u2713".repeat(500);

    assertThat(parse("{\"metadata\":{\"" + key + "\":\"" + value + "\"}}")).containsEntry(key, value);
  }

  @Test
  void limitsCountCodePointsAsTheOpenApiDocumentDoes() {
    // JSON Schema's maxLength counts code points; an emoji is one, though two UTF-16 units. Everything
    // Metriport (JavaScript, UTF-16 units) accepts is still accepted.
    String emoji = "\uD83D\uDE00";
    String key = emoji.repeat(40);
    String value = emoji.repeat(500);

    assertThat(parse("{\"metadata\":{\"" + key + "\":\"" + value + "\"}}")).containsEntry(key, value);
    assertRejected(
        "{\"metadata\":{\"" + emoji.repeat(41) + "\":\"v\"}}",
        400,
        "metadata key \"" + emoji.repeat(40) + "...\" is too long: keys may be at most 40 characters (got 41)");
    assertRejected(
        "{\"metadata\":{\"k\":\"" + emoji.repeat(501) + "\"}}",
        400,
        "metadata value for key \"k\" may be at most 500 characters (got 501)");
  }

  @Test
  void tooManyKeysIsReportedWithTheCount() {
    StringBuilder body = new StringBuilder("{\"metadata\":{");
    for (int i = 0; i < 51; i++) {
      body.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
    }
    body.append("}}");

    assertRejected(body.toString(), 400, "metadata may hold at most 50 keys (got 51)");
  }

  @Test
  void longKeysAreQuotedShortened() {
    String key = "x".repeat(1000);

    assertRejected(
        "{\"metadata\":{\"" + key + "\":\"v\"}}",
        400,
        "metadata key \"" + "x".repeat(40) + "...\" is too long: keys may be at most 40 characters (got 1000)");
  }

  @Test
  void duplicateKeysAreRejectedNotSilentlyMerged() {
    assertThatThrownBy(() -> parse("{\"metadata\":{\"a\":\"1\",\"a\":\"2\"}}"))
        .isInstanceOf(ApiException.class)
        .hasMessageStartingWith("The request body is not valid JSON: Duplicate")
        .hasMessageContaining("\"a\"");
  }

  @Test
  void malformedJsonDoesNotEchoTheBody() {
    String secretLookingBody = "{\"metadata\": {\"k\": \"v\"}, " + "x".repeat(5000);

    assertThatThrownBy(() -> parse(secretLookingBody))
        .isInstanceOf(ApiException.class)
        .hasMessageStartingWith("The request body is not valid JSON: ")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300).doesNotContain("line:").doesNotContain("\n"));
  }

  @Test
  void invalidUtf8IsABadRequest() {
    byte[] body = {'{', '"', 'm', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};

    assertThatThrownBy(() -> parser.parse(body)).isInstanceOf(ApiException.class).hasMessageContaining("not valid JSON");
  }

  @Test
  void declaredLengthOverTheCapIsRejectedWithoutReading() {
    InputStream neverRead =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("must not be read");
          }
        };

    assertThatThrownBy(() -> parser.parse("application/json", MetadataParser.MAX_BODY_BYTES + 1L, neverRead))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().value()).isEqualTo(413));
  }

  @Test
  void undeclaredLengthIsCappedWhileReading() {
    byte[] big = new byte[MetadataParser.MAX_BODY_BYTES + 1];

    assertThatThrownBy(() -> parser.parse("application/json", -1, new ByteArrayInputStream(big)))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().value()).isEqualTo(413));
  }

  @Test
  void exactlyTheCapIsRead() {
    String prefix = "{\"metadata\":{\"k\":\"v\"}}";
    byte[] body = (prefix + " ".repeat(MetadataParser.MAX_BODY_BYTES - prefix.length())).getBytes(StandardCharsets.UTF_8);

    assertThat(parser.parse("application/json", body.length, new ByteArrayInputStream(body))).containsEntry("k", "v");
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "application/merge-patch+json", "APPLICATION/JSON"})
  void jsonOrMissingContentTypeIsAccepted(String contentType) {
    byte[] body = "{\"metadata\":{\"k\":\"v\"}}".getBytes(StandardCharsets.UTF_8);

    assertThat(parser.parse(contentType, body.length, new ByteArrayInputStream(body))).containsEntry("k", "v");
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "not a type"})
  void otherContentTypesAreUnsupported(String contentType) {
    byte[] body = "{\"metadata\":{\"k\":\"v\"}}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> parser.parse(contentType, body.length, new ByteArrayInputStream(body)))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().value()).isEqualTo(415));
  }

  @Test
  void anEmptyBodyMayHaveAnyContentType() {
    assertThat(parser.parse("text/plain", 0, InputStream.nullInputStream())).isEmpty();
  }

  private Map<String, String> parse(String body) {
    return parser.parse(body.getBytes(StandardCharsets.UTF_8));
  }

  private void assertRejected(String body, int status, String detail) {
    assertThatThrownBy(() -> parse(body))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status().value()).isEqualTo(status);
              assertThat(e.detail()).isEqualTo(detail);
            });
  }
}

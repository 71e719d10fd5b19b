package org.bulkdocs.common.temporal;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How both services reach a secured Temporal. All empty: plain gRPC (the local stacks).
 *
 * @param tls TLS with the system's trusted CAs even when nothing else is set (env {@code TEMPORAL_TLS})
 * @param tlsCa PEM file of the CA that signed the server's certificate, for a private CA (env
 *     {@code TEMPORAL_TLS_CA})
 * @param tlsCert PEM client certificate chain for mTLS, with {@code tlsKey} (env {@code TEMPORAL_TLS_CERT})
 * @param tlsKey PEM PKCS#8 private key of {@code tlsCert} (env {@code TEMPORAL_TLS_KEY})
 * @param tlsServerName the name the server's certificate must carry when it is not the address's host
 *     (env {@code TEMPORAL_TLS_SERVER_NAME})
 * @param apiKey a Temporal Cloud API key, sent as a bearer token over TLS (env {@code TEMPORAL_API_KEY})
 */
@ConfigurationProperties("bulkdocs.temporal-connection")
public record TemporalConnectionProperties(
    boolean tls,
    @Nullable String tlsCa,
    @Nullable String tlsCert,
    @Nullable String tlsKey,
    @Nullable String tlsServerName,
    @Nullable String apiKey) {

  @Override
  public String toString() {
    return "TemporalConnectionProperties[tls=" + tls + ", tlsCa=" + tlsCa + ", tlsCert=" + tlsCert + ", tlsKey="
        + tlsKey + ", tlsServerName=" + tlsServerName + ", apiKey=" + (isSet(apiKey) ? "<redacted>" : "") + "]";
  }

  static boolean isSet(@Nullable String value) {
    return value != null && !value.isBlank();
  }
}

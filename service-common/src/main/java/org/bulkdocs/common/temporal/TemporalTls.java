package org.bulkdocs.common.temporal;

import static org.bulkdocs.common.temporal.TemporalConnectionProperties.isSet;

import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.temporal.serviceclient.SimpleSslContextBuilder;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * Applies {@link TemporalConnectionProperties} to the gRPC connection. The starter's own mTLS properties
 * take no CA file, so a private CA (a self-hosted cluster's) could not be trusted through them; this builds
 * the whole TLS context instead, and reads every file at start-up so a wrong path or a bad PEM stops the
 * service with the setting's name rather than failing at the first call.
 */
public final class TemporalTls {

  private TemporalTls() {}

  public static WorkflowServiceStubsOptions.Builder apply(TemporalConnectionProperties p, WorkflowServiceStubsOptions.Builder builder) {
    if (isSet(p.tlsCert()) != isSet(p.tlsKey())) {
      throw new IllegalArgumentException(
          "TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together (a client certificate and its key); one of them is empty");
    }
    boolean tls = p.tls() || isSet(p.tlsCa()) || isSet(p.tlsCert()) || isSet(p.tlsServerName()) || isSet(p.apiKey());
    if (!tls) {
      return builder;
    }
    builder.setSslContext(sslContext(p));
    if (isSet(p.tlsServerName())) {
      String name = p.tlsServerName().trim();
      builder.setChannelInitializer(channel -> channel.overrideAuthority(name));
    }
    if (isSet(p.apiKey())) {
      String key = p.apiKey().trim();
      builder.addApiKey(() -> key);
    }
    return builder;
  }

  private static SslContext sslContext(TemporalConnectionProperties p) {
    try {
      SimpleSslContextBuilder ssl;
      if (isSet(p.tlsCert())) {
        try (InputStream cert = open("TEMPORAL_TLS_CERT", p.tlsCert()); InputStream key = open("TEMPORAL_TLS_KEY", p.tlsKey())) {
          ssl = SimpleSslContextBuilder.forPKCS8(cert, key);
          return withTrust(ssl, p.tlsCa()).build();
        }
      }
      return withTrust(SimpleSslContextBuilder.noKeyOrCertChain(), p.tlsCa()).build();
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the Temporal TLS settings cannot be used (TEMPORAL_TLS_CA, TEMPORAL_TLS_CERT, TEMPORAL_TLS_KEY: PEM files,"
              + " the key in PKCS#8): " + e.getMessage(),
          e);
    }
  }

  private static SimpleSslContextBuilder withTrust(SimpleSslContextBuilder ssl, @Nullable String caFile)
      throws IOException, GeneralSecurityException {
    if (!isSet(caFile)) {
      return ssl;
    }
    Collection<? extends Certificate> cas;
    try (InputStream in = open("TEMPORAL_TLS_CA", caFile)) {
      cas = CertificateFactory.getInstance("X.509").generateCertificates(in);
    }
    if (cas.isEmpty()) {
      throw new IllegalArgumentException("TEMPORAL_TLS_CA (" + caFile + ") holds no certificate");
    }
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    int i = 0;
    for (Certificate ca : cas) {
      store.setCertificateEntry("ca-" + i++, ca);
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    return ssl.setTrustManager(trust.getTrustManagers()[0]);
  }

  private static InputStream open(String setting, String file) throws IOException {
    Path path = Path.of(file.trim());
    if (!Files.isReadable(path)) {
      throw new IllegalArgumentException(setting + " names a file that cannot be read: " + path);
    }
    return Files.newInputStream(path);
  }
}

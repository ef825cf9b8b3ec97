package org.patou.acquire.syslog;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/** Builds the TLS server socket of syslog over TLS (RFC 5425): TLS 1.2 and 1.3, server auth only. */
final class Tls {
  private Tls() {}

  static ServerSocket serverSocket(SyslogConfig.Tls tls) throws IOException {
    try (InputStream in = Files.newInputStream(tls.keyStore())) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, tls.password());
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, tls.password());
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      SSLServerSocket s = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket();
      s.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
      return s;
    } catch (GeneralSecurityException e) {
      throw new IOException(tls.keyStore() + ": cannot set up TLS: " + e.getMessage(), e);
    }
  }
}

package dev.ingressc.emit.envoy;

import dev.ingressc.testkit.http.HttpProbe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 request over a raw socket, so the Host header and the request target go out exactly
 * as written (java.net.http forbids setting Host). HTTPS sends the given SNI and accepts any
 * certificate, returning the one served so the test can compare it.
 */
final class RawHttp {
  /** The status (0 when the TLS handshake failed), lower-cased headers, and the served certificate. */
  record Response(int status, Map<String, String> headers, Optional<X509Certificate> certificate) {}

  private RawHttp() {}

  static Response send(String address, int port, Optional<String> sni, String host, String target) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress(address, port), 5000);
    socket.setSoTimeout(10_000);
    Optional<X509Certificate> served = Optional.empty();
    if (sni.isPresent()) {
      SSLSocket tls = (SSLSocket) HttpProbe.trustAll().getSocketFactory().createSocket(socket, address, port, true);
      SSLParameters params = tls.getSSLParameters();
      params.setServerNames(List.of(new SNIHostName(sni.get())));
      tls.setSSLParameters(params);
      try {
        tls.startHandshake();
      } catch (IOException refused) {
        tls.close();
        return new Response(0, Map.of(), Optional.empty());
      }
      served = Optional.of((X509Certificate) tls.getSession().getPeerCertificates()[0]);
      socket = tls;
    }
    try (Socket s = socket) {
      OutputStream out = s.getOutputStream();
      out.write(("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
      String status = in.readLine();
      if (status == null) {
        throw new IOException("no response to " + host + target);
      }
      Map<String, String> headers = new TreeMap<>();
      for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
        int colon = line.indexOf(':');
        headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
      }
      return new Response(Integer.parseInt(status.split(" ")[1]), headers, served);
    }
  }
}

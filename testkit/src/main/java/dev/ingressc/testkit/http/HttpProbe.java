package dev.ingressc.testkit.http;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A deliberately raw HTTP/1.1 client: the Host header, the request target and the TLS SNI are
 * sent exactly as given, independently of each other and of the address connected to.
 */
public final class HttpProbe {
  private static final int TIMEOUT_MS = 10_000;

  private HttpProbe() {}

  /** A plain-HTTP request. */
  public static HttpResult http(String address, int port, String method, String host, String target, byte[] body) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(address, port), TIMEOUT_MS);
      s.setSoTimeout(TIMEOUT_MS);
      return exchange(s, method, host, target, body, Optional.empty());
    } catch (IOException e) {
      throw new UncheckedIOException("HTTP " + method + " " + target + " (Host " + host + ") to " + address + ":" + port, e);
    }
  }

  /**
   * A plain-HTTP POST whose body is sent chunked, {@code chunkSize} bytes a chunk. As RFC 9112
   * (9.5) asks of a client, it watches for an answer while sending and stops sending when one
   * arrives (e.g. a 413 in the middle of the body), then reads that answer.
   */
  public static HttpResult chunkedPost(String address, int port, String host, String target, byte[] body,
      int chunkSize) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(address, port), TIMEOUT_MS);
      s.setSoTimeout(TIMEOUT_MS);
      // One write per chunk: its size line, data and CRLF leave together.
      OutputStream out = new BufferedOutputStream(s.getOutputStream(), chunkSize + 16);
      InputStream in = s.getInputStream();
      String head = "POST " + target + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: ingressc-testkit\r\n"
          + "Connection: close\r\nTransfer-Encoding: chunked\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      try {
        int sent = 0;
        while (sent < body.length && in.available() == 0) {
          int n = Math.min(chunkSize, body.length - sent);
          out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
          out.write(body, sent, n);
          out.write(CRLF);
          out.flush();
          sent += n;
        }
        if (sent == body.length) {
          out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.flush();
      } catch (IOException unsent) {
        // The proxy answered and closed while we were sending; its answer is read below.
      }
      return Http1ResponseReading.parse(in, false, Optional.empty());
    } catch (IOException e) {
      throw new UncheckedIOException("chunked POST " + target + " (Host " + host + ") to " + address + ":" + port, e);
    }
  }

  private static final byte[] CRLF = {'\r', '\n'};

  public static HttpResult get(String address, int port, String host, String target) {
    return http(address, port, "GET", host, target, new byte[0]);
  }

  /**
   * A plain-HTTP GET that, unlike the others, leaves the connection open as HTTP/1.1 does by
   * default: its answer's Connection fields say whether the server would keep it.
   */
  public static HttpResult getKeepAlive(String address, int port, String host, String target) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(address, port), TIMEOUT_MS);
      s.setSoTimeout(TIMEOUT_MS);
      return exchange(s, "GET", host, target, new byte[0], Optional.empty(), false);
    } catch (IOException e) {
      throw new UncheckedIOException("HTTP GET " + target + " (Host " + host + ") to " + address + ":" + port, e);
    }
  }

  /** An HTTPS GET with {@code sni} in the handshake (none when empty); the certificate is not checked, but returned. */
  public static HttpResult https(String address, int port, Optional<String> sni, String host, String target) {
    return httpsWith(address, port, sni, host, target, List.of());
  }

  /** As {@link #https}, with {@code fields} (each {@code "Name: value"}) besides Host and {@code Connection: close}. */
  public static HttpResult httpsWith(String address, int port, Optional<String> sni, String host, String target,
      List<String> fields) {
    try (Socket raw = new Socket()) {
      raw.connect(new InetSocketAddress(address, port), TIMEOUT_MS);
      raw.setSoTimeout(TIMEOUT_MS);
      SSLSocket s = (SSLSocket) trustAll().getSocketFactory().createSocket(raw, address, port, true);
      SSLParameters params = s.getSSLParameters();
      params.setServerNames(sni.map(n -> List.<javax.net.ssl.SNIServerName>of(new SNIHostName(n))).orElse(List.of()));
      params.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
      s.setSSLParameters(params);
      try {
        s.startHandshake();
      } catch (SSLException e) {
        return HttpResult.handshakeRefused();
      }
      X509Certificate leaf = (X509Certificate) s.getSession().getPeerCertificates()[0];
      List<String> all = new java.util.ArrayList<>(fields);
      all.add("Connection: close");
      return exchange(s, "GET", host, target, new byte[0], Optional.of(leaf), all);
    } catch (IOException e) {
      throw new UncheckedIOException("HTTPS GET " + target + " (SNI " + sni + ", Host " + host + ") to " + address + ":" + port, e);
    }
  }

  /** The TLS protocol negotiated when the client offers only {@code protocol}, or empty when refused. */
  public static Optional<String> negotiate(String address, int port, String sni, String protocol) {
    try (Socket raw = new Socket()) {
      raw.connect(new InetSocketAddress(address, port), TIMEOUT_MS);
      raw.setSoTimeout(TIMEOUT_MS);
      SSLSocket s = (SSLSocket) trustAll().getSocketFactory().createSocket(raw, address, port, true);
      SSLParameters params = s.getSSLParameters();
      params.setServerNames(List.of(new SNIHostName(sni)));
      params.setProtocols(new String[] {protocol});
      s.setSSLParameters(params);
      s.startHandshake();
      return Optional.of(s.getSession().getProtocol());
    } catch (SSLException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A plain-HTTP GET with {@code fields} (e.g. {@code "Upgrade: h2c"}) after Host and User-Agent,
   * and no Connection field of its own: {@code fields} may hold one.
   */
  public static HttpResult getWith(String address, int port, String host, String target, List<String> fields) {
    return getWith(address, port, host, target, fields, Optional.empty());
  }

  /** As above, connecting from the local address {@code source} when present (a loopback address such as 127.0.0.2). */
  public static HttpResult getWith(String address, int port, String host, String target, List<String> fields,
      Optional<String> source) {
    return requestWith(address, port, "GET", host, target, fields, source);
  }

  /** As above, with {@code method} (OPTIONS, say) instead of GET, and no body. */
  public static HttpResult requestWith(String address, int port, String method, String host, String target,
      List<String> fields, Optional<String> source) {
    try (Socket s = new Socket()) {
      if (source.isPresent()) {
        s.bind(new InetSocketAddress(source.get(), 0));
      }
      s.connect(new InetSocketAddress(address, port), TIMEOUT_MS);
      s.setSoTimeout(TIMEOUT_MS);
      return exchange(s, method, host, target, new byte[0], Optional.empty(), fields);
    } catch (IOException e) {
      throw new UncheckedIOException("HTTP " + method + " " + target + " (Host " + host + ", " + fields + ") to " + address + ":"
          + port, e);
    }
  }

  private static HttpResult exchange(Socket s, String method, String host, String target, byte[] body,
      Optional<X509Certificate> cert) throws IOException {
    return exchange(s, method, host, target, body, cert, true);
  }

  private static HttpResult exchange(Socket s, String method, String host, String target, byte[] body,
      Optional<X509Certificate> cert, boolean close) throws IOException {
    return exchange(s, method, host, target, body, cert, close ? List.of("Connection: close") : List.of());
  }

  private static HttpResult exchange(Socket s, String method, String host, String target, byte[] body,
      Optional<X509Certificate> cert, List<String> fields) throws IOException {
    StringBuilder req = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    req.append("Host: ").append(host).append("\r\n");
    req.append("User-Agent: ingressc-testkit\r\n");
    for (String f : fields) {
      req.append(f).append("\r\n");
    }
    if (body.length > 0 || method.equals("POST") || method.equals("PUT")) {
      req.append("Content-Length: ").append(body.length).append("\r\n");
    }
    req.append("\r\n");
    OutputStream out = s.getOutputStream();
    out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
    try {
      out.write(body);
      out.flush();
    } catch (IOException unsent) {
      // A proxy may answer (e.g. 413) and close before the whole body is sent; its answer is
      // usually already in our receive buffer, so read it before giving up.
      try {
        return Http1ResponseReading.parse(s.getInputStream(), method.equals("HEAD"), cert);
      } catch (IOException noAnswer) {
        unsent.addSuppressed(noAnswer);
        throw unsent;
      }
    }
    return Http1ResponseReading.parse(s.getInputStream(), method.equals("HEAD"), cert);
  }

  /** A TLS context that accepts any certificate: tests look at which one is served, not whether to trust it. */
  public static SSLContext trustAll() {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      }}, new SecureRandom());
      return ctx;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}

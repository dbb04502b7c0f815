package dev.ingressc.testkit.grpc;

import io.grpc.CallOptions;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A real gRPC client (grpc-java over Netty): one unary {@link GrpcEcho#CALL} to an address, with
 * {@code host} as {@code :authority} and, over TLS, as SNI. The server's certificate is not checked
 * (the proxies serve self-signed test certificates).
 */
public final class GrpcProbe {
  private static final long DEADLINE_SECONDS = 20;

  private GrpcProbe() {}

  /**
   * The answer: the status code, its description, and the body when OK.
   *
   * @param code {@link Status.Code#OK} when the call succeeded
   */
  public record Reply(Status.Code code, String description, String body) {
    public boolean ok() {
      return code == Status.Code.OK;
    }
  }

  /** A call over TLS (HTTP/2 by ALPN), as to a proxy's HTTPS listener. */
  public static Reply callTls(String address, int port, String host, byte[] request) {
    return call(TlsChannelCredentials.newBuilder().trustManager(new TrustAll()).build(), address, port, host, request);
  }

  /** A call in plaintext (h2c, prior knowledge), as to a gRPC server directly. */
  public static Reply callPlaintext(String address, int port, String host, byte[] request) {
    return call(InsecureChannelCredentials.create(), address, port, host, request);
  }

  public static Reply callTls(String address, int port, String host, String request) {
    return callTls(address, port, host, request.getBytes(StandardCharsets.UTF_8));
  }

  private static Reply call(ChannelCredentials credentials, String address, int port, String host, byte[] request) {
    ManagedChannel channel = NettyChannelBuilder.forAddress(new InetSocketAddress(address, port), credentials)
        .overrideAuthority(host)
        .build();
    try {
      byte[] answer = ClientCalls.blockingUnaryCall(channel, GrpcEcho.CALL,
          CallOptions.DEFAULT.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS), request);
      return new Reply(Status.Code.OK, "", new String(answer, StandardCharsets.UTF_8));
    } catch (StatusRuntimeException e) {
      return new Reply(e.getStatus().getCode(), String.valueOf(e.getStatus().getDescription()), "");
    } finally {
      channel.shutdownNow();
      try {
        channel.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Trusts any certificate, and checks no host name (an extended manager, so the JDK adds no check). */
  private static final class TrustAll extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}

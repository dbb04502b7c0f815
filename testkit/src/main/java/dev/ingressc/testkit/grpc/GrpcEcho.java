package dev.ingressc.testkit.grpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ingressc.testkit.fixtures.TestCertificates;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real gRPC server (grpc-java over Netty) with one unary method, {@link #CALL}, on one loopback
 * address, in plaintext (h2c) or over TLS with a self-signed certificate. It answers JSON saying
 * which backend it is and what it saw: the {@code :authority}, whether the connection was TLS,
 * the forwarding headers and the request. A request {@code sleep:MILLIS} makes it wait that long
 * first. No protoc: the messages are bytes.
 */
public final class GrpcEcho implements AutoCloseable {
  /** Bytes in, bytes out. */
  public static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  /** The one method: {@code /ingressc.test.Echo/Call}. */
  public static final MethodDescriptor<byte[], byte[]> CALL = MethodDescriptor.<byte[], byte[]>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY)
      .setFullMethodName(MethodDescriptor.generateFullMethodName("ingressc.test.Echo", "Call"))
      .setRequestMarshaller(BYTES)
      .setResponseMarshaller(BYTES)
      .build();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Context.Key<Map<String, Object>> SEEN = Context.key("ingressc-seen");
  private static final String[] HEADERS = {"x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-real-ip"};

  private final String name;
  private final Server server;
  private final AtomicInteger calls = new AtomicInteger();

  private GrpcEcho(String name, String address, Optional<TestCertificates.Pem> tls) {
    this.name = name;
    ServerCredentials credentials = tls.map(GrpcEcho::credentials).orElse(InsecureServerCredentials.create());
    ServerServiceDefinition service = ServerServiceDefinition.builder("ingressc.test.Echo")
        .addMethod(CALL, ServerCalls.asyncUnaryCall((request, reply) -> {
          calls.incrementAndGet();
          try {
            byte[] answer = answer(request);
            if (Context.current().isCancelled()) {
              return; // the caller (a proxy that timed out) is gone: nothing to answer
            }
            reply.onNext(answer);
            reply.onCompleted();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply.onError(e);
          }
        }))
        .build();
    try {
      this.server = NettyServerBuilder.forAddress(new InetSocketAddress(address, 0), credentials)
          .addService(ServerInterceptors.intercept(service, new Witness()))
          .build()
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a gRPC backend on " + address, e);
    }
  }

  /** Starts a backend that names itself {@code name}; TLS with {@code tls}'s certificate when present. */
  public static GrpcEcho start(String name, String address, Optional<TestCertificates.Pem> tls) {
    return new GrpcEcho(name, address, tls);
  }

  public String name() {
    return name;
  }

  public String address() {
    return ((InetSocketAddress) server.getListenSockets().get(0)).getAddress().getHostAddress();
  }

  public int port() {
    return server.getPort();
  }

  /** How many calls reached it. */
  public int calls() {
    return calls.get();
  }

  private byte[] answer(byte[] request) throws InterruptedException {
    String text = new String(request, StandardCharsets.UTF_8);
    if (text.startsWith("sleep:")) {
      Thread.sleep(Long.parseLong(text.substring("sleep:".length())));
    }
    Map<String, Object> seen = new TreeMap<>(SEEN.get());
    seen.put("backend", name);
    seen.put("requestBytes", request.length);
    seen.put("request", text.length() > 100 ? text.substring(0, 100) : text);
    try {
      return JSON.writeValueAsBytes(seen);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ServerCredentials credentials(TestCertificates.Pem pem) {
    try {
      return TlsServerCredentials.create(new ByteArrayInputStream(pem.certificate().getBytes(StandardCharsets.US_ASCII)),
          new ByteArrayInputStream(pem.key().getBytes(StandardCharsets.US_ASCII)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Records what the transport and the headers say about each call, for its answer. */
  private static final class Witness implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
        ServerCallHandler<Q, R> next) {
      Map<String, Object> seen = new TreeMap<>();
      seen.put("authority", call.getAuthority());
      seen.put("tls", call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION) != null);
      Map<String, String> forwarded = new TreeMap<>();
      for (String h : HEADERS) {
        String v = headers.get(Metadata.Key.of(h, Metadata.ASCII_STRING_MARSHALLER));
        if (v != null) {
          forwarded.put(h, v);
        }
      }
      seen.put("headers", forwarded);
      return Contexts.interceptCall(Context.current().withValue(SEEN, seen), call, headers, next);
    }
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

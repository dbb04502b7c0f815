package dev.ingressc.emit.nginx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.CompileOptions;
import dev.ingressc.route.RouteOracle;
import dev.ingressc.route.RouteRequest;
import dev.ingressc.testkit.e2e.CaseContext;
import dev.ingressc.testkit.e2e.ProxyLimitInputs;
import dev.ingressc.testkit.http.EchoBackends;
import dev.ingressc.testkit.http.HttpProbe;
import dev.ingressc.testkit.proxy.Deployment;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import dev.ingressc.testkit.proxy.RealProxy;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * nginx reads {@code proxy_pass http://unix:80} as the UNIX socket {@code 80} in its working
 * directory. With a socket listening exactly there, the upstream host {@code unix} (ExternalName
 * {@code unix} or {@code UNIX}, resource URL {@code http://unix:80}) must send it nothing.
 */
@RealProxy("nginx")
class NginxUnixSocketTest {

  NginxEmitter emitter() {
    return new NginxEmitter();
  }

  @Test
  void upstreamHostUnixNeverReachesAUnixSocket(ProxyLauncher nginx) throws IOException {
    try (EchoBackends backends = new EchoBackends()) {
      CaseContext ctx = new CaseContext(backends);
      String yaml = ctx.service("default", "web", 80) + ProxyLimitInputs.specialHostNames();
      try (Deployment d = Deployment.of("unix-socket", yaml, CompileOptions.defaults(), emitter(), nginx);
          SocketTrap trap = new SocketTrap(d.workspace().runtime().resolve("80"))) {
        assertThat(d.running()).as(d.check().output()).isTrue();
        RouteOracle oracle = new RouteOracle(d.compilation().ir());
        Map<String, Integer> want = new TreeMap<>();
        Map<String, Integer> got = new TreeMap<>();
        for (int i = 0; i < 3; i++) {
          String host = "victim" + i + ".example.com";
          want.put(host, oracle.route(new RouteRequest(host, "/", Optional.empty(), d.httpsPort())).status());
          got.put(host, HttpProbe.get(d.address(), d.httpPort(), host, "/").status());
        }
        assertThat(trap.connections()).as("connections to the UNIX socket " + trap.path).isZero();
        assertThat(got).isEqualTo(want);
      }
    }
  }

  /** A UNIX socket that counts (and drops) every connection. */
  private static final class SocketTrap implements AutoCloseable {
    final Path path;
    private final ServerSocketChannel server;
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;

    SocketTrap(Path path) throws IOException {
      this.path = path;
      server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(path));
      // nginx's workers run as nobody when the tests run as root: they must be able to connect
      java.nio.file.Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
      acceptor = new Thread(() -> {
        while (server.isOpen()) {
          try (SocketChannel c = server.accept()) {
            connections.incrementAndGet();
          } catch (IOException closed) {
            return;
          }
        }
      }, "unix-socket-trap");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int connections() {
      return connections.get();
    }

    @Override
    public void close() throws IOException {
      server.close();
      java.nio.file.Files.deleteIfExists(path);
    }
  }
}

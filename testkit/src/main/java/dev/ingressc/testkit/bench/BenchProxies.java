package dev.ingressc.testkit.bench;

import dev.ingressc.CompileOptions;
import dev.ingressc.Compiler;
import dev.ingressc.emit.EmitOptions;
import dev.ingressc.emit.Emitter;
import dev.ingressc.testkit.proxy.CheckResult;
import dev.ingressc.testkit.proxy.LocalProxyLauncher;
import dev.ingressc.testkit.proxy.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Starts the benchmarked proxy on a generated config ({@link BenchManifests}) or on the hand-written one. */
final class BenchProxies {
  private final Emitter emitter;
  private final LocalProxyLauncher proxy;
  private final Optional<String> format;

  BenchProxies(Emitter emitter, LocalProxyLauncher proxy, Optional<String> format) {
    this.emitter = emitter;
    this.proxy = proxy;
    this.format = format;
  }

  BenchProxy generated(String name, int hosts, int backendPort) {
    return generated(name, hosts, backendPort, false);
  }

  BenchProxy generated(String name, int hosts, int backendPort, boolean withoutPolicy) {
    Compiler.Compilation c = Compiler.compileText("bench.yaml", BenchManifests.manifests(hosts, backendPort),
        CompileOptions.defaults());
    Workspace ws = Workspace.create("bench-gen");
    int port = Workspace.freePort();
    try {
      emitter.emit(c.ir(), c.endpoints(), new EmitOptions(port, 443, ws.output(), ws.runtime(), format))
          .writeTo(ws.output());
      if (withoutPolicy) {
        Path config = ws.output().resolve(proxy.kind().configFile());
        Files.writeString(config, RequestTargetPolicyLines.remove(emitter.target(), Files.readString(config)));
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return new BenchProxy(name, ws, proxy.start(ws.output(), ws.runtime(), List.of(port)), port);
  }

  BenchProxy handWritten(int backendPort) throws IOException {
    Workspace ws = Workspace.create("bench-hand");
    int port = Workspace.freePort();
    String template = Files.readString(Path.of(System.getProperty("ingressc.repo.root", "."), "bench",
        emitter.target(), "hand-written.template"));
    String conf = template.replace("@RUN@", ws.runtime().toString()).replace("@PORT@", Integer.toString(port))
        .replace("@BACKEND@", "127.0.0.1:" + backendPort);
    Files.writeString(ws.output().resolve(proxy.kind().configFile()), conf);
    CheckResult check = proxy.check(ws.output(), ws.runtime());
    if (!check.ok()) {
      throw new IllegalStateException("hand-written config: " + check.output());
    }
    return new BenchProxy("hand-written, 10 routes", ws, proxy.start(ws.output(), ws.runtime(), List.of(port)), port);
  }
}

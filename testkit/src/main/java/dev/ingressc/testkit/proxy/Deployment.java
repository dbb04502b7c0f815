package dev.ingressc.testkit.proxy;

import dev.ingressc.CompileOptions;
import dev.ingressc.Compiler;
import dev.ingressc.emit.EmitOptions;
import dev.ingressc.emit.EmittedFiles;
import dev.ingressc.emit.Emitter;
import dev.ingressc.diag.Diagnostics;
import dev.ingressc.ir.EndpointTable;
import dev.ingressc.ir.IngressIR;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * Manifests compiled, emitted into a fresh workspace, checked by the proxy and, when the check
 * passes, served by it on free ports. Closing stops the proxy and removes the workspace.
 */
public final class Deployment implements AutoCloseable {
  private final Workspace workspace;
  private final Compiler.Compilation compilation;
  private final EmittedFiles files;
  private final CheckResult check;
  private final int httpPort;
  private final int httpsPort;
  private RunningProxy proxy;
  private List<String> warnings = List.of();

  private Deployment(Workspace workspace, Compiler.Compilation compilation, EmittedFiles files, CheckResult check,
      int httpPort, int httpsPort) {
    this.workspace = workspace;
    this.compilation = compilation;
    this.files = files;
    this.check = check;
    this.httpPort = httpPort;
    this.httpsPort = httpsPort;
  }

  /** Compiles, emits and checks; starts the proxy only if the check passed. */
  public static Deployment of(String name, String yaml, CompileOptions options, Emitter emitter, ProxyLauncher launcher) {
    return deploy(name, Compiler.compileText(name + ".yaml", yaml, options), emitter, launcher);
  }

  /** Emits an IR and endpoints table built by hand (bypassing validation), checks, and starts when the check passed. */
  public static Deployment ofIr(String name, IngressIR ir, EndpointTable endpoints, Emitter emitter,
      ProxyLauncher launcher) {
    return deploy(name, new Compiler.Compilation(ir, endpoints, new Diagnostics(), false, null, List.of()), emitter, launcher);
  }

  private static Deployment deploy(String name, Compiler.Compilation compilation, Emitter emitter,
      ProxyLauncher launcher) {
    Workspace ws = Workspace.create(name);
    try {
      int http = Workspace.freePort();
      int https = Workspace.freePort();
      EmitOptions options = new EmitOptions(http, https, ws.output(), ws.runtime(), Optional.empty());
      EmittedFiles files = emitter.emit(compilation.ir(), compilation.endpoints(), options);
      files.writeTo(ws.output());
      CheckResult check = launcher.check(ws.output(), ws.runtime());
      Deployment d = new Deployment(ws, compilation, files, check, http, https);
      d.warnings = emitter.warnings(compilation.ir(), options);
      if (check.ok()) {
        boolean tls = compilation.ir().hasTls();
        d.proxy = launcher.start(ws.output(), ws.runtime(), tls ? List.of(http, https) : List.of(http));
      }
      return d;
    } catch (IOException e) {
      ws.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      ws.close();
      throw e;
    }
  }

  /** What the emitter said its output does not serve ({@code Emitter.warnings}). */
  public List<String> warnings() {
    return warnings;
  }

  public Workspace workspace() {
    return workspace;
  }

  public Compiler.Compilation compilation() {
    return compilation;
  }

  public EmittedFiles files() {
    return files;
  }

  public CheckResult check() {
    return check;
  }

  public int httpPort() {
    return httpPort;
  }

  public int httpsPort() {
    return httpsPort;
  }

  public String address() {
    return proxy == null ? "127.0.0.1" : proxy.address();
  }

  /** What the proxy printed; empty when it never started. */
  public String proxyOutput() {
    return proxy == null ? "" : proxy.output();
  }

  public boolean running() {
    return proxy != null;
  }

  @Override
  public void close() {
    if (proxy != null) {
      proxy.close();
    }
    workspace.close();
  }
}

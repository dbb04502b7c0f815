package dev.ingressc.cli;

import dev.ingressc.emit.EmitOptions;
import dev.ingressc.emit.EmittedFile;
import dev.ingressc.emit.EmittedFiles;
import dev.ingressc.emit.Emitter;
import dev.ingressc.ir.EndpointTable;
import dev.ingressc.ir.IngressIR;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny test-only target that lists routes and writes each key, so the compile command's
 * plumbing (writing, key modes, --check) is tested apart from any real proxy.
 */
public final class RouteListEmitter implements Emitter {
  @Override
  public String target() {
    return "routelist";
  }

  @Override
  public EmittedFiles emit(IngressIR ir, EndpointTable endpoints, EmitOptions options) {
    StringBuilder sb = new StringBuilder("listen " + options.httpPort() + "\n");
    ir.virtualHosts().forEach(v -> v.routes().forEach(r ->
        sb.append(v.host().isEmpty() ? "*" : v.host()).append(' ').append(r.match()).append(' ').append(r.path())
            .append(" -> ").append(r.backend().upstream()).append('\n')));
    List<EmittedFile> files = new ArrayList<>();
    files.add(EmittedFile.text("routes.txt", sb.toString()));
    ir.certificates().forEach(c -> files.add(EmittedFile.secretText("certs/" + c.id().replace('/', '_') + ".key", c.key().pem())));
    return new EmittedFiles(files);
  }
}

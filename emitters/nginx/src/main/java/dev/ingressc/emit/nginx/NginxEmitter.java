package dev.ingressc.emit.nginx;

import dev.ingressc.emit.EmitOptions;
import dev.ingressc.emit.EmittedFile;
import dev.ingressc.emit.EmittedFiles;
import dev.ingressc.emit.Emitter;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.TlsCertificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The nginx target: {@code nginx.conf}, plus each served certificate and key under
 * {@code tls/NAMESPACE/NAME.{crt,key}}.
 */
public final class NginxEmitter implements Emitter {
  public static final String CONFIG_FILE = "nginx.conf";

  @Override
  public String target() {
    return "nginx";
  }

  @Override
  public EmittedFiles emit(IngressIR ir, EmitOptions options) {
    ConfigView view = new ViewBuilder(ir, options).build();
    List<EmittedFile> files = new ArrayList<>();
    files.add(EmittedFile.text(CONFIG_FILE, new TemplateRenderer().render(view)));
    Map<String, TlsCertificate> served = new LinkedHashMap<>();
    if (view.https()) {
      ir.certificates().forEach(c -> served.put(c.id(), c));
      ir.defaultCertificate().ifPresent(c -> served.putIfAbsent(c.id(), c));
    }
    for (TlsCertificate c : served.values()) {
      files.add(EmittedFile.text(ViewBuilder.certificatePath(c, ".crt"), c.certificatePem()));
      files.add(EmittedFile.secretText(ViewBuilder.certificatePath(c, ".key"), c.key().pem()));
    }
    return new EmittedFiles(files);
  }
}

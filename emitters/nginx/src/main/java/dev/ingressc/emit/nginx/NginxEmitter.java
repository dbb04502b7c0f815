package dev.ingressc.emit.nginx;

import dev.ingressc.emit.EmitOptions;
import dev.ingressc.emit.EmittedFile;
import dev.ingressc.emit.EmittedFiles;
import dev.ingressc.emit.Emitter;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.TlsCertificate;
import java.util.ArrayList;
import java.util.List;

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
    for (TlsCertificate c : view.https() ? ir.servedCertificates() : List.<TlsCertificate>of()) {
      files.add(EmittedFile.text(ViewBuilder.certificatePath(c, ".crt"), c.certificatePem()));
      files.add(EmittedFile.secretText(ViewBuilder.certificatePath(c, ".key"), c.key().pem()));
    }
    return new EmittedFiles(files);
  }
}

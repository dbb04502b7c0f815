package dev.ingressc.emit.nginx;

import dev.ingressc.emit.EmitOptions;
import dev.ingressc.emit.EmittedFile;
import dev.ingressc.emit.EmittedFiles;
import dev.ingressc.emit.Emitter;
import dev.ingressc.ir.EndpointTable;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.TlsCertificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The nginx target: {@code nginx.conf}, plus each served certificate and key under
 * {@code tls/NAMESPACE/NAME.{crt,key}}, and in the {@code lua} format {@code endpoints.conf}
 * (see {@link NginxFormat}).
 */
public final class NginxEmitter implements Emitter {
  public static final String CONFIG_FILE = "nginx.conf";

  private final NginxFormat defaultFormat;

  public NginxEmitter() {
    this(NginxFormat.NATIVE);
  }

  /** An emitter whose format, when the options name none, is {@code defaultFormat}. */
  public NginxEmitter(NginxFormat defaultFormat) {
    this.defaultFormat = defaultFormat;
  }

  @Override
  public String target() {
    return "nginx";
  }

  @Override
  public EmittedFiles emit(IngressIR ir, EndpointTable endpoints, EmitOptions options) {
    NginxFormat format = options.format().isPresent() ? NginxFormat.parse(options.format()) : defaultFormat;
    ViewBuilder builder = new ViewBuilder(ir, endpoints, options, format);
    ConfigView view = builder.build();
    TemplateRenderer renderer = new TemplateRenderer();
    List<EmittedFile> files = new ArrayList<>();
    files.add(EmittedFile.text(CONFIG_FILE, renderer.render(view)));
    if (format == NginxFormat.LUA) {
      files.add(EmittedFile.text(LuaEndpoints.FILE, renderer.renderEndpoints(builder.peerMaps())));
    }
    for (TlsCertificate c : view.https() ? ir.servedCertificates() : List.<TlsCertificate>of()) {
      files.add(EmittedFile.text(ViewBuilder.certificatePath(c, ".crt"), c.certificatePem()));
      files.add(EmittedFile.secretText(ViewBuilder.certificatePath(c, ".key"), c.key().pem()));
    }
    return new EmittedFiles(files);
  }
}

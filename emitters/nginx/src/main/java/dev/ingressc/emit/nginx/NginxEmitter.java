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

  /**
   * Upstreams above which the native format loads slowly: nginx finds each upstream by walking the
   * list of all of them, at load time for every {@code proxy_pass} and {@code upstream}, so loading
   * grows with the square of their number (bench/RESULTS.md, issue 19: 1.6 s at 10,000, 6 s at
   * 20,000, 40 s at 50,000 on 2 cores); the Lua format has one balanced upstream (0.2 s at 50,000).
   */
  static final int NATIVE_UPSTREAMS_ADVISED = 10_000;

  /** An emitter whose format, when the options name none, is {@code defaultFormat}. */
  public NginxEmitter(NginxFormat defaultFormat) {
    this.defaultFormat = defaultFormat;
  }

  @Override
  public String target() {
    return "nginx";
  }

  @Override
  public List<String> formats() {
    return List.of("native", "lua");
  }

  @Override
  public java.util.Set<dev.ingressc.ir.TargetFeature> lacks(java.util.Optional<String> format) {
    // The native format has no way to escape the request target as a query value (ingress-nginx uses
    // set-misc's set_escape_uri; the lua format uses ngx.escape_uri).
    NginxFormat f = format.isPresent() ? NginxFormat.parse(format) : defaultFormat;
    return f == NginxFormat.NATIVE ? java.util.Set.of(dev.ingressc.ir.TargetFeature.ESCAPED_REQUEST_URI)
        : java.util.Set.of();
  }

  @Override
  public List<String> advice(IngressIR ir, EmitOptions options) {
    NginxFormat format = options.format().isPresent() ? NginxFormat.parse(options.format()) : defaultFormat;
    long upstreams = ir.upstreams().stream().filter(u -> !u.unavailable()).count();
    if (format != NginxFormat.NATIVE || upstreams <= NATIVE_UPSTREAMS_ADVISED) {
      return List.of();
    }
    return List.of(upstreams + " upstreams in the native format: nginx walks the list of all upstreams for each"
        + " one when it loads the configuration, so loading grows with the square of their number (about 6 s at"
        + " 20,000 and 40 s at 50,000 on 2 cores); --format lua (Debian's libnginx-mod-http-lua) loads 50,000 in"
        + " under a second");
  }

  /** The native format cannot serve session affinity ({@link NginxAffinity}). */
  @Override
  public List<String> warnings(IngressIR ir, EmitOptions options) {
    NginxFormat format = options.format().isPresent() ? NginxFormat.parse(options.format()) : defaultFormat;
    return format == NginxFormat.NATIVE ? NginxAffinity.nativeWarning(ir).stream().toList() : List.of();
  }

  @Override
  public EmittedFiles emit(IngressIR ir, EndpointTable endpoints, EmitOptions options) {
    NginxFormat format = options.format().isPresent() ? NginxFormat.parse(options.format()) : defaultFormat;
    ViewBuilder builder = new ViewBuilder(ir, endpoints, options, format);
    ConfigView view = builder.build();
    TemplateRenderer renderer = new TemplateRenderer();
    List<EmittedFile> files = new ArrayList<>();
    files.add(EmittedFile.text(CONFIG_FILE, renderer.render(view)));
    files.addAll(builder.passwordFiles());
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

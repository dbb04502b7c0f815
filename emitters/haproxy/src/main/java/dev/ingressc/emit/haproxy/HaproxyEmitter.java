package dev.ingressc.emit.haproxy;

import dev.ingressc.emit.EmitOptions;
import dev.ingressc.emit.EmittedFile;
import dev.ingressc.emit.EmittedFiles;
import dev.ingressc.emit.Emitter;
import dev.ingressc.ir.EndpointTable;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.PathMatch;
import dev.ingressc.ir.TlsCertificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The HAProxy target: {@code haproxy.cfg}, the routing maps under {@code maps/}, the body-limit
 * filter {@code body-limit.lua} (and {@code auth.lua}, {@code client-address.lua} when used), and for TLS a
 * crt-list with each certificate under {@code tls/} (its key beside it as {@code .pem.key}, mode
 * 0600, which HAProxy loads by name). All paths in haproxy.cfg are relative to its own directory.
 */
public final class HaproxyEmitter implements Emitter {
  public static final String CONFIG_FILE = "haproxy.cfg";

  @Override
  public String target() {
    return "haproxy";
  }

  /**
   * HAProxy checks crypt(3) hashes in a userlist and {SHA} with converters, but has no Apache MD5
   * ({@code $apr1$}): the compile for it makes such credentials unusable (their routes answer 503).
   */
  @Override
  public java.util.Set<dev.ingressc.ir.TargetFeature> lacks(java.util.Optional<String> format) {
    return java.util.Set.of(dev.ingressc.ir.TargetFeature.APR1_HASHES);
  }

  @Override
  public EmittedFiles emit(IngressIR ir, EndpointTable endpoints, EmitOptions options) {
    HaproxyViewBuilder builder = new HaproxyViewBuilder(ir, endpoints, options);
    HaproxyView view = builder.build();
    HaproxyTemplates templates = new HaproxyTemplates();
    List<EmittedFile> files = new ArrayList<>();
    files.add(EmittedFile.text(CONFIG_FILE, templates.render("haproxy.cfg.ftl", view)));
    files.add(EmittedFile.text(HaproxyViewBuilder.BODY_LIMIT_FILE, templates.render("body-limit.lua.ftl", view)));
    if (view.authLua() != null) {
      files.add(EmittedFile.text(HaproxyExternalAuth.LUA_FILE, templates.render("auth.lua.ftl", view)));
    }
    if (view.clientAddress() != null) {
      files.add(EmittedFile.text(HaproxyClientAddress.LUA_FILE, templates.render("client-address.lua.ftl", view)));
    }
    files.add(EmittedFile.text(view.maps().hosts(), templates.render("entries.map.ftl", builder.hostsMap())));
    files.add(EmittedFile.text(view.maps().redirects(), templates.render("entries.map.ftl", builder.redirectsMap())));
    files.add(EmittedFile.text(view.maps().exactPaths(), templates.render("entries.map.ftl", builder.pathMap(PathMatch.EXACT))));
    files.add(EmittedFile.text(view.maps().prefixPaths(), templates.render("entries.map.ftl", builder.pathMap(PathMatch.PREFIX))));
    if (view.https() != null) {
      for (TlsCertificate c : ir.servedCertificates()) {
        String file = HaproxyViewBuilder.certificateFile(c);
        files.add(EmittedFile.text(file, c.certificatePem()));
        files.add(EmittedFile.secretText(file + ".key", c.key().pem()));
      }
      files.add(EmittedFile.text(HaproxyViewBuilder.CRT_LIST, templates.render("crt-list.ftl", ir.certificates().stream()
          .map(c -> new CrtListEntry(HaproxyViewBuilder.certificateFile(c), c.hosts())).toList())));
    }
    return new EmittedFiles(files);
  }

  /** One crt-list line: a certificate and the SNI names it serves. */
  public record CrtListEntry(String file, List<String> names) {}
}

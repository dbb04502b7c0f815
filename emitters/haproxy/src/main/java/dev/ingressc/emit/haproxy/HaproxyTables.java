package dev.ingressc.emit.haproxy;

import dev.ingressc.emit.EmitOptions;
import dev.ingressc.emit.haproxy.HaproxyView.MapEntry;
import dev.ingressc.ir.EndpointTable;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.PathMatch;
import dev.ingressc.ir.TlsCertificate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One IR as HAProxy holds it, split by what its runtime API can change: the map files' entries
 * and the backends' servers can change in a running HAProxy; everything else ({@code fixed}: the
 * global and frontend sections, which maps exist, the certificates) needs a reload. The same view
 * the emitter prints, so what the sidecar changes at run time is exactly what the files say.
 *
 * @param fixed the view without its backends
 * @param backends every backend by name, spares included
 * @param maps each map file (as haproxy.cfg names it) with its entries, key to value
 * @param certificates the SNI certificates
 * @param defaultCertificate the certificate for unknown SNI names
 */
public record HaproxyTables(HaproxyView fixed, Map<String, BackendView> backends,
    Map<String, Map<String, String>> maps, List<TlsCertificate> certificates,
    Optional<TlsCertificate> defaultCertificate) {

  /** Names of the spare backends start with this. */
  public static final String SPARE_PREFIX = HaproxyViewBuilder.SPARE_PREFIX;

  public static HaproxyTables of(IngressIR ir, EndpointTable endpoints, EmitOptions options) {
    HaproxyViewBuilder builder = new HaproxyViewBuilder(ir, endpoints, options);
    HaproxyView view = builder.build();
    Map<String, BackendView> backends = new TreeMap<>();
    view.backends().forEach(b -> backends.put(b.name(), b));
    Map<String, Map<String, String>> maps = new TreeMap<>();
    maps.put(view.maps().hosts(), entries(builder.hostsMap()));
    maps.put(view.maps().redirects(), entries(builder.redirectsMap()));
    maps.put(view.maps().exactPaths(), entries(builder.pathMap(PathMatch.EXACT)));
    maps.put(view.maps().prefixPaths(), entries(builder.pathMap(PathMatch.PREFIX)));
    // The sidecar compares a generation's directory with the "current" symlink to it: the Lua
    // files' directory is left out, as it does not change what HAProxy does.
    HaproxyView fixed = new HaproxyView(view.runtime(), view.httpPort(), view.refusedTarget(), view.https(),
        view.catchAll(), view.redirect(), view.defaultBackend(), List.of(), view.maps(),
        view.bodyLimit().withoutDirectory(), view.passthrough(), view.canaries(), view.regexRoutes(),
        view.redirectBackends(), view.perRouteHttps(), view.appRoots(),
        view.wwwTwins(), view.clientAddress() == null ? null : view.clientAddress().withoutDirectory());
    return new HaproxyTables(fixed, Collections.unmodifiableMap(backends), Collections.unmodifiableMap(maps),
        ir.certificates(), ir.defaultCertificate());
  }

  /**
   * Whether a running HAProxy loaded from {@code other} can take this routing change without a
   * reload: only map entries and backends differ. Asked for a routing change only; an endpoints
   * change leaves these parts as they are.
   */
  public boolean sameFixedParts(HaproxyTables other) {
    return fixed.equals(other.fixed) && certificates.equals(other.certificates)
        && defaultCertificate.equals(other.defaultCertificate);
  }

  private static Map<String, String> entries(List<MapEntry> list) {
    Map<String, String> out = new LinkedHashMap<>();
    // Through the same function as the map files: a value the files could not hold is refused here too.
    list.forEach(e -> out.putIfAbsent(HaproxyQuoting.mapToken(e.key()), HaproxyQuoting.mapToken(e.value())));
    return Collections.unmodifiableMap(out);
  }
}

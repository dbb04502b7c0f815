package dev.ingressc.emit.haproxy;

import dev.ingressc.emit.haproxy.HaproxyView.RedirectBackend;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.Redirect;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;

/**
 * The backends that answer the IR's redirecting routes: one per code and Location, named
 * {@code ingressc_redirect_} and eight hex digits of a hash of both, so the same redirect gets the
 * same name whatever else the input holds. The route maps point a redirecting route at its name.
 */
final class RedirectBackends {
  private RedirectBackends() {}

  static List<RedirectBackend> of(IngressIR ir) {
    TreeMap<String, RedirectBackend> out = new TreeMap<>();
    ir.virtualHosts().forEach(v -> v.routes().forEach(r -> r.redirect().ifPresent(d ->
        out.putIfAbsent(name(d), new RedirectBackend(name(d), d.location(), d.code())))));
    return List.copyOf(out.values());
  }

  static String name(Redirect d) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256")
          .digest((d.code() + " " + d.location()).getBytes(StandardCharsets.UTF_8));
      return "ingressc_redirect_" + HexFormat.of().formatHex(h, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

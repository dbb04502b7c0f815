package dev.ingressc.testkit.e2e;

import dev.ingressc.route.RouteAnswer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a backend must receive (SEMANTICS.md, Forwarding headers), written from the semantics
 * document, not from any emitter: the Host (the route's upstream-vhost, else the client's), and
 * ingress-nginx's forwarding headers when it trusts no proxy in front. Every target's end-to-end
 * run and Envoy's interpreter check a forwarded request with {@link #problems}.
 */
public final class ForwardingHeaders {
  /** A fresh X-Request-ID: a UUID's form (nginx prints its 32 random hex digits so), lower-case. */
  public static final Pattern FRESH_REQUEST_ID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  /** The client: the probes connect from a loopback address. */
  private static final Pattern CLIENT = Pattern.compile("127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}");

  private ForwardingHeaders() {}

  /**
   * Every way {@code seen} (header names lower-case, repeated fields joined by commas) and the Host
   * {@code host} differ from what the backend must receive for {@code p}; empty when none.
   *
   * @param port the proxy's port the probe connected to, or 0 when unknown (not checked)
   */
  public static List<String> problems(Probe p, RouteAnswer want, String host, Map<String, String> seen, int port) {
    return problems(p, p.source(), want, host, seen, port);
  }

  /**
   * Likewise, when the client address is {@code client} (SEMANTICS.md, Client address: a trusted
   * proxy's X-Forwarded-For may name one that is not the probe's loopback address); empty: any
   * loopback address.
   */
  public static List<String> problems(Probe p, Optional<String> client, RouteAnswer want, String host,
      Map<String, String> seen, int port) {
    List<String> wrong = new ArrayList<>();
    expect(wrong, "Host", want.backendHost(p.host()), Optional.ofNullable(host));
    expect(wrong, "X-Forwarded-Host", p.host(), get(seen, "x-forwarded-host"));
    String scheme = p.https() ? "https" : "http";
    expect(wrong, "X-Forwarded-Proto", scheme, get(seen, "x-forwarded-proto"));
    expect(wrong, "X-Forwarded-Scheme", scheme, get(seen, "x-forwarded-scheme"));
    expect(wrong, "X-Scheme", scheme, get(seen, "x-scheme"));
    String realIp = get(seen, "x-real-ip").orElse("");
    if (client.isPresent() ? !sameAddress(client.get(), realIp) : !CLIENT.matcher(realIp).matches()) {
      wrong.add("X-Real-IP " + realIp + " is not the client's address" + client.map(s -> " " + s).orElse(""));
    }
    expect(wrong, "X-Forwarded-For", realIp, get(seen, "x-forwarded-for"));
    Optional<String> sent = sent(p, "X-Forwarded-For").filter(v -> !v.isEmpty());
    if (!get(seen, "x-original-forwarded-for").equals(sent)) {
      wrong.add("X-Original-Forwarded-For " + get(seen, "x-original-forwarded-for").orElse("(none)") + " instead of "
          + sent.orElse("(none)"));
    }
    if (port != 0) {
      expect(wrong, "X-Forwarded-Port", Integer.toString(port), get(seen, "x-forwarded-port"));
    }
    Optional<String> id = get(seen, "x-request-id");
    Optional<String> sentId = sent(p, "X-Request-ID").filter(v -> !v.isEmpty());
    if (sentId.isPresent() ? !id.equals(sentId) : id.isEmpty() || !FRESH_REQUEST_ID.matcher(id.get()).matches()) {
      wrong.add("X-Request-ID " + id.orElse("(none)") + (sentId.isPresent() ? " instead of the client's " + sentId.get()
          : " is not a fresh id"));
    }
    get(seen, "proxy").ifPresent(v -> wrong.add("Proxy " + v + " (it must be removed)"));
    return wrong;
  }

  /** Whether two literals write one address (an IPv6 address has many spellings). */
  private static boolean sameAddress(String a, String b) {
    return dev.ingressc.ir.IpLiterals.parse(a).equals(dev.ingressc.ir.IpLiterals.parse(b)) && !b.isEmpty();
  }

  private static void expect(List<String> wrong, String name, String want, Optional<String> got) {
    if (!got.equals(Optional.of(want))) {
      wrong.add(name + " " + got.orElse("(none)") + " instead of " + want);
    }
  }

  private static Optional<String> get(Map<String, String> seen, String lowerName) {
    return Optional.ofNullable(seen.get(lowerName));
  }

  /** The value the probe sent in field {@code name}, compared case-insensitively. */
  private static Optional<String> sent(Probe p, String name) {
    return p.fields().entrySet().stream().filter(e -> e.getKey().toLowerCase(Locale.ROOT)
        .equals(name.toLowerCase(Locale.ROOT))).map(Map.Entry::getValue).findFirst();
  }
}

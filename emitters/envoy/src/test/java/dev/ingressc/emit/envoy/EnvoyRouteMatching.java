package dev.ingressc.emit.envoy;

import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The interpreter's model of how a route table picks what serves a request: the virtual host by
 * the Host, then the first route whose match takes the path and headers. Only the match criteria
 * the translator may write are known; any other throws.
 */
final class EnvoyRouteMatching {
  private EnvoyRouteMatching() {}

  /**
   * Virtual host by domain (route_components.proto, VirtualHost.domains): "Domain search order:
   * 1. Exact domain names 2. Suffix domain wildcards 3. Prefix domain wildcards 4. Special wildcard
   * * matching any domain. The wildcard will not match the empty string. The longest wildcards
   * match first." The Host is lower-cased first (domains compare case-insensitively, as DNS names
   * do), and with RouteConfiguration.ignore_port_in_host_matching "Envoy will ignore the port
   * number in the :authority header (if any) when picking VirtualHost".
   */
  static Optional<VirtualHost> virtualHost(RouteConfiguration table, String hostHeader, List<String> trace) {
    String host = hostHeader.toLowerCase(Locale.ROOT);
    if (table.getIgnorePortInHostMatching()) {
      host = EnvoyRouteMatching.hostWithoutPort(host);
    }
    record Domain(String domain, VirtualHost vhost) {}
    List<Domain> domains = new ArrayList<>();
    for (VirtualHost v : table.getVirtualHostsList()) {
      v.getDomainsList().forEach(d -> domains.add(new Domain(d.toLowerCase(Locale.ROOT), v)));
    }
    for (Domain d : domains) {
      if (!d.domain().contains("*") && d.domain().equals(host)) {
        return found(d.vhost(), "exact domain " + d.domain(), trace);
      }
    }
    Comparator<Domain> longestFirst = Comparator.comparingInt((Domain d) -> -d.domain().length());
    final String h = host;
    Optional<Domain> suffix = domains.stream()
        .filter(d -> d.domain().length() > 1 && d.domain().startsWith("*"))
        .filter(d -> h.length() > d.domain().length() - 1 && h.endsWith(d.domain().substring(1)))
        .min(longestFirst);
    if (suffix.isPresent()) {
      return found(suffix.get().vhost(), "suffix wildcard " + suffix.get().domain(), trace);
    }
    Optional<Domain> prefix = domains.stream()
        .filter(d -> d.domain().length() > 1 && d.domain().endsWith("*"))
        .filter(d -> h.length() > d.domain().length() - 1 && h.startsWith(d.domain().substring(0, d.domain().length() - 1)))
        .min(longestFirst);
    if (prefix.isPresent()) {
      return found(prefix.get().vhost(), "prefix wildcard " + prefix.get().domain(), trace);
    }
    for (Domain d : domains) {
      if (d.domain().equals("*")) {
        return found(d.vhost(), "the * virtual host", trace);
      }
    }
    trace.add("no virtual host for " + host);
    return Optional.empty();
  }

  private static Optional<VirtualHost> found(VirtualHost v, String why, List<String> trace) {
    trace.add("virtual host " + v.getName() + " (" + why + ")");
    return Optional.of(v);
  }

  /**
   * Route matching (route_components.proto, RouteMatch; "Route matching" in the HTTP connection
   * manager docs: routes are checked in order and the first match is used):
   * prefix "must match the beginning of the :path header"; path "must exactly match the :path
   * header once the query string is removed"; path_separated_prefix: ":path (without the query
   * string) must either exactly match the path_separated_prefix or have it as a prefix, followed
   * by /"; safe_regex: "the regex must match the :path header once the query string is removed"
   * (the full string, as every RE2 match in Envoy); case_sensitive defaults to true. headers: "A
   * match will happen if all the headers in the route are present in the request with the same
   * values".
   */
  static boolean routeMatches(RouteMatch m, String hostHeader, String fullPath,
      java.util.Map<String, String> headers) {
    RouteMatch others = m.toBuilder().clearPathSpecifier().clearHeaders().clearCaseSensitive().build();
    if (!others.equals(RouteMatch.getDefaultInstance())) {
      throw new UnsupportedOperationException("match criteria the interpreter does not know: " + others);
    }
    boolean caseSensitive = !m.hasCaseSensitive() || m.getCaseSensitive().getValue();
    String path = fullPath;
    int q = path.indexOf('?');
    String pathNoQuery = q < 0 ? path : path.substring(0, q);
    boolean pathOk = switch (m.getPathSpecifierCase()) {
      case PREFIX -> startsWith(path, m.getPrefix(), caseSensitive);
      case PATH -> caseSensitive ? pathNoQuery.equals(m.getPath()) : pathNoQuery.equalsIgnoreCase(m.getPath());
      case PATH_SEPARATED_PREFIX -> {
        String p = m.getPathSeparatedPrefix();
        if (!p.matches("^[^?#]+[^?#/]$")) {
          throw new IllegalStateException("path_separated_prefix Envoy rejects: " + p);
        }
        yield startsWith(pathNoQuery, p, caseSensitive)
            && (pathNoQuery.length() == p.length() || pathNoQuery.charAt(p.length()) == '/');
      }
      case SAFE_REGEX -> {
        if (m.hasCaseSensitive()) {
          throw new UnsupportedOperationException("case_sensitive with safe_regex");
        }
        yield re2FullMatch(m.getSafeRegex().getRegex(), pathNoQuery);
      }
      default -> throw new UnsupportedOperationException("path specifier " + m.getPathSpecifierCase());
    };
    if (!pathOk) {
      return false;
    }
    for (HeaderMatcher hm : m.getHeadersList()) {
      if (!headerMatches(hm, hostHeader, fullPath, headers)) {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWith(String s, String prefix, boolean caseSensitive) {
    return caseSensitive ? s.startsWith(prefix) : s.regionMatches(true, 0, prefix, 0, prefix.length());
  }

  /**
   * HeaderMatcher with string_match (StringMatcher: exact, prefix, suffix, contains with
   * ignore_case; safe_regex "is matched against the full string, not as a partial match"),
   * present_match and invert_match ("the match result is inverted before checking", so an
   * inverted contains takes every value that lacks the string). Besides :authority and :path, a
   * request holds the other fields it was given, each once (header names compare case-insensitively;
   * a request here never repeats a field, so Envoy's joining of repeated values does not arise).
   */
  static boolean headerMatches(HeaderMatcher hm, String hostHeader, String fullPath,
      java.util.Map<String, String> headers) {
    Optional<String> value = switch (hm.getName()) {
      case ":authority", "host" -> Optional.of(hostHeader);
      case ":path" -> Optional.of(fullPath);
      default -> Optional.ofNullable(headers.get(hm.getName().toLowerCase(Locale.ROOT)));
    };
    boolean result;
    switch (hm.getHeaderMatchSpecifierCase()) {
      case PRESENT_MATCH -> result = value.isPresent() == hm.getPresentMatch();
      case STRING_MATCH -> {
        if (value.isEmpty()) {
          return false; // an absent header never matches, inverted or not (treat_missing_header_as_empty unset)
        }
        result = stringMatches(hm.getStringMatch(), value.get());
      }
      default -> throw new UnsupportedOperationException("header matcher " + hm.getHeaderMatchSpecifierCase());
    }
    return hm.getInvertMatch() != result;
  }

  static boolean stringMatches(StringMatcher sm, String v) {
    boolean ic = sm.getIgnoreCase();
    return switch (sm.getMatchPatternCase()) {
      case EXACT -> ic ? v.equalsIgnoreCase(sm.getExact()) : v.equals(sm.getExact());
      case PREFIX -> startsWith(v, sm.getPrefix(), !ic);
      case SUFFIX -> ic ? v.toLowerCase(Locale.ROOT).endsWith(sm.getSuffix().toLowerCase(Locale.ROOT))
          : v.endsWith(sm.getSuffix());
      case CONTAINS -> ic ? v.toLowerCase(Locale.ROOT).contains(sm.getContains().toLowerCase(Locale.ROOT))
          : v.contains(sm.getContains());
      case SAFE_REGEX -> re2FullMatch(sm.getSafeRegex().getRegex(), v);
      default -> throw new UnsupportedOperationException("string matcher " + sm.getMatchPatternCase());
    };
  }

  /**
   * An RE2 full match, run by java.util.regex. They agree on what the translator writes (escaped
   * literals, classes, groups, alternation, {@code ?*+}, {@code (?i)}, {@code (?s)}) once Java
   * treats only \n as a line terminator, as RE2 does (UNIX_LINES). One difference stays: Java's
   * {@code $} also matches before a final \n; no \n reaches routing (the HTTP/1 codec refuses a
   * control character in the target), and the only {@code $} written is in the refused-target
   * expression, which refuses a \n anyway.
   */
  private static boolean re2FullMatch(String regex, String value) {
    return PATTERNS.computeIfAbsent(regex, r -> Pattern.compile(r, Pattern.UNIX_LINES)).matcher(value).matches();
  }

  private static final java.util.Map<String, Pattern> PATTERNS = new java.util.concurrent.ConcurrentHashMap<>();

  static String shortMatch(RouteMatch m) {
    return m.getPathSpecifierCase() + "=" + switch (m.getPathSpecifierCase()) {
      case PREFIX -> m.getPrefix();
      case PATH -> m.getPath();
      case PATH_SEPARATED_PREFIX -> m.getPathSeparatedPrefix();
      case SAFE_REGEX -> m.getSafeRegex().getRegex();
      default -> "?";
    } + (m.getHeadersCount() > 0 ? " +" + m.getHeadersCount() + " header matcher(s)" : "");
  }

  /** Where the port starts in a Host header: after an IPv6 literal's bracket, or at the last colon. */
  static int portStart(String host) {
    if (host.startsWith("[")) {
      int i = host.lastIndexOf("]:");
      return i < 0 ? -1 : i + 1;
    }
    return host.lastIndexOf(':');
  }

  static String hostWithoutPort(String host) {
    int p = portStart(host);
    return p < 0 ? host : host.substring(0, p);
  }
}

package dev.ingressc.testkit.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import dev.ingressc.testkit.fixtures.FlowManifests;

/**
 * Random Ingress sets and random request targets for the request-target policy (SEMANTICS.md,
 * Request targets), seeded and deterministic: set {@code index} of seed {@code seed}
 * is always the same, whatever else runs, so a failure names what reproduces it. Rule paths and
 * requests share a small alphabet (with rule punctuation), so requests often hit rules through
 * escapes in either hex case, runs of slashes and dot segments, and sometimes refused classes.
 */
public final class RandomTargets {
  /** The system property that raises (or lowers) the number of sets; see {@link #sets(int)}. */
  public static final String SETS_PROPERTY = "ingressc.random.sets";
  /** The system property that picks another seed; see {@link #seed()}. */
  public static final String SEED_PROPERTY = "ingressc.random.seed";
  /** The system property that runs only one set of the seed (to reproduce a failure quickly). */
  public static final String ONLY_PROPERTY = "ingressc.random.only";
  public static final long DEFAULT_SEED = 20240614L;

  private static final String NS = "default";
  /** The echo Services every set may route to, started once per run. */
  public static final List<String> SERVICES = List.of("s0", "s1", "s2", "s3");
  private static final List<String> RULE_HOSTS = List.of("a.test", "b.test", "*.w.test", "");
  private static final List<String> REQUEST_HOSTS = List.of("a.test", "b.test", "A.Test:8080", "x.w.test",
      "y.x.w.test", "w.test", "c.test");
  /** Characters of rule segments; letters are weighted so that paths collide often. */
  private static final String SEGMENT_CHARS = "aaabbbAx1-._~!&()*+,=:@";
  private static final List<String> DOT_SEGMENTS = List.of(".", "..", "%2E", "%2e", "%2E%2E", ".%2e", "%2e.", "%2e%2E");
  /** Escapes and raw characters the policy refuses in a path, and a few it accepts (kept escaped or raw). */
  private static final List<String> ODD = List.of("%2F", "%2f", "%5C", "%5c", "%25", "%2541", "%00", "%0a", "%7F",
      "%7f", "%zz", "%4", "%", "%G0", "\"", "<", ">", "{", "}", "|", "^", "`", "\\", "[", "]", "#", "\u00e9",
      "$", "'", ";", "%24", "%20", "%C3%A9", "%c3%a9", "%7E", "%3B");
  private static final List<String> QUERIES = List.of("", "x=1", "x=%2F", "r=/../a", "r=/./", "q=%zz", "a=[1]{2}",
      "k=%7f", "k=%7F", "p=a%2Fb", "//a", "?", "f=#x", "s=%2e%2e");

  private RandomTargets() {}

  /**
   * One random set.
   *
   * @param ingresses the Ingress objects (YAML), routing to {@link #SERVICES}
   * @param probes the requests to send, each compared with the route oracle
   */
  public record TargetSet(long seed, int index, String ingresses, List<Probe> probes) {
    /** What reproduces the set: the seed, the index and the system properties to run it alone. */
    public String reproduce() {
      return "seed " + seed + " set " + index + " (-D" + SEED_PROPERTY + "=" + seed + " -D" + ONLY_PROPERTY + "=" + index
          + ")";
    }
  }

  /** {@code -Dingressc.random.seed}, else {@link #DEFAULT_SEED}. */
  public static long seed() {
    return Long.getLong(SEED_PROPERTY, DEFAULT_SEED);
  }

  /** {@code -Dingressc.random.sets}, else {@code defaultCount}. */
  public static int sets(int defaultCount) {
    return Integer.getInteger(SETS_PROPERTY, defaultCount);
  }

  /** The indexes to run: {@code 0..count-1}, or only {@code -Dingressc.random.only}. */
  public static List<Integer> indexes(int defaultCount) {
    Integer only = Integer.getInteger(ONLY_PROPERTY);
    if (only != null) {
      return List.of(only);
    }
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < sets(defaultCount); i++) {
      out.add(i);
    }
    return out;
  }

  /** The Services and EndpointSlices of {@link #SERVICES}, with live echo endpoints. */
  public static String services(CaseContext ctx) {
    StringBuilder sb = new StringBuilder();
    for (String s : SERVICES) {
      sb.append(ctx.service(NS, s, 80));
    }
    return sb.toString();
  }

  /** Set {@code index} of {@code seed}. */
  public static TargetSet generate(long seed, int index, int requests) {
    Random r = new Random(seed * 0x9E3779B97F4A7C15L + index);
    List<String> rulePaths = new ArrayList<>();
    StringBuilder yaml = new StringBuilder();
    int ingresses = 1 + r.nextInt(2);
    for (int i = 0; i < ingresses; i++) {
      yaml.append(ingress(r, i, rulePaths));
    }
    List<Probe> probes = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      String host = REQUEST_HOSTS.get(r.nextInt(REQUEST_HOSTS.size()));
      probes.add(Probe.http(host, target(r, rulePaths, host)));
    }
    return new TargetSet(seed, index, yaml.toString(), probes);
  }

  private static String ingress(Random r, int i, List<String> rulePaths) {
    String spec = i == 0 && r.nextInt(3) == 0
        ? "  defaultBackend: {service: {name: " + service(r) + ", port: {number: 80}}}\n" : "";
    List<FlowManifests.Rule> rules = new ArrayList<>();
    for (String host : RULE_HOSTS) {
      boolean last = host.equals(RULE_HOSTS.get(RULE_HOSTS.size() - 1));
      if (r.nextInt(3) == 0 && !(last && rules.isEmpty())) {
        continue;
      }
      List<FlowManifests.Path> paths = new ArrayList<>();
      int n = 1 + r.nextInt(4);
      for (int p = 0; p < n; p++) {
        String type = List.of("Exact", "Prefix", "Prefix", "ImplementationSpecific").get(r.nextInt(4));
        String path = rulePath(r, type.equals("ImplementationSpecific"));
        rulePaths.add(path);
        // quoted: a plain YAML scalar cannot end with ':' (rule paths hold no '"' or backslash)
        paths.add(new FlowManifests.Path(type, "\"" + path + "\"", service(r), "80"));
      }
      rules.add(new FlowManifests.Rule(host, paths));
    }
    String created = "  creationTimestamp: \"202" + i + "-01-01T00:00:00Z\"\n";
    return FlowManifests.ingress(NS, "random-" + i, created, spec, rules.toArray(FlowManifests.Rule[]::new));
  }

  private static String service(Random r) {
    return SERVICES.get(r.nextInt(SERVICES.size()));
  }

  /** A rule path; ImplementationSpecific ones may hold an empty or dot segment, which never matches. */
  private static String rulePath(Random r, boolean implementationSpecific) {
    if (r.nextInt(8) == 0) {
      return "/";
    }
    StringBuilder sb = new StringBuilder();
    int segments = 1 + r.nextInt(3);
    for (int s = 0; s < segments; s++) {
      sb.append('/');
      if (implementationSpecific && r.nextInt(10) == 0) {
        sb.append(List.of("", ".", "..").get(r.nextInt(3)));
        continue;
      }
      sb.append(segment(r));
    }
    if (r.nextInt(4) == 0) {
      sb.append('/');
    }
    return sb.toString();
  }

  private static String segment(Random r) {
    StringBuilder sb = new StringBuilder();
    int len = 1 + r.nextInt(3);
    for (int i = 0; i < len; i++) {
      sb.append(SEGMENT_CHARS.charAt(r.nextInt(SEGMENT_CHARS.length())));
    }
    String s = sb.toString();
    return s.equals(".") || s.equals("..") ? "a" + s : s;
  }

  /** A request target: often a rule path, extended and disguised, sometimes refused. */
  static String target(Random r, List<String> rulePaths, String host) {
    if (r.nextInt(40) == 0) {
      return r.nextInt(4) == 0 ? "*" : "http://" + host + target(r, rulePaths, host);
    }
    String path = r.nextInt(10) < 7 && !rulePaths.isEmpty() ? rulePaths.get(r.nextInt(rulePaths.size())) : rulePath(r, false);
    path += List.of("", "", "/", "a", "/a", "/b/", "x").get(r.nextInt(7));
    StringBuilder out = new StringBuilder();
    int escapeOdds = r.nextInt(3) == 0 ? 0 : 2 + r.nextInt(6);
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '/') {
        out.append(r.nextInt(8) == 0 ? "/".repeat(2 + r.nextInt(2)) : "/");
        if (r.nextInt(25) == 0) {
          out.append(DOT_SEGMENTS.get(r.nextInt(DOT_SEGMENTS.size()))).append('/');
        }
      } else if (escapeOdds > 0 && r.nextInt(escapeOdds) == 0) {
        String hex = String.format(Locale.ROOT, "%%%02X", (int) c);
        out.append(r.nextBoolean() ? hex : hex.toLowerCase(Locale.ROOT));
      } else {
        out.append(c);
      }
    }
    if (r.nextInt(15) == 0) {
      out.append(r.nextBoolean() ? "/" : "").append(DOT_SEGMENTS.get(r.nextInt(DOT_SEGMENTS.size())));
    }
    if (r.nextInt(8) == 0) {
      int at = 1 + r.nextInt(out.length());
      out.insert(at, ODD.get(r.nextInt(ODD.size())));
    }
    if (r.nextInt(4) == 0) {
      out.append('?').append(QUERIES.get(r.nextInt(QUERIES.size())));
    }
    return out.toString();
  }
}

package dev.ingressc.testkit.bench;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * For the benchmark only: a generated config without the request-target policy's lines, to
 * measure what they cost. Each pattern must match, so a change in the emitted config that this
 * no longer recognises stops the benchmark instead of comparing a config with itself.
 */
final class RequestTargetPolicyLines {
  private static final List<Pattern> NGINX = List.of(
      Pattern.compile("(?m)^[ ]*if \\(\\$ingressc_refused_target\\) \\{\\n[ ]*return 400;\\n[ ]*}\\n"));
  private static final List<Pattern> HAPROXY = List.of(
      Pattern.compile("(?m)^[ ]*http-request deny deny_status 400 if ingressc_refused_target\\n"),
      Pattern.compile("(?m)^[ ]*http-request deny deny_status 400 if \\{ fc_http_major 1 } .*\\n"),
      Pattern.compile("(?m)^[ ]*http-request set-var\\(txn\\.path\\) path,url_dec.*\\n"));

  private RequestTargetPolicyLines() {}

  static String remove(String target, String config) {
    List<Pattern> patterns = switch (target) {
      case "nginx" -> NGINX;
      case "haproxy" -> HAPROXY;
      default -> throw new IllegalArgumentException("no request-target lines known for " + target);
    };
    String out = config;
    for (Pattern p : patterns) {
      Matcher m = p.matcher(out);
      if (!m.find()) {
        throw new IllegalStateException("the " + target + " config no longer holds " + p.pattern());
      }
      out = m.replaceAll("");
    }
    return out;
  }
}

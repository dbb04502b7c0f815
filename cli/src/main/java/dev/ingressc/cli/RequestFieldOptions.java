package dev.ingressc.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code ingressc route}'s other request fields: {@code --header K=V} and {@code --cookie K=V}, each repeatable. */
final class RequestFieldOptions {
  @Option(names = "--header", paramLabel = "NAME=VALUE",
      description = "Send this header field (repeatable), e.g. a canary's header.")
  List<String> headers = new ArrayList<>();

  @Option(names = "--cookie", paramLabel = "NAME=VALUE",
      description = "Send this cookie (repeatable; joined into one Cookie field, in order).")
  List<String> cookies = new ArrayList<>();

  /** The fields, by name; {@code --cookie}s make one Cookie field (after a {@code --header Cookie=...}). */
  Map<String, String> fields(picocli.CommandLine cmd) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String h : headers) {
      String[] kv = split(cmd, "--header", h);
      out.put(kv[0], kv[1]);
    }
    List<String> pairs = new ArrayList<>();
    out.keySet().stream().filter(k -> k.equalsIgnoreCase("cookie")).findFirst().ifPresent(k -> pairs.add(out.remove(k)));
    for (String c : cookies) {
      String[] kv = split(cmd, "--cookie", c);
      pairs.add(kv[0] + "=" + kv[1]);
    }
    if (!pairs.isEmpty()) {
      out.put("Cookie", String.join("; ", pairs));
    }
    return out;
  }

  private static String[] split(picocli.CommandLine cmd, String option, String value) {
    int eq = value.indexOf('=');
    if (eq <= 0) {
      throw new ParameterException(cmd, option + " takes NAME=VALUE");
    }
    return new String[] {value.substring(0, eq).trim(), value.substring(eq + 1)};
  }
}

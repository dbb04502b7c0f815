package dev.ingressc.ir;

import java.util.Locale;
import java.util.Optional;

/** The load-balancing algorithm, from the class parameters. */
public enum LoadBalancing {
  ROUND_ROBIN("round-robin"),
  LEAST_CONNECTIONS("least-connections"),
  RANDOM("random"),
  CLIENT_IP_HASH("client-ip-hash");

  private final String configName;

  LoadBalancing(String configName) {
    this.configName = configName;
  }

  /** The spelling used in IngressParameters and ConfigMaps. */
  public String configName() {
    return configName;
  }

  public static Optional<LoadBalancing> parse(String s) {
    String wanted = s.trim().toLowerCase(Locale.ROOT);
    for (LoadBalancing lb : values()) {
      if (lb.configName.equals(wanted)) {
        return Optional.of(lb);
      }
    }
    return Optional.empty();
  }
}

package dev.ingressc.cli;

import dev.ingressc.FlagValue;
import dev.ingressc.SecretRef;
import dev.ingressc.ir.BackendRef;
import dev.ingressc.validate.Names;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the flags that name Kubernetes objects into the typed values the compiler takes. A
 * malformed value does not stop the command: it travels as a {@link FlagValue} with its problem,
 * which the compiler reports as an error of the flag and then goes on without it.
 */
final class FlagParsers {
  private static final Pattern BACKEND_SPEC = Pattern.compile("([^/]+)/([^:]+):(.+)");

  private FlagParsers() {}

  /** {@code --default-backend NAMESPACE/SERVICE:PORT}, the port by number or name. */
  static FlagValue<BackendRef.ServicePort> defaultBackend(String spec) {
    Matcher m = BACKEND_SPEC.matcher(spec);
    if (!m.matches()) {
      return FlagValue.invalid(Names.quote(spec) + " is not NAMESPACE/SERVICE:PORT");
    }
    String port = m.group(3);
    boolean numeric = port.chars().allMatch(Character::isDigit);
    BackendRef.ServicePort ref = new BackendRef.ServicePort(m.group(1), m.group(2), numeric ? Integer.parseInt(port) : 0,
        numeric ? "" : port);
    Optional<String> problem = Names.dns1123Label(ref.namespace()).or(() -> Names.dns1035Label(ref.service()))
        .or(() -> numeric ? (ref.portNumber() >= 1 && ref.portNumber() <= 65535 ? Optional.empty()
            : Optional.of(port + " is not a port number")) : Names.portName(port));
    return problem.<FlagValue<BackendRef.ServicePort>>map(FlagValue::invalid).orElseGet(() -> FlagValue.of(ref));
  }

  /** {@code --default-certificate NAMESPACE/SECRET}. */
  static FlagValue<SecretRef> defaultCertificate(String spec) {
    int slash = spec.indexOf('/');
    Optional<String> problem = slash < 0 ? Optional.of(Names.quote(spec) + " is not NAMESPACE/SECRET")
        : Names.dns1123Label(spec.substring(0, slash)).or(() -> Names.dns1123Subdomain(spec.substring(slash + 1)));
    return problem.<FlagValue<SecretRef>>map(FlagValue::invalid)
        .orElseGet(() -> FlagValue.of(new SecretRef(spec.substring(0, slash), spec.substring(slash + 1))));
  }
}

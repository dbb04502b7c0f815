package dev.ingressc.normalize;

import dev.ingressc.validate.ProxyLimits;
import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request body limit as nginx writes a size (bytes, or a number with k, m or g, either case), read
 * alike from the class parameters ({@code proxyBodySize}) and from {@code proxy-body-size}.
 */
final class BodySizes {
  private static final Pattern SIZE = Pattern.compile("(\\d{1,12})([kKmMgG]?)");

  private BodySizes() {}

  /** @param problem why the value is refused (it then has no bytes), or null */
  record Parsed(long bytes, String problem) {}

  static Parsed parse(String v) {
    Matcher m = SIZE.matcher(v.trim());
    if (!m.matches()) {
      return new Parsed(0, "is not a size such as 1048576, 512k, 8m or 1g (0 means no limit)");
    }
    BigInteger n = new BigInteger(m.group(1)).shiftLeft(switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "k" -> 10;
      case "m" -> 20;
      case "g" -> 30;
      default -> 0;
    });
    if (n.compareTo(BigInteger.valueOf(ProxyLimits.MAX_BODY_BYTES)) > 0) {
      return new Parsed(0, "is larger than " + ProxyLimits.MAX_BODY_BYTES + " bytes (4g less one byte), the largest"
          + " body limit every proxy accepts (Envoy's is 32 bits); 0 means no limit");
    }
    return new Parsed(n.longValueExact(), null);
  }
}

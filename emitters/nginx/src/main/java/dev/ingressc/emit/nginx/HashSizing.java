package dev.ingressc.emit.nginx;

import java.util.Collection;

/**
 * Sizes nginx's server_names hash from the names, so a large config neither fails nor makes
 * nginx search long for a table. nginx stores a name in {@code 8 + align8(length + 2)} bytes and
 * ends each bucket with an 8-byte null; buckets that hold eight of the longest names and a table
 * of twice as many slots as names make collisions rare, so its search stops early.
 */
final class HashSizing {
  private HashSizing() {}

  static ConfigView.HashSize forNames(Collection<String> exactNames) {
    int longest = exactNames.stream().mapToInt(String::length).max().orElse(0);
    int element = 8 + ((longest + 2 + 7) / 8) * 8;
    int bucket = powerOfTwoAtLeast(Math.max(64, 8 * element + 8));
    int max = powerOfTwoAtLeast(Math.max(512, 2 * exactNames.size()));
    return new ConfigView.HashSize(max, bucket);
  }

  private static int powerOfTwoAtLeast(int n) {
    int p = 1;
    while (p < n) {
      p <<= 1;
    }
    return p;
  }
}

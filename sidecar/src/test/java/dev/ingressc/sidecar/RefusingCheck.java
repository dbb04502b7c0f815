package dev.ingressc.sidecar;

import dev.ingressc.testkit.proxy.ProxyLauncher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The real proxy binary behind a wrapper whose config check ({@code nginx -t}, {@code haproxy -c})
 * fails while {@link #refuse} is on, with the real proxy untouched otherwise. The compiler now
 * rejects what the proxies refuse to load (issue 15: weak certificates were the last known case),
 * so a refused check can no longer be made from objects; the sidecar's handling of one still
 * needs a test.
 */
final class RefusingCheck implements AutoCloseable {
  static final String MESSAGE = "check refused by the wrapper of this test";

  private final Path dir;
  private final Path marker;
  final String binary;

  RefusingCheck(ProxyLauncher proxy) throws IOException {
    dir = Files.createTempDirectory("ingressc-refusing-check");
    marker = dir.resolve("refuse");
    String checkFlag = proxy.kind().binary().equals("haproxy") ? "-c" : "-t";
    Path script = dir.resolve(proxy.kind().binary());
    Files.writeString(script, "#!/bin/sh\n"
        + "for a in \"$@\"; do\n"
        + "  if [ \"$a\" = \"" + checkFlag + "\" ] && [ -e '" + marker + "' ]; then echo '" + MESSAGE + "' >&2; exit 1; fi\n"
        + "done\n"
        + "exec '" + SidecarRun.binary(proxy) + "' \"$@\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    binary = script.toString();
  }

  void refuse(boolean on) throws IOException {
    if (on) {
      Files.writeString(marker, "");
    } else {
      Files.deleteIfExists(marker);
    }
  }

  @Override
  public void close() throws IOException {
    Files.deleteIfExists(marker);
    Files.deleteIfExists(Path.of(binary));
    Files.deleteIfExists(dir);
  }
}

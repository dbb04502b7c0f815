package dev.ingressc.emit;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Options every target understands.
 *
 * @param httpPort where plain HTTP is served
 * @param httpsPort where HTTPS is served, when some host has valid TLS
 * @param outputDir the absolute directory the files will be written to (certificate paths point here)
 * @param runtimeDir the absolute directory for pid files, logs, sockets and temp files
 * @param format a target-specific output format (e.g. {@code yaml} or {@code json} for Envoy)
 */
public record EmitOptions(int httpPort, int httpsPort, Path outputDir, Path runtimeDir, Optional<String> format) {

  public EmitOptions {
    outputDir = outputDir.toAbsolutePath().normalize();
    runtimeDir = runtimeDir.toAbsolutePath().normalize();
  }

  public static EmitOptions of(int httpPort, int httpsPort, Path outputDir) {
    return new EmitOptions(httpPort, httpsPort, outputDir, outputDir, Optional.empty());
  }
}

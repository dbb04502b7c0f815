package dev.ingressc.emit;

import java.nio.charset.StandardCharsets;

/**
 * One output file.
 *
 * @param path relative to the output directory, with {@code /} separators
 * @param content the exact bytes
 * @param secret whether it holds a private key: written with mode 0600 and never printed
 */
public record EmittedFile(String path, byte[] content, boolean secret) {

  public static EmittedFile text(String path, String content) {
    return new EmittedFile(path, content.getBytes(StandardCharsets.UTF_8), false);
  }

  public static EmittedFile secretText(String path, String content) {
    return new EmittedFile(path, content.getBytes(StandardCharsets.UTF_8), true);
  }

  public String text() {
    return new String(content, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "EmittedFile[" + path + ", " + content.length + " bytes" + (secret ? ", secret" : "") + "]";
  }
}

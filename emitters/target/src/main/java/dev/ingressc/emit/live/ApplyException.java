package dev.ingressc.emit.live;

/** The proxy did not take a configuration; it still serves the previous one. */
public final class ApplyException extends Exception {
  public ApplyException(String message) {
    super(message);
  }
}

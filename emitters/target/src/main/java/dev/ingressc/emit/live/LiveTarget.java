package dev.ingressc.emit.live;

/**
 * One proxy target as {@code ingressc run} drives it: either a {@link FileTarget} (the proxy reads
 * files: nginx, HAProxy) or a {@link PushTarget} (the sidecar pushes to it: Envoy over xDS). Each
 * proxy's room provides a {@link Factory}, found through {@link LiveTargets}; the sidecar knows no
 * proxy by name.
 */
public interface LiveTarget extends AutoCloseable {
  /** The {@code --target} name. */
  String name();

  /** For the start log line: the proxy executable, or how the proxy connects. */
  String describe();

  /** Stops the proxy gracefully (old connections drain), or the server the proxy connects to. */
  @Override
  void close();

  /** Opens a target; registered as a {@link java.util.ServiceLoader} service by each room. */
  interface Factory {
    /** The {@code --target} name. */
    String name();

    /** Whether the target reads files: then the sidecar keeps generation directories for it. */
    boolean readsFiles();

    /**
     * Opens the target (a push target starts its server here; a file target starts its proxy on
     * {@link FileTarget#start}).
     *
     * @throws IllegalArgumentException when a setting does not suit this target
     */
    LiveTarget open(LiveSettings settings) throws java.io.IOException;
  }
}

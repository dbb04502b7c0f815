package dev.ingressc.emit.envoy.xds;

import dev.ingressc.emit.live.LiveSettings;
import dev.ingressc.emit.live.LiveTarget;
import dev.ingressc.emit.live.PushTarget;
import dev.ingressc.ir.EndpointTable;
import dev.ingressc.ir.IngressIR;
import java.io.IOException;

/**
 * {@code ingressc run --target envoy}: an xDS server Envoy connects to ({@link XdsServer}), and the
 * {@link XdsPublisher} that checks each translation and sets the snapshot. An endpoints-only change
 * moves the EDS version alone, so Envoy gets an EDS push and nothing else.
 */
public final class XdsTarget implements PushTarget {
  private final XdsServer server;
  private final XdsPublisher publisher;

  private XdsTarget(LiveSettings settings) throws IOException {
    this.server = new XdsServer(settings.xdsAddress(), settings.xdsPort(), settings.log(), settings.events());
    this.publisher = new XdsPublisher(server, settings.httpPort(), settings.httpsPort());
  }

  @Override
  public String name() {
    return "envoy";
  }

  @Override
  public String describe() {
    return "none (Envoy connects over xDS)";
  }

  @Override
  public Pushed push(IngressIR routing, EndpointTable endpoints) {
    XdsPublisher.Published p = publisher.publish(routing, endpoints);
    return new Pushed(p.ok(), p.problem(), p.versions(), p.changed());
  }

  @Override
  public Pushed pushEndpoints(EndpointTable endpoints) {
    XdsPublisher.Published p = publisher.publishEndpoints(endpoints);
    return new Pushed(p.ok(), p.problem(), p.versions(), p.changed());
  }

  @Override
  public boolean confirmed() {
    return server.snapshotServed();
  }

  @Override
  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
  }

  /** Registered as a {@link java.util.ServiceLoader} service. */
  public static final class Factory implements LiveTarget.Factory {
    @Override
    public String name() {
      return "envoy";
    }

    @Override
    public boolean readsFiles() {
      return false;
    }

    @Override
    public LiveTarget open(LiveSettings settings) throws IOException {
      settings.refuseFormat();
      return new XdsTarget(settings);
    }
  }
}

package dev.ingressc.sidecar.cluster;

import dev.ingressc.sidecar.report.Log;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.UUID;

/** Creates core/v1 Events, e.g. {@code Warning Rejected} on an Ingress. Failures are logged, never thrown. */
public final class EventRecorder {
  static final String COMPONENT = "ingressc";
  private static final int MAX_MESSAGE = 1024;

  private final KubernetesClient client;
  private final String instance;

  public EventRecorder(KubernetesClient client, String instance) {
    this.client = client;
    this.instance = instance;
  }

  public static ObjectReference ingress(String namespace, String name, String uid) {
    return new ObjectReferenceBuilder().withApiVersion("networking.k8s.io/v1").withKind("Ingress")
        .withNamespace(namespace).withName(name).withUid(uid).build();
  }

  public static ObjectReference pod(String namespace, String name) {
    return new ObjectReferenceBuilder().withApiVersion("v1").withKind("Pod").withNamespace(namespace).withName(name)
        .build();
  }

  public void warning(ObjectReference about, String reason, String message) {
    String now = Instant.now().toString();
    // Field paths and proxy output in the message are user text: one line, nothing a viewer acts on.
    String safe = dev.ingressc.diag.UserText.escape(message);
    String text = safe.length() > MAX_MESSAGE ? safe.substring(0, MAX_MESSAGE) + "…" : safe;
    try {
      client.v1().events().inNamespace(about.getNamespace()).resource(new EventBuilder()
          .withNewMetadata().withNamespace(about.getNamespace())
          .withName(about.getName() + "." + UUID.randomUUID().toString().substring(0, 8)).endMetadata()
          .withInvolvedObject(about).withType("Warning").withReason(reason).withMessage(text)
          .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
          .withNewSource().withComponent(COMPONENT).endSource()
          .withReportingComponent(COMPONENT).withReportingInstance(instance).build()).create();
      Log.info("event", "object", about.getKind() + " " + about.getNamespace() + "/" + about.getName(),
          "reason", reason);
    } catch (KubernetesClientException e) {
      Log.warn("event_failed", "object", about.getName(), "reason", reason, "error", e.getMessage());
    }
  }
}

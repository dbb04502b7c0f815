package dev.ingressc.sidecar.source;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ingressc.CompileCache;
import dev.ingressc.CompileOptions;
import dev.ingressc.Compiler;
import dev.ingressc.load.InputObjects;
import dev.ingressc.sidecar.report.Log;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The cluster, through one shared informer per kind: Ingress, IngressClass, Service, EndpointSlice,
 * Secret, ConfigMap, and IngressParameters (a custom resource, watched when its CRD exists). The
 * informers list, then watch; when a watch breaks they list again and resync their caches, which
 * is what a compile reads. Any event triggers a recompile.
 */
public final class ClusterSource implements InputSource {
  private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(60);

  private final KubernetesClient client;
  private final Optional<String> namespace;
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  /** Informer objects keep their identity until updated, so per-object results are kept by identity. */
  private final CompileCache cache = new CompileCache();
  private SharedIndexInformer<Ingress> ingresses;
  private SharedIndexInformer<IngressClass> classes;
  private SharedIndexInformer<Service> services;
  private SharedIndexInformer<EndpointSlice> slices;
  private SharedIndexInformer<Secret> secrets;
  private SharedIndexInformer<ConfigMap> configMaps;
  private SharedIndexInformer<GenericKubernetesResource> parameters;
  /** Set once every informer has listed: before that, a compile would see some kinds and not others. */
  private volatile boolean synced;

  public ClusterSource(KubernetesClient client, Optional<String> namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  @Override
  public void start(Runnable onChange) throws Exception {
    ResourceEventHandler<HasMetadata> handler = new ResourceEventHandler<>() {
      @Override
      public void onAdd(HasMetadata obj) {
        changed();
      }

      @Override
      public void onUpdate(HasMetadata oldObj, HasMetadata newObj) {
        changed();
      }

      @Override
      public void onDelete(HasMetadata obj, boolean deletedFinalStateUnknown) {
        changed();
      }

      // The informers list one after the other, each firing an event per object; a pass started by
      // the first ones would serve Ingresses whose Services are not listed yet (503s everywhere).
      private void changed() {
        if (synced) {
          onChange.run();
        }
      }
    };
    ingresses = inform(scoped(client.network().v1().ingresses()), handler);
    classes = inform(client.network().v1().ingressClasses(), handler);
    services = inform(scoped(client.services()), handler);
    slices = inform(scoped(client.discovery().v1().endpointSlices()), handler);
    secrets = inform(scoped(client.secrets()), handler);
    configMaps = inform(scoped(client.configMaps()), handler);
    for (SharedIndexInformer<?> i : informers) {
      i.start().toCompletableFuture().get(SYNC_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
    watchParameters(handler);
    synced = true;
    onChange.run();
    Log.info("informers_synced", "scope", namespace.orElse("all namespaces"),
        "ingresses", ingresses.getStore().list().size());
  }

  /**
   * IngressParameters, a custom resource named by IngressClass parameters, listed across
   * namespaces (whatever the CRD's scope). Without the CRD the list fails: then the sidecar runs
   * without them (classes naming them get the defaults, with a diagnostic), and says so.
   */
  private void watchParameters(ResourceEventHandler<HasMetadata> handler) {
    ResourceDefinitionContext crd = new ResourceDefinitionContext.Builder().withGroup("ingressc.dev")
        .withVersion("v1alpha1").withKind("IngressParameters").withPlural("ingressparameters").withNamespaced(true)
        .build();
    SharedIndexInformer<GenericKubernetesResource> informer =
        client.genericKubernetesResources(crd).inAnyNamespace().runnableInformer(0);
    informer.addEventHandler(handler);
    informer.exceptionHandler((running, t) -> {
      Log.warn("parameters_unwatched", "reason", String.valueOf(t.getMessage()));
      return false;
    });
    try {
      informer.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
      informers.add(informer);
      parameters = informer;
    } catch (Exception e) {
      informer.stop();
      Log.warn("parameters_unwatched", "reason", "IngressParameters cannot be listed (is the CRD installed?)");
    }
  }

  private <T extends HasMetadata, L, R extends io.fabric8.kubernetes.client.dsl.Resource<T>> Informable<T> scoped(
      io.fabric8.kubernetes.client.dsl.MixedOperation<T, L, R> op) {
    return namespace.<Informable<T>>map(op::inNamespace).orElseGet(op::inAnyNamespace);
  }

  private <T extends HasMetadata> SharedIndexInformer<T> inform(Informable<T> op,
      ResourceEventHandler<HasMetadata> handler) {
    SharedIndexInformer<T> informer = op.runnableInformer(0);
    informer.addEventHandler(handler);
    informers.add(informer);
    return informer;
  }

  @Override
  public Snapshot compile(CompileOptions options) {
    if (!synced) {
      return new Snapshot(Compiler.compile(InputObjects.builder().build(), options), Map.of(),
          Optional.of("the informers have not listed every kind yet"));
    }
    InputObjects.Builder b = InputObjects.builder(cache.typing());
    ingresses.getStore().list().forEach(b::ingress);
    classes.getStore().list().forEach(b::ingressClass);
    services.getStore().list().forEach(b::service);
    slices.getStore().list().forEach(b::endpointSlice);
    secrets.getStore().list().forEach(b::secret);
    configMaps.getStore().list().forEach(b::configMap);
    if (parameters != null) {
      parameters.getStore().list().forEach(p -> b.parameters((ObjectNode) Serialization.jsonMapper().valueToTree(p)));
    }
    Map<String, Long> counts = new TreeMap<>();
    counts.put("Ingress", (long) ingresses.getStore().list().size());
    counts.put("IngressClass", (long) classes.getStore().list().size());
    counts.put("Service", (long) services.getStore().list().size());
    counts.put("EndpointSlice", (long) slices.getStore().list().size());
    counts.put("Secret", (long) secrets.getStore().list().size());
    counts.put("ConfigMap", (long) configMaps.getStore().list().size());
    counts.put("IngressParameters", parameters == null ? 0L : parameters.getStore().list().size());
    return new Snapshot(Compiler.compile(b.build(), options, cache), counts, Optional.empty());
  }

  /** The Ingresses in the cache, for status. */
  public List<Ingress> ingresses() {
    return ingresses.getStore().list();
  }

  @Override
  public String describe() {
    return "cluster " + namespace.map(n -> "namespace " + n).orElse("all namespaces");
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::stop);
  }
}

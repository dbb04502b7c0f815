package dev.ingressc.testkit.proxy;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Finds the proxy named by {@link RealProxy}: the binary on PATH as a local process, else its
 * image through Testcontainers when Docker answers. When neither exists the tests are skipped with
 * the reason, unless the environment variable {@value #REQUIRE_ENV} (a comma list) names the
 * proxy: then they fail, so CI can never pass by skipping.
 */
public final class RealProxyExtension implements ExecutionCondition, ParameterResolver {
  public static final String REQUIRE_ENV = "INGRESSC_REQUIRE_PROXIES";
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RealProxyExtension.class);

  /** A launcher, or why there is none. */
  private record Found(ProxyLauncher launcher, String reason) {}

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<RealProxy> annotation = annotation(context);
    if (annotation.isEmpty()) {
      return ConditionEvaluationResult.enabled("no @RealProxy");
    }
    String name = annotation.get().value();
    if (ProxyKinds.byName(name).isEmpty()) {
      // A wiring mistake, never a reason to skip: the module lacks the test-jar of the kind's room.
      throw new ExtensionConfigurationException("no ProxyKind is registered for " + name + " (kinds on the class"
          + " path: " + ProxyKinds.available().keySet() + "); add the test-jar of its emitter's room to this module");
    }
    Found found = find(context, name);
    if (found.launcher != null) {
      return ConditionEvaluationResult.enabled(name + ": " + found.launcher.describe());
    }
    if (required().contains(name)) {
      return ConditionEvaluationResult.enabled(name + " is required by " + REQUIRE_ENV + "; the test will fail: "
          + found.reason);
    }
    return ConditionEvaluationResult.disabled(name + " is not available: " + found.reason);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == ProxyLauncher.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
    String name = annotation(context).orElseThrow(
        () -> new ParameterResolutionException("a ProxyLauncher parameter needs @RealProxy on the class")).value();
    Found found = find(context, name);
    if (found.launcher == null) {
      throw new ParameterResolutionException(name + " is not available (" + REQUIRE_ENV + "=" + String.join(",",
          required()) + "): " + found.reason);
    }
    return found.launcher;
  }

  /** The names in {@value #REQUIRE_ENV}. */
  public static Set<String> required() {
    String env = System.getenv(REQUIRE_ENV);
    return env == null ? Set.of() : Arrays.stream(env.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .collect(Collectors.toSet());
  }

  private static Optional<RealProxy> annotation(ExtensionContext context) {
    return context.getTestClass().flatMap(c -> AnnotationSupport.findAnnotation(c, RealProxy.class));
  }

  private static Found find(ExtensionContext context, String name) {
    return context.getRoot().getStore(NS).getOrComputeIfAbsent(name, RealProxyExtension::locate, Found.class);
  }

  private static Found locate(String name) {
    Optional<ProxyKind> kind = ProxyKinds.byName(name);
    if (kind.isEmpty()) {
      return new Found(null, "no ProxyKind is registered for " + name);
    }
    Optional<String> binary = LocalProxyLauncher.find(kind.get().binary());
    Optional<String> missing = kind.get().missingLocally();
    if (binary.isPresent() && missing.isEmpty()) {
      return new Found(new LocalProxyLauncher(kind.get(), binary.get()), "");
    }
    String local = binary.isEmpty() ? "no " + kind.get().binary() + " on PATH" : missing.get();
    if (kind.get().image() == null) {
      return new Found(null, local + ", and no image to run instead");
    }
    if (ContainerProxyLauncher.dockerAvailable()) {
      return new Found(new ContainerProxyLauncher(kind.get()), "");
    }
    return new Found(null, local + " and no Docker engine for image " + kind.get().image());
  }
}

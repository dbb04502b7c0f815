package dev.ingressc.testkit.proxy;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated tests against a real proxy: a test method takes a {@link ProxyLauncher}
 * parameter. See {@link RealProxyExtension} for how the proxy is found, and when tests skip.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RealProxyExtension.class)
public @interface RealProxy {
  /** The proxy's target name, e.g. {@code nginx}. */
  String value();
}

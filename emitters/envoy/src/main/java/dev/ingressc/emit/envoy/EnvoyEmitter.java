package dev.ingressc.emit.envoy;

import dev.ingressc.emit.EmitOptions;
import dev.ingressc.emit.EmittedFile;
import dev.ingressc.emit.EmittedFiles;
import dev.ingressc.emit.Emitter;
import dev.ingressc.ir.EndpointTable;
import dev.ingressc.ir.IngressIR;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --target envoy}: {@code envoy.yaml} (or {@code envoy.json}), a v3 bootstrap runnable as
 * {@code envoy -c DIR/envoy.yaml}; with HTTPS also the shared HTTPS route table and the
 * certificate files (keys written 0600).
 */
public final class EnvoyEmitter implements Emitter {
  public static final String TARGET = "envoy";

  @Override
  public String target() {
    return TARGET;
  }

  /**
   * Envoy's basic_auth filter checks only {@code {SHA}} hashes: credentials with another format cannot be
   * used here (their routes answer 503). It has no limit of a client address's requests in progress
   * (its connection_limit filter counts a listener's connections, of every client).
   */
  @Override
  public java.util.Set<dev.ingressc.ir.TargetFeature> lacks(java.util.Optional<String> format) {
    return java.util.Set.of(dev.ingressc.ir.TargetFeature.APR1_HASHES,
        dev.ingressc.ir.TargetFeature.CRYPT_HASHES, dev.ingressc.ir.TargetFeature.CONNECTION_LIMITS);
  }

  @Override
  public EmittedFiles emit(IngressIR ir, EndpointTable endpoints, EmitOptions options) {
    EnvoyJson.Format format = options.format().map(EnvoyJson.Format::parse).orElse(EnvoyJson.Format.YAML);
    EnvoyResources res = EnvoyTranslator.translate(ir, endpoints, options.httpPort(), options.httpsPort(), options.outputDir());
    StaticBootstrap.Output out = StaticBootstrap.build(res, options.outputDir(), options.runtimeDir(), format);
    List<EmittedFile> files = new ArrayList<>(res.files());
    files.add(EmittedFile.text(bootstrapFile(format), EnvoyJson.print(out.bootstrap(), format)));
    out.httpsRoutes().ifPresent(r ->
        files.add(EmittedFile.text(StaticBootstrap.httpsRoutesFile(format), EnvoyJson.print(r, format))));
    return new EmittedFiles(files);
  }

  /**
   * {@code compile --target envoy --xds ADDRESS[:PORT]}: only {@code envoy.yaml} (or {@code .json}), the
   * dynamic bootstrap of an Envoy served by {@code ingressc run --target envoy}; no IR is needed.
   */
  public static EmittedFiles xdsBootstrap(DynamicBootstrap.XdsAddress xds, EmitOptions options) {
    EnvoyJson.Format format = options.format().map(EnvoyJson.Format::parse).orElse(EnvoyJson.Format.YAML);
    return new EmittedFiles(List.of(EmittedFile.text(bootstrapFile(format),
        EnvoyJson.print(DynamicBootstrap.build(xds, options.runtimeDir()), format))));
  }

  public static String bootstrapFile(EnvoyJson.Format format) {
    return "envoy." + format.extension();
  }
}

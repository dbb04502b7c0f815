package dev.ingressc.emit.nginx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.emit.EmitOptions;
import dev.ingressc.ir.BackendProtocol;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.LoadBalancing;
import dev.ingressc.ir.Upstream;
import dev.ingressc.ir.UpstreamKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Issue 19: past 10,000 upstreams the native format loads slowly, and compile says so; Lua never. */
class NativeSizeAdviceTest {
  private static IngressIR withUpstreams(int n) {
    List<Upstream> ups = new ArrayList<>();
    IntStream.range(0, n).forEach(i -> ups.add(new Upstream("ns/svc-" + i + ":80", UpstreamKind.STATIC,
        LoadBalancing.ROUND_ROBIN, BackendProtocol.HTTP, "")));
    return new IngressIR(List.of(), Optional.empty(), ups, List.of(), Optional.empty());
  }

  private static EmitOptions options(String format) {
    return new EmitOptions(80, 443, Path.of("/o"), Path.of("/r"), Optional.ofNullable(format));
  }

  @Test
  void theNativeFormatAdvisesLuaOnlyPastTheLimit() {
    NginxEmitter nginx = new NginxEmitter();
    assertThat(nginx.advice(withUpstreams(NginxEmitter.NATIVE_UPSTREAMS_ADVISED), options(null))).isEmpty();
    List<String> advice = nginx.advice(withUpstreams(NginxEmitter.NATIVE_UPSTREAMS_ADVISED + 1), options(null));
    assertThat(advice).singleElement().asString().startsWith("10001 upstreams in the native format")
        .contains("--format lua");
    assertThat(nginx.advice(withUpstreams(NginxEmitter.NATIVE_UPSTREAMS_ADVISED + 1), options("lua"))).isEmpty();
  }
}

package dev.ingressc;

import dev.ingressc.Compiler.Compilation;
import dev.ingressc.diag.Diagnostic;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * What the incremental compile tests share: a {@link CompileCache} kept across passes, as the sidecar
 * keeps it, and an {@link Outcome} that compares everything a user or an emitter can see of a compile
 * (the IR, the diagnostics with object, file, line, field and message, the taken Ingresses).
 */
abstract class IncrementalCompileFixture {
  static final CompileOptions OPTIONS =
      CompileOptions.defaults().withClock(Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"), ZoneOffset.UTC));

  final CompileCache cache = new CompileCache();

  /** What a compile decided, in a form that compares everything a user or an emitter can see. */
  record Outcome(Object ir, Object endpoints, List<String> diagnostics, List<String> taken) {
    static Outcome of(Compilation c) {
      return new Outcome(c.ir(), c.endpoints(), c.diagnostics().list().stream().map(IncrementalCompileFixture::full).toList(),
          c.takenIngresses());
    }
  }

  private static String full(Diagnostic d) {
    return d.format() + " [line " + d.line() + ", field " + d.field() + "]";
  }
}

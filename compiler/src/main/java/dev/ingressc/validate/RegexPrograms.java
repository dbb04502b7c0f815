package dev.ingressc.validate;

import com.google.re2j.PatternSyntaxException;
import dev.ingressc.ir.RegexPaths;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * What Envoy's RE2 makes of a regex path, as Envoy compiles it ({@link RegexPaths#fullMatch}):
 * whether RE2 accepts it (RE2/J parses RE2's syntax), and its program size against Envoy's limit.
 *
 * <p>Envoy refuses a {@code safe_regex} whose RE2 program size exceeds {@code max_program_size}
 * (runtime {@code re2.max_program_size.error_level}, default 100). The size is RE2's instruction
 * count. RE2/J compiles to the instruction set of Go's regexp, which is close to but not RE2's
 * (C++ RE2 spends one instruction per UTF-8 byte range and merges some), so this is an estimate:
 * RE2/J's instruction count, held to the same limit. No C++ RE2 runs here to calibrate it.
 */
public final class RegexPrograms {
  /** Envoy's default max_program_size. */
  public static final int ENVOY_MAX_PROGRAM_SIZE = 100;

  private RegexPrograms() {}

  /** Why RE2 (as Envoy uses it) refuses {@code regex}; empty when it compiles within the limit. */
  public static Optional<String> problem(String regex) {
    String envoyForm = RegexPaths.fullMatch(regex);
    try {
      com.google.re2j.Pattern.compile(envoyForm);
    } catch (PatternSyntaxException e) {
      return Optional.of("RE2 (Envoy's regex engine) refuses it: " + e.getDescription());
    }
    int size = programSize(envoyForm);
    if (size > ENVOY_MAX_PROGRAM_SIZE) {
      return Optional.of("its RE2 program size is about " + size + " instructions, over Envoy's limit of "
          + ENVOY_MAX_PROGRAM_SIZE + " (max_program_size); shorten it or use fewer and smaller repetitions");
    }
    return Optional.empty();
  }

  /** The instruction count of RE2/J's compiled program (package-private in RE2/J: read by reflection). */
  static int programSize(String regex) {
    try {
      Method compile = Class.forName("com.google.re2j.RE2").getDeclaredMethod("compile", String.class);
      compile.setAccessible(true);
      Object re2 = compile.invoke(null, regex);
      Field prog = re2.getClass().getDeclaredField("prog");
      prog.setAccessible(true);
      Object p = prog.get(re2);
      Method numInst = p.getClass().getDeclaredMethod("numInst");
      numInst.setAccessible(true);
      return (Integer) numInst.invoke(p);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("RE2/J's program is not readable; its version changed", e);
    }
  }
}

package dev.ingressc.cli;

import dev.ingressc.Compiler.Compilation;

/** The exit-code contract shared by every command. */
final class ExitCodes {
  static final int OK = 0;
  static final int REJECTED = 1;
  static final int UNUSABLE = 2;

  private ExitCodes() {}

  /** 2 when input could not be read; 1 on any error (or, with --strict, any warning); else 0. */
  static int of(Compilation c, boolean strict) {
    if (c.unreadable()) {
      return UNUSABLE;
    }
    if (c.diagnostics().hasErrors() || (strict && c.diagnostics().hasWarnings())) {
      return REJECTED;
    }
    return OK;
  }
}

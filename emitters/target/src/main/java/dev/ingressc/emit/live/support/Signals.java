package dev.ingressc.emit.live.support;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** POSIX signals to a process by pid. The JDK only sends TERM and KILL, so this runs the shell's kill. */
public final class Signals {
  private Signals() {}

  /** Sends {@code signal} (e.g. {@code HUP}); false when the process does not exist or kill failed. */
  public static boolean send(long pid, String signal) {
    return kill(signal, Long.toString(pid));
  }

  /** Sends {@code signal} to the process group led by {@code pgid}. */
  public static boolean sendGroup(long pgid, String signal) {
    return kill(signal, "-" + pgid);
  }

  private static boolean kill(String signal, String target) {
    try {
      Process p = new ProcessBuilder("/bin/sh", "-c", "kill -s \"$0\" -- \"$1\"", signal, target)
          .redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}

package dev.ingressc.sidecar;

import static dev.ingressc.testkit.e2e.PrintedTextInputs.FORGED_LINE;
import static dev.ingressc.testkit.e2e.PrintedTextInputs.assertPrintable;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.sidecar.cluster.EventRecorder;
import dev.ingressc.sidecar.report.Log;
import dev.ingressc.testkit.e2e.PrintedTextInputs;
import io.fabric8.kubernetes.api.model.Event;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 15: user text in the sidecar's logs and Events is escaped, as in the CLI's output. */
class PrintedTextTest {
  private static final String ALL = String.join("|", PrintedTextInputs.unprintableValues());

  @AfterEach
  void restoreLog() {
    Log.to(System.err);
  }

  @Test
  void logValuesAreEscapedAndEachEventIsOneLine() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Log.to(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    Log.warn("event_failed", "object", FORGED_LINE, "error", ALL);
    String logged = bytes.toString(StandardCharsets.UTF_8);
    assertPrintable("log", logged);
    assertThat(logged.lines()).hasSize(1);
    assertThat(logged).contains("object=\"x\\u000aerror: forged line\\u001b[31m\"", "a\\u202eb", "a\\u200db");
  }

  @Test
  void eventMessagesAreEscaped() {
    try (MockCluster cluster = new MockCluster()) {
      new EventRecorder(cluster.client(), "test").warning(EventRecorder.pod("default", "ingressc-0"), "Rejected",
          "spec.rules[0].host: " + ALL);
      List<Event> events = cluster.client().v1().events().inNamespace("default").list().getItems();
      assertThat(events).hasSize(1);
      assertPrintable("event", events.get(0).getMessage());
      assertThat(events.get(0).getMessage()).contains("x\\u000aerror: forged line\\u001b[31m", "a\\u2066b");
    }
  }
}

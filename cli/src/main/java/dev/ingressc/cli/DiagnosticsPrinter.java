package dev.ingressc.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Diagnostics;
import dev.ingressc.diag.Severity;
import java.io.PrintWriter;

/**
 * Prints diagnostics as text lines ({@link Diagnostic#format()}, one line each, user text escaped) or as
 * one JSON document ({@link SafeJson}: object, file and field are the raw values, the message is the
 * escaped text of the text output).
 */
final class DiagnosticsPrinter {
  static final ObjectMapper JSON = SafeJson.MAPPER;

  private DiagnosticsPrinter() {}

  static void text(Diagnostics d, PrintWriter out) {
    for (Diagnostic x : d.list()) {
      out.println(x.format());
    }
    out.flush();
  }

  static ObjectNode json(Diagnostics d) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode list = root.putArray("diagnostics");
    for (Diagnostic x : d.list()) {
      ObjectNode o = list.addObject();
      o.put("severity", x.severity().label());
      o.put("object", x.object());
      o.put("file", x.file());
      o.put("line", x.line());
      o.put("field", x.field());
      o.put("message", x.message());
      if (!x.code().isEmpty()) {
        o.put("code", x.code());
      }
    }
    root.put("errors", d.count(Severity.ERROR));
    root.put("warnings", d.count(Severity.WARNING));
    return root;
  }

  static void print(Diagnostics d, OutputFormat format, PrintWriter out) {
    if (format == OutputFormat.json) {
      out.println(SafeJson.write(json(d)));
      out.flush();
    } else {
      text(d, out);
    }
  }
}

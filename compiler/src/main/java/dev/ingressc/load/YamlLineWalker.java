package dev.ingressc.load;

import java.io.Reader;
import java.util.List;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;
import org.yaml.snakeyaml.parser.ParserImpl;

/**
 * Finds the line of a field path in one YAML object by walking SnakeYAML's events, which carry
 * their lines: no Jackson parser, no scalar typing. Lines are those a Jackson parser reports (the
 * start of a key, of an element, of a mapping), so either walk gives the same answer.
 */
final class YamlLineWalker {
  private final ParserImpl parser;
  private Event current;

  private YamlLineWalker(Reader window) {
    this.parser = new ParserImpl(new LinearStreamReader(window), Loader.YAML_LIMITS);
  }

  /**
   * Returns the 1-based line, within {@code window}, of the deepest segment of {@code segments}
   * present, or 0 when the window does not start with a mapping on its first line or cannot be read.
   */
  static int lineInWindow(Reader window, List<Object> segments) {
    try {
      YamlLineWalker w = new YamlLineWalker(window);
      do {
        w.advance();
      } while (w.current.is(Event.ID.StreamStart) || w.current.is(Event.ID.DocumentStart));
      if (!(w.current instanceof MappingStartEvent) || w.current.getStartMark().getLine() != 0) {
        return 0;
      }
      int line = 1;
      for (Object segment : segments) {
        int found = segment instanceof Integer i ? w.enterElement(i) : w.enterField((String) segment);
        if (found <= 0) {
          break;
        }
        line = found;
      }
      return line;
    } catch (RuntimeException e) { // a YAML error past the object's start: no better line known
      return 0;
    }
  }

  private void advance() {
    current = parser.getEvent();
  }

  private static int lineOf(Event e) {
    return e.getStartMark().getLine() + 1;
  }

  /** On a mapping start, moves onto the value of {@code name}; returns the line of its key. */
  private int enterField(String name) {
    if (!(current instanceof MappingStartEvent)) {
      return 0;
    }
    for (advance(); !current.is(Event.ID.MappingEnd); advance()) {
      Event key = current;
      skipNode(); // the key
      advance(); // its value
      if (key instanceof ScalarEvent s && name.equals(s.getValue())) {
        return lineOf(key);
      }
      skipNode();
    }
    return 0;
  }

  /** On a sequence start, moves onto element {@code index}; returns its line. */
  private int enterElement(int index) {
    if (!(current instanceof SequenceStartEvent)) {
      return 0;
    }
    advance();
    for (int i = 0; !current.is(Event.ID.SequenceEnd); i++, advance()) {
      if (i == index) {
        return lineOf(current);
      }
      skipNode();
    }
    return 0;
  }

  /** With {@code current} on a node's first event, moves onto its last. */
  private void skipNode() {
    if (!(current instanceof MappingStartEvent) && !(current instanceof SequenceStartEvent)) {
      return; // a scalar or an alias: one event
    }
    for (int depth = 1; depth > 0; ) {
      advance();
      if (current instanceof MappingStartEvent || current instanceof SequenceStartEvent) {
        depth++;
      } else if (current.is(Event.ID.MappingEnd) || current.is(Event.ID.SequenceEnd)) {
        depth--;
      }
    }
  }
}

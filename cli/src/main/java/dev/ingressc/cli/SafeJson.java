package dev.ingressc.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ingressc.diag.UserText;

/**
 * The CLI's JSON output. String values are the raw values (a name is the object's exact name), but
 * every character that {@link UserText} escapes in text output is written as a JSON <code>&#92;uXXXX</code>
 * escape, and so is every surrogate: the document is valid JSON, a parser gets the value back
 * unchanged, and a terminal that shows the document never meets a raw control, bidi or zero-width
 * character.
 */
final class SafeJson {
  static final ObjectMapper MAPPER = new ObjectMapper(new JsonFactory().setCharacterEscapes(new Escapes()))
      .enable(SerializationFeature.INDENT_OUTPUT);

  private SafeJson() {}

  /** {@code node} pretty-printed, as {@link JsonNode#toPrettyString()} does, with the escapes above. */
  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class Escapes extends CharacterEscapes {
    private final int[] ascii = standardAsciiEscapesForJSON();

    Escapes() {
      ascii[0x7f] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      // Jackson asks per UTF-16 unit, so both halves of every pair are escaped (the tag characters are Cf).
      boolean escape = Character.isSurrogate((char) ch) || UserText.isUnsafe(ch);
      return escape ? new SerializedString(String.format("\\u%04x", ch)) : null;
    }
  }
}

package dev.ingressc.diag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.validate.Names;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class UserTextTest {

  /** C0 (NUL, TAB, LF, CR, ESC), DEL, C1 (NEL, CSI), bidi, zero-width, separators: each as an escape. */
  @ParameterizedTest
  @ValueSource(ints = {0x00, 0x07, 0x09, 0x0a, 0x0d, 0x1b, 0x1f, 0x7f, 0x85, 0x9b, 0x061c, 0x200e, 0x200f, 0x202a,
      0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x2028,
      0x2029, 0xd800})
  void everyUnsafeCharacterIsShownAsItsEscape(int c) {
    String hex = String.format("%04x", c);
    assertThat(UserText.escape("a" + (char) c + "b")).isEqualTo("a\\u" + hex + "b");
    assertThat(Names.quote("a" + (char) c + "b")).isEqualTo("\"a\\u" + hex + "b\"");
  }

  @Test
  void aTagCharacterIsShownAsItsTwoEscapes() {
    assertThat(UserText.escape("a" + new String(Character.toChars(0xe0041)) + "b")).isEqualTo("a\\udb40\\udc41b");
  }

  @Test
  void printableTextIsKept() {
    String s = "Ingress default/web (dir/a b.yaml:3) metadata.annotations[x]: é 中 😀 \\ \"";
    assertThat(UserText.escape(s)).isSameAs(s);
  }

  @Test
  void escapingAnEscapedMessageChangesNothing() {
    String message = Names.quote("x\nerror: forged line\u001b[31m\u202e") + " is not valid";
    assertThat(message).isEqualTo("\"x\\u000aerror: forged line\\u001b[31m\\u202e\" is not valid");
    assertThat(UserText.escape(message)).isEqualTo(message);
  }

  @Test
  void aDiagnosticIsOneLineAndEscapesObjectFileFieldAndMessage() {
    Diagnostic d = new Diagnostic(Severity.ERROR, "Ingress ns/x\nerror: forged", "a\u202e.yaml", 3,
        "metadata.annotations[k\u200d]", "value x\u2028y");
    assertThat(d.message()).isEqualTo("value x\\u2028y");
    assertThat(d.format()).isEqualTo(
        "error: Ingress ns/x\\u000aerror: forged (a\\u202e.yaml:3) metadata.annotations[k\\u200d]: value x\\u2028y");
    assertThat(d.object()).isEqualTo("Ingress ns/x\nerror: forged"); // the record keeps the raw name for JSON
  }

  @Test
  void quoteCutsLongValuesWithoutSplittingACharacter() {
    String s = "😀".repeat(250);
    assertThat(UserText.quote(s)).isEqualTo("\"" + "😀".repeat(200) + "...\"");
  }
}

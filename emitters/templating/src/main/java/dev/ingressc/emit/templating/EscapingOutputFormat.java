package dev.ingressc.emit.templating;

import freemarker.core.CommonMarkupOutputFormat;
import freemarker.core.CommonTemplateMarkupOutputModel;
import java.io.IOException;
import java.io.Writer;
import java.util.function.UnaryOperator;

/**
 * A Freemarker output format whose auto-escaping is one target's escaping function: every
 * {@code ${...}} of a string or number goes through it. Only {@link Markup} made by the view model
 * from fixed target tokens reaches the file unescaped.
 */
public final class EscapingOutputFormat extends CommonMarkupOutputFormat<EscapingOutputFormat.Markup> {
  private final String name;
  private final UnaryOperator<String> escape;

  public EscapingOutputFormat(String name, UnaryOperator<String> escape) {
    this.name = name;
    this.escape = escape;
  }

  /** Fixed target syntax that needs no escaping (a keyword, an operator). */
  public Markup markup(String targetSyntax) {
    return new Markup(this, null, targetSyntax);
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public String getMimeType() {
    return null;
  }

  @Override
  public void output(String textToEsc, Writer out) throws IOException {
    out.write(escapePlainText(textToEsc));
  }

  @Override
  public String escapePlainText(String plainTextContent) {
    return escape.apply(plainTextContent);
  }

  @Override
  public boolean isLegacyBuiltInBypassed(String builtInName) {
    return false;
  }

  @Override
  protected Markup newTemplateMarkupOutputModel(String plainTextContent, String markupContent) {
    return new Markup(this, plainTextContent, markupContent);
  }

  /** A fragment already in the target syntax. */
  public static final class Markup extends CommonTemplateMarkupOutputModel<Markup> {
    private final EscapingOutputFormat format;

    Markup(EscapingOutputFormat format, String plainTextContent, String markupContent) {
      super(plainTextContent, markupContent);
      this.format = format;
    }

    @Override
    public EscapingOutputFormat getOutputFormat() {
      return format;
    }
  }
}

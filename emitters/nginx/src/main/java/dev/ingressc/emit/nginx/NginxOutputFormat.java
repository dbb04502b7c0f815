package dev.ingressc.emit.nginx;

import freemarker.core.CommonMarkupOutputFormat;
import freemarker.core.CommonTemplateMarkupOutputModel;
import java.io.IOException;
import java.io.Writer;

/**
 * Freemarker auto-escaping for nginx.conf: every {@code ${...}} of a string or number goes through
 * {@link NginxQuoting#quote}. Only {@link Keyword} constants reach the file unquoted.
 */
final class NginxOutputFormat extends CommonMarkupOutputFormat<NginxOutputFormat.Markup> {
  static final NginxOutputFormat INSTANCE = new NginxOutputFormat();

  private NginxOutputFormat() {}

  @Override
  public String getName() {
    return "nginx";
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
    return NginxQuoting.quote(plainTextContent);
  }

  @Override
  public boolean isLegacyBuiltInBypassed(String builtInName) {
    return false;
  }

  @Override
  protected Markup newTemplateMarkupOutputModel(String plainTextContent, String markupContent) {
    return new Markup(plainTextContent, markupContent);
  }

  /** A fragment that is already nginx syntax. */
  static final class Markup extends CommonTemplateMarkupOutputModel<Markup> {
    Markup(String plainTextContent, String markupContent) {
      super(plainTextContent, markupContent);
    }

    @Override
    public NginxOutputFormat getOutputFormat() {
      return INSTANCE;
    }
  }
}

package dev.ingressc.emit.haproxy;

import freemarker.core.CommonMarkupOutputFormat;
import freemarker.core.CommonTemplateMarkupOutputModel;
import java.io.IOException;
import java.io.Writer;
import java.util.function.UnaryOperator;

/**
 * Freemarker auto-escaping for HAProxy files: every {@code ${...}} goes through
 * {@link HaproxyQuoting#cfg} in haproxy.cfg templates and {@link HaproxyQuoting#mapToken} in map
 * templates. Templates choose the format by their extension ({@code .cfg.ftl}, {@code .map.ftl}).
 */
final class HaproxyOutputFormat extends CommonMarkupOutputFormat<HaproxyOutputFormat.Markup> {
  static final HaproxyOutputFormat CFG = new HaproxyOutputFormat("haproxy-cfg", HaproxyQuoting::cfg);
  static final HaproxyOutputFormat MAP = new HaproxyOutputFormat("haproxy-map", HaproxyQuoting::mapToken);

  private final String name;
  private final UnaryOperator<String> escape;

  private HaproxyOutputFormat(String name, UnaryOperator<String> escape) {
    this.name = name;
    this.escape = escape;
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
  static final class Markup extends CommonTemplateMarkupOutputModel<Markup> {
    private final HaproxyOutputFormat format;

    Markup(HaproxyOutputFormat format, String plainTextContent, String markupContent) {
      super(plainTextContent, markupContent);
      this.format = format;
    }

    @Override
    public HaproxyOutputFormat getOutputFormat() {
      return format;
    }
  }
}

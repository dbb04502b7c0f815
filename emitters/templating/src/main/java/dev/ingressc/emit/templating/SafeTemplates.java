package dev.ingressc.emit.templating;

import freemarker.cache.ConditionalTemplateConfigurationFactory;
import freemarker.cache.FileExtensionMatcher;
import freemarker.cache.FirstMatchTemplateConfigurationFactory;
import freemarker.core.TemplateClassResolver;
import freemarker.core.TemplateConfiguration;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Freemarker set up so that templates only print: they reach the view model and nothing else (no
 * class loading, no Java API), and every interpolation is escaped by the output format chosen by
 * the template's file extension. Exceptions from an escaping function (a value it refuses) are
 * rethrown as they are, so a refusal is never hidden in a template error.
 */
public final class SafeTemplates {
  private final Configuration cfg;

  /**
   * @param anchor a class next to the packaged templates
   * @param dir the templates' resource directory
   * @param formats output formats by file-name ending, most specific first (e.g. {@code map.ftl},
   *     then {@code ftl})
   */
  public SafeTemplates(Class<?> anchor, String dir, LinkedHashMap<String, EscapingOutputFormat> formats) {
    cfg = new Configuration(Configuration.VERSION_2_3_34);
    cfg.setClassForTemplateLoading(anchor, dir);
    cfg.setDefaultEncoding("UTF-8");
    cfg.setLocale(Locale.ROOT);
    cfg.setNumberFormat("c");
    cfg.setRegisteredCustomOutputFormats(List.copyOf(formats.values()));
    cfg.setTemplateConfigurations(new FirstMatchTemplateConfigurationFactory(formats.entrySet().stream()
        .map(e -> {
          TemplateConfiguration tc = new TemplateConfiguration();
          tc.setOutputFormat(e.getValue());
          return new ConditionalTemplateConfigurationFactory(new FileExtensionMatcher(e.getKey()), tc);
        }).toArray(ConditionalTemplateConfigurationFactory[]::new)));
    cfg.setRecognizeStandardFileExtensions(false);
    cfg.setAutoEscapingPolicy(Configuration.ENABLE_IF_SUPPORTED_AUTO_ESCAPING_POLICY);
    cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
    cfg.setAPIBuiltinEnabled(false);
    cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    cfg.setLogTemplateExceptions(false);
    cfg.setWrapUncheckedExceptions(true);
    cfg.setFallbackOnNullLoopVariable(false);
    cfg.setObjectWrapper(new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_34).build());
  }

  /** Renders {@code template} with the view model bound to {@code name}. */
  public String render(String template, String name, Object model) {
    try {
      StringWriter out = new StringWriter();
      cfg.getTemplate(template).process(Map.of(name, model), out);
      return out.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (TemplateException e) {
      if (e.getCause() instanceof IllegalArgumentException refused) {
        throw refused;
      }
      throw new IllegalStateException("the template " + template + " failed: " + e.getMessageWithoutStackTop(), e);
    }
  }
}

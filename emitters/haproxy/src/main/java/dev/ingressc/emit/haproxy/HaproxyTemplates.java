package dev.ingressc.emit.haproxy;

import freemarker.core.TemplateClassResolver;
import freemarker.core.TemplateConfiguration;
import freemarker.cache.ConditionalTemplateConfigurationFactory;
import freemarker.cache.FileExtensionMatcher;
import freemarker.cache.FirstMatchTemplateConfigurationFactory;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders {@code templates/haproxy/*.ftl} (packaged under this package) with auto-escaping. The
 * templates reach the view model and nothing else: no class loading, no Java API.
 */
final class HaproxyTemplates {
  static final String TEMPLATE_DIR = "/dev/ingressc/emit/haproxy/templates";

  private final Configuration cfg;

  HaproxyTemplates() {
    cfg = new Configuration(Configuration.VERSION_2_3_34);
    cfg.setClassForTemplateLoading(HaproxyTemplates.class, TEMPLATE_DIR);
    cfg.setDefaultEncoding("UTF-8");
    cfg.setLocale(Locale.ROOT);
    cfg.setNumberFormat("c");
    cfg.setRegisteredCustomOutputFormats(List.of(HaproxyOutputFormat.CFG, HaproxyOutputFormat.MAP));
    cfg.setTemplateConfigurations(new FirstMatchTemplateConfigurationFactory(
        format(new FileExtensionMatcher("map.ftl"), HaproxyOutputFormat.MAP),
        format(new FileExtensionMatcher("ftl"), HaproxyOutputFormat.CFG)));
    cfg.setRecognizeStandardFileExtensions(false);
    cfg.setAutoEscapingPolicy(Configuration.ENABLE_IF_SUPPORTED_AUTO_ESCAPING_POLICY);
    cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
    cfg.setAPIBuiltinEnabled(false);
    cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    cfg.setLogTemplateExceptions(false);
    cfg.setWrapUncheckedExceptions(true);
    cfg.setObjectWrapper(new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_34).build());
  }

  private static ConditionalTemplateConfigurationFactory format(FileExtensionMatcher matcher, HaproxyOutputFormat f) {
    TemplateConfiguration tc = new TemplateConfiguration();
    tc.setOutputFormat(f);
    return new ConditionalTemplateConfigurationFactory(matcher, tc);
  }

  String render(String template, Object model) {
    try {
      StringWriter out = new StringWriter();
      cfg.getTemplate(template).process(Map.of("v", model), out);
      return out.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (TemplateException e) {
      if (e.getCause() instanceof HaproxyQuoting.UnsafeValueException unsafe) {
        throw unsafe;
      }
      throw new IllegalStateException("the HAProxy template " + template + " failed: " + e.getMessageWithoutStackTop(), e);
    }
  }
}

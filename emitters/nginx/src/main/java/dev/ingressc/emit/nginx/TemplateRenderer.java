package dev.ingressc.emit.nginx;

import freemarker.core.TemplateClassResolver;
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
 * Renders {@code templates/nginx/*.ftl} (packaged under this package) with auto-escaping through
 * {@link NginxOutputFormat}. Templates can reach the view model and nothing else: no class
 * loading, no Java API.
 */
final class TemplateRenderer {
  static final String TEMPLATE_DIR = "/dev/ingressc/emit/nginx/templates";
  static final String MAIN = "nginx.conf.ftl";

  private final Configuration cfg;

  TemplateRenderer() {
    cfg = new Configuration(Configuration.VERSION_2_3_34);
    cfg.setClassForTemplateLoading(TemplateRenderer.class, TEMPLATE_DIR);
    cfg.setDefaultEncoding("UTF-8");
    cfg.setLocale(Locale.ROOT);
    cfg.setNumberFormat("c");
    cfg.setRegisteredCustomOutputFormats(List.of(NginxOutputFormat.INSTANCE));
    cfg.setOutputFormat(NginxOutputFormat.INSTANCE);
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

  String render(ConfigView view) {
    try {
      StringWriter out = new StringWriter();
      cfg.getTemplate(MAIN).process(Map.of("c", view), out);
      return out.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (TemplateException e) {
      if (e.getCause() instanceof NginxQuoting.UnsafeValueException unsafe) {
        throw unsafe;
      }
      throw new IllegalStateException("the nginx template failed: " + e.getMessageWithoutStackTop(), e);
    }
  }
}

package dev.ingressc.emit.nginx;

import dev.ingressc.emit.templating.EscapingOutputFormat;
import dev.ingressc.emit.templating.SafeTemplates;
import java.util.LinkedHashMap;

/**
 * Renders {@code templates/nginx/*.ftl} (packaged under this package) with auto-escaping through
 * {@link NginxOutputFormat}. Templates can reach the view model and nothing else.
 */
final class TemplateRenderer {
  static final String TEMPLATE_DIR = "/dev/ingressc/emit/nginx/templates";
  static final String MAIN = "nginx.conf.ftl";
  static final String ENDPOINTS = "endpoints.conf.ftl";

  private final SafeTemplates templates;

  TemplateRenderer() {
    LinkedHashMap<String, EscapingOutputFormat> formats = new LinkedHashMap<>();
    formats.put("ftl", NginxOutputFormat.INSTANCE);
    templates = new SafeTemplates(TemplateRenderer.class, TEMPLATE_DIR, formats);
  }

  String render(ConfigView view) {
    return templates.render(MAIN, "c", view);
  }

  String renderEndpoints(java.util.List<ConfigView.PeerMap> maps) {
    return templates.render(ENDPOINTS, "maps", maps);
  }
}

package dev.ingressc.emit.haproxy;

import dev.ingressc.emit.templating.EscapingOutputFormat;
import dev.ingressc.emit.templating.SafeTemplates;
import java.util.LinkedHashMap;

/**
 * Renders {@code templates/haproxy/*.ftl} (packaged under this package) with auto-escaping: map
 * templates through {@link HaproxyOutputFormat#MAP}, the rest through {@link HaproxyOutputFormat#CFG}.
 */
final class HaproxyTemplates {
  static final String TEMPLATE_DIR = "/dev/ingressc/emit/haproxy/templates";

  private final SafeTemplates templates;

  HaproxyTemplates() {
    LinkedHashMap<String, EscapingOutputFormat> formats = new LinkedHashMap<>();
    formats.put("map.ftl", HaproxyOutputFormat.MAP);
    formats.put("ftl", HaproxyOutputFormat.CFG);
    templates = new SafeTemplates(HaproxyTemplates.class, TEMPLATE_DIR, formats);
  }

  String render(String template, Object model) {
    return templates.render(template, "v", model);
  }
}

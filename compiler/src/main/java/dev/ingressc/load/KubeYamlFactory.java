package dev.ingressc.load;

import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactoryBuilder;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.CharArrayReader;
import java.io.Reader;
import org.yaml.snakeyaml.parser.ParserImpl;

/**
 * Jackson's YAML factory, reading as kubectl reads (YAML 1.1) and in linear time:
 * <ul>
 *   <li>a plain {@code yes}, {@code no}, {@code on} or {@code off} is a boolean, not a string, so
 *       {@code host: yes} is a wrong type, as kubectl says, instead of the host "yes";
 *   <li>its parsers read through {@link LinearStreamReader}, so that a long scalar costs time and
 *       memory linear in its length, as in JSON. Everything ingressc parses as text goes through a
 *       Reader or a char array; both are covered.
 * </ul>
 */
final class KubeYamlFactory extends YAMLFactory {
  private static final long serialVersionUID = 1L;

  KubeYamlFactory(YAMLFactoryBuilder builder) {
    super(builder);
  }

  @Override
  protected YAMLParser _createParser(Reader r, IOContext ctxt) {
    return new Parser(ctxt, this, r);
  }

  @Override
  protected YAMLParser _createParser(char[] data, int offset, int len, IOContext ctxt, boolean recyclable) {
    return new Parser(ctxt, this, new CharArrayReader(data, offset, len));
  }

  /** Reaches YAMLParser's constructor that takes the SnakeYAML parser to use. */
  private static final class Parser extends YAMLParser {
    Parser(IOContext ctxt, KubeYamlFactory f, Reader r) {
      super(ctxt, f._parserFeatures, f._yamlParserFeatures, f._objectCodec, r,
          new ParserImpl(new LinearStreamReader(r), f._loaderOptions));
    }

    /** Called for plain scalars that YAML 1.1 resolves as booleans; Jackson alone knows only true and false. */
    @Override
    protected Boolean _matchYAMLBoolean(String value, int len) {
      Boolean b = super._matchYAMLBoolean(value, len);
      if (b != null) {
        return b;
      }
      return switch (value) {
        case "yes", "Yes", "YES", "on", "On", "ON", "y", "Y" -> Boolean.TRUE;
        case "no", "No", "NO", "off", "Off", "OFF", "n", "N" -> Boolean.FALSE;
        default -> null;
      };
    }
  }
}

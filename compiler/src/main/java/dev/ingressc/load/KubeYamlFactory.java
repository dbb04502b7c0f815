package dev.ingressc.load;

import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactoryBuilder;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.CharArrayReader;
import java.io.Reader;

/**
 * YAML read as kubectl reads it (YAML 1.1): a plain {@code yes}, {@code no}, {@code on} or
 * {@code off} is a boolean, not a string, so {@code host: yes} is a wrong type, as kubectl says,
 * instead of the host "yes".
 */
final class KubeYamlFactory extends YAMLFactory {
  KubeYamlFactory(YAMLFactoryBuilder b) {
    super(b);
  }

  @Override
  protected YAMLParser _createParser(Reader r, IOContext ctxt) {
    return new Parser(ctxt, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec, r);
  }

  @Override
  protected YAMLParser _createParser(char[] data, int offset, int len, IOContext ctxt, boolean recyclable) {
    return _createParser(new CharArrayReader(data, offset, len), ctxt);
  }

  private static final class Parser extends YAMLParser {
    Parser(IOContext ctxt, int features, int yamlFeatures, org.yaml.snakeyaml.LoaderOptions options,
        com.fasterxml.jackson.core.ObjectCodec codec, Reader reader) {
      super(ctxt, features, yamlFeatures, options, codec, reader);
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

package dev.ingressc.load;

import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactoryBuilder;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.CharArrayReader;
import java.io.Reader;
import org.yaml.snakeyaml.parser.ParserImpl;

/**
 * Jackson's YAML factory whose parsers read through {@link LinearStreamReader}, so that a long
 * scalar costs time and memory linear in its length, as in JSON. Everything ingressc parses as
 * text goes through a Reader or a char array; both are covered.
 */
final class LinearYamlFactory extends YAMLFactory {
  private static final long serialVersionUID = 1L;

  LinearYamlFactory(YAMLFactoryBuilder builder) {
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
    Parser(IOContext ctxt, LinearYamlFactory f, Reader r) {
      super(ctxt, f._parserFeatures, f._yamlParserFeatures, f._objectCodec, r,
          new ParserImpl(new LinearStreamReader(r), f._loaderOptions));
    }
  }
}

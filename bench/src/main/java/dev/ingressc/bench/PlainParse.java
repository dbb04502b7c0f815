package dev.ingressc.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The floor for {@code validate}: a plain Jackson YAML parse of every document of a file into a
 * tree, nothing else (issue 19 asks validate to stay within 1.5x of it). Run with the java source
 * launcher on the CLI's jar, which holds Jackson:
 * {@code java -cp cli/target/ingressc.jar bench/src/main/java/dev/ingressc/bench/PlainParse.java in.yaml}
 */
public final class PlainParse {
  private PlainParse() {}

  public static void main(String[] args) throws IOException {
    long docs = 0;
    try (Reader r = Files.newBufferedReader(Path.of(args[0]));
        MappingIterator<JsonNode> it = new YAMLMapper().readerFor(JsonNode.class).readValues(r)) {
      while (it.hasNext()) {
        if (it.next() != null) {
          docs++;
        }
      }
    }
    System.out.println(docs + " documents");
  }
}

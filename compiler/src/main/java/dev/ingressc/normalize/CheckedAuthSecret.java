package dev.ingressc.normalize;

import dev.ingressc.load.Located;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Secret read as basic auth's users (SEMANTICS.md, Basic auth): its data and stringData as text,
 * by key. Made once per Secret instance ({@link CheckedObjects}); {@link AuthCredentials} reads the
 * users out of it as the Ingress's auth-secret-type says.
 *
 * @param id {@code namespace/name}
 * @param data each key's value as UTF-8 text; a value that is no base64 or no UTF-8 is left out and named in {@code unreadable}
 */
record CheckedAuthSecret(String id, Map<String, String> data, java.util.List<String> unreadable) {

  static CheckedAuthSecret of(Located<Secret> located) {
    Secret s = located.value();
    Map<String, String> out = new TreeMap<>();
    java.util.List<String> bad = new java.util.ArrayList<>();
    if (s.getData() != null) {
      s.getData().forEach((k, v) -> {
        try {
          out.put(k, utf8(Base64.getMimeDecoder().decode(v == null ? "" : v)));
        } catch (IllegalArgumentException | CharacterCodingException e) {
          bad.add(k);
        }
      });
    }
    if (s.getStringData() != null) {
      s.getStringData().forEach((k, v) -> out.put(k, v == null ? "" : v));
    }
    return new CheckedAuthSecret(located.key().namespace() + "/" + located.key().name(),
        java.util.Collections.unmodifiableMap(out),
        java.util.List.copyOf(bad));
  }

  private static String utf8(byte[] bytes) throws CharacterCodingException {
    return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
  }
}

package dev.ingressc.route;

import dev.ingressc.ir.BasicAuth;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.apache.commons.codec.digest.Md5Crypt;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/** Whether a password matches a user's hash, as the proxies check it: the oracle's half of basic auth. */
final class PasswordCheck {
  private PasswordCheck() {}

  static boolean matches(BasicAuth.User user, byte[] password) {
    String hash = user.hash();
    try {
      return switch (user.format()) {
        case SHA -> MessageDigest.isEqual(("{SHA}" + Base64.getEncoder().encodeToString(
            MessageDigest.getInstance("SHA-1").digest(password))).getBytes(StandardCharsets.US_ASCII),
            hash.getBytes(StandardCharsets.US_ASCII));
        case APR1 -> Md5Crypt.apr1Crypt(password, hash).equals(hash);
        case MD5_CRYPT -> Md5Crypt.md5Crypt(password, hash).equals(hash);
        case SHA256_CRYPT -> Sha2Crypt.sha256Crypt(password, hash).equals(hash);
        case SHA512_CRYPT -> Sha2Crypt.sha512Crypt(password, hash).equals(hash);
        case BCRYPT -> OpenBSDBCrypt.checkPassword(hash, password);
      };
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-1", e);
    } catch (IllegalArgumentException e) {
      return false; // a hash its library refuses (e.g. bcrypt's 72-byte limit): no password matches it
    }
  }
}

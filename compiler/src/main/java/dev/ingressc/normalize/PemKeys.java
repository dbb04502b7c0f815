package dev.ingressc.normalize;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM private keys in the three forms TLS Secrets hold (PKCS#8, PKCS#1 RSA, SEC1 EC) with
 * the JDK alone, and checks that a key matches a certificate's public key.
 */
final class PemKeys {
  private static final Pattern BLOCK = Pattern.compile(
      "-----BEGIN ([A-Z ]*PRIVATE KEY)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
  private static final byte[] RSA_ALGORITHM = hex("300d06092a864886f70d0101010500");
  private static final byte[] EC_PUBLIC_KEY_OID = hex("06072a8648ce3d0201");

  private PemKeys() {}

  /** Parses the first private key in {@code pem}; the message of a failure never shows key material. */
  static PrivateKey parse(String pem) {
    Matcher m = BLOCK.matcher(pem);
    if (!m.find()) {
      throw new IllegalArgumentException("no PEM private key block");
    }
    String type = m.group(1);
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(m.group(2));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the private key block is not valid base64");
    }
    byte[] pkcs8 = switch (type) {
      case "PRIVATE KEY" -> der;
      case "RSA PRIVATE KEY" -> wrapPkcs8(RSA_ALGORITHM, der);
      case "EC PRIVATE KEY" -> wrapPkcs8(ecAlgorithm(der), der);
      case "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException("encrypted private keys are not supported");
      default -> throw new IllegalArgumentException("unsupported key type " + type);
    };
    for (String alg : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      } catch (GeneralSecurityException | RuntimeException ignored) {
        // try the next algorithm
      }
    }
    throw new IllegalArgumentException("the private key cannot be parsed as RSA, EC or EdDSA");
  }

  /** True when {@code key} signs what {@code publicKey} verifies, i.e. they are one key pair. */
  static boolean matches(PrivateKey key, PublicKey publicKey) {
    String alg = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default -> key.getAlgorithm();
    };
    try {
      byte[] challenge = new byte[32];
      new SecureRandom().nextBytes(challenge);
      Signature signer = Signature.getInstance(alg);
      signer.initSign(key);
      signer.update(challenge);
      byte[] sig = signer.sign();
      Signature verifier = Signature.getInstance(alg);
      verifier.initVerify(publicKey);
      verifier.update(challenge);
      return verifier.verify(sig);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /** SEC1 ECPrivateKey carries its curve as [0] parameters; PKCS#8 wants it in the AlgorithmIdentifier. */
  private static byte[] ecAlgorithm(byte[] sec1) {
    Der seq = Der.read(sec1, 0);
    int pos = seq.contentStart;
    while (pos < seq.end()) {
      Der el = Der.read(sec1, pos);
      if (el.tag == 0xa0) {
        Der oid = Der.read(sec1, el.contentStart);
        byte[] curve = java.util.Arrays.copyOfRange(sec1, el.contentStart, oid.end());
        return Der.tlv(0x30, concat(EC_PUBLIC_KEY_OID, curve));
      }
      pos = el.end();
    }
    throw new IllegalArgumentException("the EC private key does not name its curve");
  }

  private static byte[] wrapPkcs8(byte[] algorithm, byte[] key) {
    byte[] version = {0x02, 0x01, 0x00};
    return Der.tlv(0x30, concat(version, algorithm, Der.tlv(0x04, key)));
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] hex(String s) {
    return java.util.HexFormat.of().parseHex(s);
  }

  /** Just enough DER to find and build the elements above. */
  private record Der(int tag, int contentStart, int length) {
    int end() {
      return contentStart + length;
    }

    static Der read(byte[] b, int pos) {
      if (pos + 2 > b.length) {
        throw new IllegalArgumentException("the private key is truncated");
      }
      int tag = b[pos] & 0xff;
      int len = b[pos + 1] & 0xff;
      int start = pos + 2;
      if (len > 0x80) {
        int n = len - 0x80;
        len = 0;
        for (int i = 0; i < n; i++) {
          len = (len << 8) | (b[start + i] & 0xff);
        }
        start += n;
      }
      if (start + len > b.length) {
        throw new IllegalArgumentException("the private key is truncated");
      }
      return new Der(tag, start, len);
    }

    static byte[] tlv(int tag, byte[] content) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(tag);
      int len = content.length;
      if (len < 0x80) {
        out.write(len);
      } else if (len < 0x100) {
        out.write(0x81);
        out.write(len);
      } else if (len < 0x10000) {
        out.write(0x82);
        out.write(len >> 8);
        out.write(len & 0xff);
      } else {
        out.write(0x83);
        out.write(len >> 16);
        out.write((len >> 8) & 0xff);
        out.write(len & 0xff);
      }
      out.writeBytes(content);
      return out.toByteArray();
    }
  }
}

package dev.ingressc.emit.envoy;

import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.envoyproxy.pgv.validate.Validate;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Envoy's protoc-gen-validate rules ({@code (validate.rules)} on fields, {@code (validate.required)}
 * on oneofs), which Envoy enforces when it loads config and a plain proto parse does not: read from
 * the field options of the API jar's descriptors and checked on a message and everything in it,
 * {@code Any}s unpacked. A rule kind this checker does not know is reported as a violation, so an
 * unchecked rule never passes silently.
 */
final class PgvRules {
  private PgvRules() {}

  /** Every rule {@code m} breaks, as {@code path: why}; empty when Envoy's validation would accept it. */
  static List<String> violations(Message m) {
    List<String> out = new ArrayList<>();
    message(m, m.getDescriptorForType().getName(), out);
    return out;
  }

  private static void message(Message m, String path, List<String> out) {
    Descriptor d = m.getDescriptorForType();
    if (d.getOptions().getExtension(Validate.disabled) || d.getOptions().getExtension(Validate.ignored)) {
      return;
    }
    if (m instanceof Any || d.getFullName().equals("google.protobuf.Any")) {
      any(m, path, out);
      return;
    }
    for (OneofDescriptor o : d.getRealOneofs()) {
      if (o.getOptions().getExtension(Validate.required) && !m.hasOneof(o)) {
        out.add(path + "." + o.getName() + ": one of its fields is required");
      }
    }
    for (FieldDescriptor f : d.getFields()) {
      String at = path + "." + f.getName();
      Validate.FieldRules rules = f.getOptions().getExtension(Validate.rules);
      boolean inOneof = f.getRealContainingOneof() != null;
      if (f.isMapField()) {
        map(m, f, rules, at, out);
      } else if (f.isRepeated()) {
        repeated(m, f, rules, at, out);
      } else if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        if (!m.hasField(f)) {
          // as protoc-gen-validate: the rules of a oneof member apply only when it is the one set
          if (!inOneof && (rules.getMessage().getRequired() || rules.getDuration().getRequired() || rules.getAny().getRequired()
              || rules.getTimestamp().getRequired())) {
            out.add(at + ": is required");
          }
          continue;
        }
        single((Message) m.getField(f), rules, at, out);
      } else if (!inOneof || m.hasField(f)) {
        value(m.getField(f), f, rules, at, out);
      }
    }
  }

  private static void any(Message m, String path, List<String> out) {
    Any any = m instanceof Any a ? a : Any.newBuilder().mergeFrom(m).build();
    Descriptor type;
    try {
      type = EnvoyJson.TYPES.getDescriptorForTypeUrl(any.getTypeUrl());
    } catch (InvalidProtocolBufferException e) {
      type = null;
    }
    if (type == null) {
      out.add(path + ": unregistered type " + any.getTypeUrl());
      return;
    }
    try {
      message(DynamicMessage.parseFrom(type, any.getValue()), path + "<" + type.getName() + ">", out);
    } catch (InvalidProtocolBufferException e) {
      out.add(path + ": does not parse as " + type.getFullName());
    }
  }

  /** A set message field: its rules (wrappers carry the scalar's rules), then what is inside it. */
  private static void single(Message v, Validate.FieldRules rules, String at, List<String> out) {
    String type = v.getDescriptorForType().getFullName();
    if (rules.getMessage().getSkip()) {
      return;
    }
    switch (rules.getTypeCase()) {
      case DURATION -> duration(v, rules.getDuration(), at, out);
      case ANY -> {
        // Inside an unpacked Any the messages are dynamic, an Any among them.
        Any a = v instanceof Any x ? x : Any.newBuilder().mergeFrom(v).build();
        if (!rules.getAny().getInList().isEmpty() && !rules.getAny().getInList().contains(a.getTypeUrl())) {
          out.add(at + ": type " + a.getTypeUrl() + " is not one of " + rules.getAny().getInList());
        }
        if (rules.getAny().getNotInList().contains(a.getTypeUrl())) {
          out.add(at + ": type " + a.getTypeUrl() + " is not allowed");
        }
      }
      case TYPE_NOT_SET -> { }
      default -> {
        if (type.startsWith("google.protobuf.") && type.endsWith("Value")) {
          FieldDescriptor inner = v.getDescriptorForType().findFieldByName("value");
          value(v.getField(inner), inner, rules, at, out);
          return;
        }
        out.add(at + ": rule kind " + rules.getTypeCase() + " on a " + type + " is not checked here");
      }
    }
    message(v, at, out);
  }

  private static void repeated(Message m, FieldDescriptor f, Validate.FieldRules rules, String at, List<String> out) {
    int n = m.getRepeatedFieldCount(f);
    Validate.FieldRules items = Validate.FieldRules.getDefaultInstance();
    if (rules.getTypeCase() == Validate.FieldRules.TypeCase.REPEATED) {
      Validate.RepeatedRules r = rules.getRepeated();
      if (r.getIgnoreEmpty() && n == 0) {
        return;
      }
      if (r.hasMinItems() && n < r.getMinItems()) {
        out.add(at + ": " + n + " items, at least " + r.getMinItems() + " required");
      }
      if (r.hasMaxItems() && n > r.getMaxItems()) {
        out.add(at + ": " + n + " items, at most " + r.getMaxItems() + " allowed");
      }
      if (r.getUnique()) {
        List<Object> seen = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          Object v = m.getRepeatedField(f, i);
          if (seen.contains(v)) {
            out.add(at + "[" + i + "]: repeats an earlier item; items must be unique");
          }
          seen.add(v);
        }
      }
      items = r.getItems();
    } else if (rules.getTypeCase() != Validate.FieldRules.TypeCase.TYPE_NOT_SET) {
      out.add(at + ": rule kind " + rules.getTypeCase() + " on a repeated field is not checked here");
    }
    for (int i = 0; i < n; i++) {
      Object v = m.getRepeatedField(f, i);
      if (v instanceof Message msg) {
        single(msg, items, at + "[" + i + "]", out);
      } else {
        value(v, f, items, at + "[" + i + "]", out);
      }
    }
  }

  private static void map(Message m, FieldDescriptor f, Validate.FieldRules rules, String at, List<String> out) {
    int n = m.getRepeatedFieldCount(f);
    Validate.FieldRules keys = Validate.FieldRules.getDefaultInstance();
    Validate.FieldRules values = Validate.FieldRules.getDefaultInstance();
    if (rules.getTypeCase() == Validate.FieldRules.TypeCase.MAP) {
      Validate.MapRules r = rules.getMap();
      if (!(r.getIgnoreEmpty() && n == 0)) {
        if (r.hasMinPairs() && n < r.getMinPairs()) {
          out.add(at + ": " + n + " pairs, at least " + r.getMinPairs() + " required");
        }
        if (r.hasMaxPairs() && n > r.getMaxPairs()) {
          out.add(at + ": " + n + " pairs, at most " + r.getMaxPairs() + " allowed");
        }
      }
      keys = r.getKeys();
      values = r.getValues();
    } else if (rules.getTypeCase() != Validate.FieldRules.TypeCase.TYPE_NOT_SET) {
      out.add(at + ": rule kind " + rules.getTypeCase() + " on a map is not checked here");
    }
    for (int i = 0; i < n; i++) {
      Message entry = (Message) m.getRepeatedField(f, i);
      FieldDescriptor k = entry.getDescriptorForType().findFieldByName("key");
      FieldDescriptor v = entry.getDescriptorForType().findFieldByName("value");
      String key = String.valueOf(entry.getField(k));
      value(entry.getField(k), k, keys, at + "{key " + key + "}", out);
      Object val = entry.getField(v);
      if (val instanceof Message msg) {
        single(msg, values, at + "[" + key + "]", out);
      } else {
        value(val, v, values, at + "[" + key + "]", out);
      }
    }
  }

  /** A scalar (or enum) value against its field's rules. */
  private static void value(Object v, FieldDescriptor f, Validate.FieldRules rules, String at, List<String> out) {
    switch (rules.getTypeCase()) {
      case TYPE_NOT_SET -> { }
      case STRING -> string((String) v, rules.getString(), at, out);
      case BYTES -> bytes(((com.google.protobuf.ByteString) v).size(), rules.getBytes(), at, out);
      case ENUM -> {
        EnumValueDescriptor e = (EnumValueDescriptor) v;
        Validate.EnumRules r = rules.getEnum();
        if (r.getDefinedOnly() && e.getIndex() < 0) {
          out.add(at + ": " + e.getNumber() + " is not a defined value");
        }
        if (r.hasConst() && e.getNumber() != r.getConst()) {
          out.add(at + ": must be " + r.getConst());
        }
        if (!r.getInList().isEmpty() && !r.getInList().contains(e.getNumber())) {
          out.add(at + ": " + e.getName() + " is not one of " + r.getInList());
        }
        if (r.getNotInList().contains(e.getNumber())) {
          out.add(at + ": " + e.getName() + " is not allowed");
        }
      }
      case BOOL -> {
        if (rules.getBool().hasConst() && !v.equals(rules.getBool().getConst())) {
          out.add(at + ": must be " + rules.getBool().getConst());
        }
      }
      default -> number(number(v, f), (Message) rules.getField(rules.getDescriptorForType()
          .findFieldByNumber(rules.getTypeCase().getNumber())), at, out);
    }
  }

  /** A number as the field's type reads it: unsigned types are never negative. */
  private static BigDecimal number(Object v, FieldDescriptor f) {
    return switch (f.getType()) {
      case UINT32, FIXED32 -> BigDecimal.valueOf(Integer.toUnsignedLong((Integer) v));
      case UINT64, FIXED64 -> new BigDecimal(Long.toUnsignedString((Long) v));
      case FLOAT -> BigDecimal.valueOf((Float) v);
      case DOUBLE -> BigDecimal.valueOf((Double) v);
      default -> new BigDecimal(v.toString());
    };
  }

  /**
   * The numeric rules ({@code const lt lte gt gte in not_in}), the same for every numeric kind, read by
   * field name from the kind's rules message. As protoc-gen-validate: an upper bound below the lower
   * bound means the value must lie outside the two.
   */
  private static void number(BigDecimal v, Message r, String at, List<String> out) {
    Descriptor d = r.getDescriptorForType();
    if (bool(r, "ignore_empty") && v.signum() == 0) {
      return;
    }
    BigDecimal konst = bound(r, "const");
    if (konst != null && v.compareTo(konst) != 0) {
      out.add(at + ": " + v + " must be " + konst);
    }
    range(v, bound(r, "gt"), bound(r, "gte"), bound(r, "lt"), bound(r, "lte"), at, out);
    for (String list : new String[] {"in", "not_in"}) {
      FieldDescriptor lf = d.findFieldByName(list);
      List<BigDecimal> values = new ArrayList<>();
      for (int i = 0; i < r.getRepeatedFieldCount(lf); i++) {
        values.add(number(r.getRepeatedField(lf, i), lf));
      }
      boolean contains = values.stream().anyMatch(x -> x.compareTo(v) == 0);
      if (list.equals("in") && !values.isEmpty() && !contains) {
        out.add(at + ": " + v + " is not one of " + values);
      }
      if (list.equals("not_in") && contains) {
        out.add(at + ": " + v + " is not allowed");
      }
    }
  }

  private static BigDecimal bound(Message r, String name) {
    FieldDescriptor f = r.getDescriptorForType().findFieldByName(name);
    return f != null && r.hasField(f) ? number(r.getField(f), f) : null;
  }

  private static boolean bool(Message r, String name) {
    FieldDescriptor f = r.getDescriptorForType().findFieldByName(name);
    return f != null && (Boolean) r.getField(f);
  }

  private static void range(BigDecimal v, BigDecimal gt, BigDecimal gte, BigDecimal lt, BigDecimal lte, String at,
      List<String> out) {
    BigDecimal lower = gt != null ? gt : gte;
    BigDecimal upper = lt != null ? lt : lte;
    boolean aboveLower = lower == null || (gt != null ? v.compareTo(gt) > 0 : v.compareTo(gte) >= 0);
    boolean belowUpper = upper == null || (lt != null ? v.compareTo(lt) < 0 : v.compareTo(lte) <= 0);
    boolean ok = lower != null && upper != null && upper.compareTo(lower) < 0
        ? aboveLower || belowUpper // exclusive range: outside [upper, lower]
        : aboveLower && belowUpper;
    if (!ok) {
      out.add(at + ": " + v + " is out of range (" + (gt != null ? "gt " + gt : gte != null ? "gte " + gte : "")
          + (upper != null ? " " + (lt != null ? "lt " + lt : "lte " + lte) : "") + ")");
    }
  }

  private static void duration(Message v, Validate.DurationRules r, String at, List<String> out) {
    com.google.protobuf.Duration d = (com.google.protobuf.Duration) (v instanceof com.google.protobuf.Duration x ? x
        : com.google.protobuf.Duration.newBuilder().mergeFrom(v).build());
    BigDecimal s = seconds(d);
    if (r.hasConst() && s.compareTo(seconds(r.getConst())) != 0) {
      out.add(at + ": " + s + "s must be " + seconds(r.getConst()) + "s");
    }
    range(s, r.hasGt() ? seconds(r.getGt()) : null, r.hasGte() ? seconds(r.getGte()) : null,
        r.hasLt() ? seconds(r.getLt()) : null, r.hasLte() ? seconds(r.getLte()) : null, at + " (seconds)", out);
    if (!r.getInList().isEmpty() && r.getInList().stream().noneMatch(x -> seconds(x).compareTo(s) == 0)) {
      out.add(at + ": " + s + "s is not an allowed duration");
    }
    if (r.getNotInList().stream().anyMatch(x -> seconds(x).compareTo(s) == 0)) {
      out.add(at + ": " + s + "s is not allowed");
    }
  }

  private static BigDecimal seconds(com.google.protobuf.Duration d) {
    return BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNanos(), 9));
  }

  private static final Map<Validate.KnownRegex, Pattern[]> HEADER = Map.of(
      // [strict, lax] as protoc-gen-validate defines them
      Validate.KnownRegex.HTTP_HEADER_NAME, new Pattern[] {
          Pattern.compile("^:?[0-9a-zA-Z!#$%&'*+\\-.^_|~`]+$"), Pattern.compile("^[^\\u0000\\u000A\\u000D]*$")},
      Validate.KnownRegex.HTTP_HEADER_VALUE, new Pattern[] {
          Pattern.compile("^[^\\u0000-\\u0008\\u000A-\\u001F\\u007F]*$"), Pattern.compile("^[^\\u0000\\u000A\\u000D]*$")});

  private static void string(String s, Validate.StringRules r, String at, List<String> out) {
    if (r.getIgnoreEmpty() && s.isEmpty()) {
      return;
    }
    long chars = s.codePointCount(0, s.length());
    long bytes = s.getBytes(StandardCharsets.UTF_8).length;
    if (r.hasLen() && chars != r.getLen() || r.hasMinLen() && chars < r.getMinLen() || r.hasMaxLen() && chars > r.getMaxLen()) {
      out.add(at + ": " + chars + " characters, outside " + r.getMinLen() + ".." + (r.hasMaxLen() ? r.getMaxLen() : "") 
          + (r.hasLen() ? " (exactly " + r.getLen() + ")" : ""));
    }
    if (r.hasLenBytes() && bytes != r.getLenBytes() || r.hasMinBytes() && bytes < r.getMinBytes()
        || r.hasMaxBytes() && bytes > r.getMaxBytes()) {
      out.add(at + ": " + bytes + " bytes, outside " + r.getMinBytes() + ".." + (r.hasMaxBytes() ? r.getMaxBytes() : ""));
    }
    if (r.hasPattern() && !Pattern.compile(r.getPattern()).matcher(s).find()) {
      out.add(at + ": does not match " + r.getPattern());
    }
    if (r.hasPrefix() && !s.startsWith(r.getPrefix()) || r.hasSuffix() && !s.endsWith(r.getSuffix())
        || r.hasContains() && !s.contains(r.getContains()) || r.hasNotContains() && s.contains(r.getNotContains())) {
      out.add(at + ": breaks its prefix, suffix or contains rule");
    }
    if (r.hasConst() && !s.equals(r.getConst()) || !r.getInList().isEmpty() && !r.getInList().contains(s)
        || r.getNotInList().contains(s)) {
      out.add(at + ": is not an allowed value");
    }
    switch (r.getWellKnownCase()) {
      case WELLKNOWN_NOT_SET -> { }
      case WELL_KNOWN_REGEX -> {
        Pattern[] p = HEADER.get(r.getWellKnownRegex());
        if (p == null) {
          out.add(at + ": well-known regex " + r.getWellKnownRegex() + " is not checked here");
        } else if (!p[r.hasStrict() && !r.getStrict() ? 1 : 0].matcher(s).matches()) {
          out.add(at + ": is not a valid " + r.getWellKnownRegex());
        }
      }
      default -> out.add(at + ": well-known rule " + r.getWellKnownCase() + " is not checked here");
    }
  }

  private static void bytes(long n, Validate.BytesRules r, String at, List<String> out) {
    if (r.hasLen() && n != r.getLen() || r.hasMinLen() && n < r.getMinLen() || r.hasMaxLen() && n > r.getMaxLen()) {
      out.add(at + ": " + n + " bytes, outside its length rule");
    }
    if (r.hasPattern() || r.hasConst() || r.hasPrefix() || r.hasSuffix() || r.hasContains() || r.getInCount() > 0
        || r.getNotInCount() > 0 || r.getWellKnownCase() != Validate.BytesRules.WellKnownCase.WELLKNOWN_NOT_SET) {
      out.add(at + ": a bytes rule other than length is not checked here");
    }
  }
}

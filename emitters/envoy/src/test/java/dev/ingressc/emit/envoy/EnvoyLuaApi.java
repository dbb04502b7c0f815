package dev.ingressc.emit.envoy;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The interpreter's model of the objects Envoy's Lua filter gives a script (lua_filter.rst: the
 * header, metadata, stream info and dynamic metadata object APIs), for the calls they document
 * that ingressc's script makes. Each object is a userdata whose methods are called with {@code :};
 * a method not modelled here is nil, so calling it fails, and an error an API call raises is kept
 * ({@link Misuse}) even when the script catches it, so a test fails on it either way.
 */
final class EnvoyLuaApi {
  private EnvoyLuaApi() {}

  /** The first error a script met in an API call (or reported with logErr), if any. */
  static final class Misuse {
    private String first;

    void report(String what) {
      if (first == null) {
        first = what;
      }
    }

    /** Throws when the script met an error, so no test passes over one. */
    void check(List<String> trace) {
      if (first != null) {
        throw new IllegalStateException("the Lua script met an error: " + first + "; " + trace);
      }
    }
  }

  /** A userdata object with methods; assigning to it fails, as to Envoy's. */
  static final class Obj {
    final LuaValue value;
    private final LuaTable methods = new LuaTable();
    private final LuaTable meta = new LuaTable();
    private final String type;
    private final Misuse misuse;

    Obj(String type, Misuse misuse) {
      this.type = type;
      this.misuse = misuse;
      meta.set("__index", methods);
      meta.set("__newindex", new VarArgFunction() {
        @Override
        public Varargs invoke(Varargs args) {
          misuse.report("assignment to " + type);
          throw new LuaError("cannot assign to " + type);
        }
      });
      value = LuaValue.userdataOf(this, meta);
    }

    /** A method called as {@code obj:name(args)}; {@code body} gets the arguments after the object. */
    Obj method(String name, Function<Varargs, Varargs> body) {
      methods.set(name, new VarArgFunction() {
        @Override
        public Varargs invoke(Varargs args) {
          try {
            if (args.arg1() != value) {
              throw new LuaError(type + "." + name + " called without its object (use ':')");
            }
            return body.apply(args.subargs(2));
          } catch (LuaError e) {
            misuse.report(type + ":" + name + ": " + e.getMessage());
            throw e;
          } catch (RuntimeException e) {
            misuse.report(type + ":" + name + ": " + e);
            throw new LuaError(e.toString());
          }
        }
      });
      return this;
    }

    /** {@code pairs(obj)} walks a snapshot of {@code entries}; {@code done} runs when the walk ends. */
    Obj pairs(java.util.function.Supplier<List<LuaValue[]>> entries, Runnable begin, Runnable done) {
      meta.set("__pairs", new VarArgFunction() {
        @Override
        public Varargs invoke(Varargs args) {
          begin.run();
          Iterator<LuaValue[]> it = new ArrayList<>(entries.get()).iterator();
          VarArgFunction next = new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs ignored) {
              if (!it.hasNext()) {
                done.run();
                return NIL;
              }
              LuaValue[] e = it.next();
              return varargsOf(e[0], e[1]);
            }
          };
          return varargsOf(next, value, NIL);
        }
      });
      return this;
    }
  }

  /**
   * A header map (HeaderMapWrapper): names lower case; {@code get} joins repeated values with
   * {@code ,}; {@code add} adds, {@code replace} sets (adding when absent), {@code remove} removes
   * every value; no change while {@code pairs} walks it. Pseudo-headers may be read, not changed
   * (not modelled).
   */
  static final class Headers {
    final List<String[]> entries;
    private boolean walking;
    final Obj obj;

    Headers(List<String[]> entries, Misuse misuse) {
      this.entries = new ArrayList<>(entries);
      obj = new Obj("headers", misuse)
          .method("get", a -> {
            String key = a.checkjstring(1).toLowerCase(Locale.ROOT);
            List<String> values = this.entries.stream().filter(e -> e[0].equals(key)).map(e -> e[1]).toList();
            return values.isEmpty() ? LuaValue.NIL : LuaValue.valueOf(String.join(",", values));
          })
          .method("add", a -> {
            change(a.checkjstring(1)).add(new String[] {a.checkjstring(1).toLowerCase(Locale.ROOT), a.checkjstring(2)});
            return LuaValue.NONE;
          })
          .method("replace", a -> {
            String key = a.checkjstring(1).toLowerCase(Locale.ROOT);
            String value = a.checkjstring(2);
            List<String[]> list = change(key);
            int at = indexOf(key);
            list.removeIf(e -> e[0].equals(key));
            list.add(at < 0 ? list.size() : at, new String[] {key, value});
            return LuaValue.NONE;
          })
          .method("remove", a -> {
            String key = a.checkjstring(1).toLowerCase(Locale.ROOT);
            change(key).removeIf(e -> e[0].equals(key));
            return LuaValue.NONE;
          })
          .pairs(() -> this.entries.stream().map(e -> new LuaValue[] {LuaValue.valueOf(e[0]), LuaValue.valueOf(e[1])})
              .toList(), () -> walking = true, () -> walking = false);
    }

    private int indexOf(String key) {
      for (int i = 0; i < entries.size(); i++) {
        if (entries.get(i)[0].equals(key)) {
          return i;
        }
      }
      return -1;
    }

    private List<String[]> change(String key) {
      if (walking) {
        throw new LuaError("header map cannot be modified while iterating");
      }
      if (key.startsWith(":")) {
        throw new UnsupportedOperationException("changing a pseudo-header is not modelled: " + key);
      }
      return entries;
    }
  }

  /** A metadata object (MetadataMapWrapper) over a struct: {@code get} and {@code pairs}. */
  static Obj metadata(Struct s, Misuse misuse) {
    return new Obj("metadata", misuse)
        .method("get", a -> {
          Value v = s.getFieldsMap().get(a.checkjstring(1));
          return v == null ? LuaValue.NIL : lua(v);
        })
        .pairs(() -> s.getFieldsMap().entrySet().stream()
            .map(e -> new LuaValue[] {LuaValue.valueOf(e.getKey()), lua(e.getValue())}).toList(), () -> { }, () -> { });
  }

  /**
   * The stream info object: the downstream addresses as Envoy prints them ({@code 1.2.3.4:5},
   * {@code [::1]:5}) and the dynamic metadata: {@code get(namespace)} a table or nil,
   * {@code set(namespace, key, value)} of a string, number or boolean.
   */
  static Obj streamInfo(String remote, String local, EnvoyStreamInfo info, Misuse misuse) {
    Obj dynamic = new Obj("dynamicMetadata", misuse)
        .method("get", a -> {
          Struct s = info.dynamicMetadata().get(a.checkjstring(1));
          return s == null ? LuaValue.NIL : lua(Value.newBuilder().setStructValue(s).build());
        })
        .method("set", a -> {
          info.setDynamicMetadata(a.checkjstring(1), Struct.newBuilder().putFields(a.checkjstring(2), proto(a.arg(3)))
              .build());
          return LuaValue.NONE;
        })
        .pairs(() -> info.dynamicMetadata().entrySet().stream().map(e -> new LuaValue[] {LuaValue.valueOf(e.getKey()),
            lua(Value.newBuilder().setStructValue(e.getValue()).build())}).toList(), () -> { }, () -> { });
    return new Obj("streamInfo", misuse)
        .method("downstreamRemoteAddress", a -> LuaValue.valueOf(remote))
        .method("downstreamLocalAddress", a -> LuaValue.valueOf(local))
        .method("dynamicMetadata", a -> dynamic.value);
  }

  /** Envoy's MetadataMapHelper::setValue: a list becomes an array from 1, a struct a table. */
  static LuaValue lua(Value v) {
    return switch (v.getKindCase()) {
      case NULL_VALUE, KIND_NOT_SET -> LuaValue.NIL;
      case NUMBER_VALUE -> LuaValue.valueOf(v.getNumberValue());
      case BOOL_VALUE -> LuaValue.valueOf(v.getBoolValue());
      case STRING_VALUE -> LuaValue.valueOf(v.getStringValue());
      case STRUCT_VALUE -> {
        LuaTable t = new LuaTable();
        v.getStructValue().getFieldsMap().forEach((k, x) -> t.set(k, lua(x)));
        yield t;
      }
      case LIST_VALUE -> {
        LuaTable t = new LuaTable();
        for (int i = 0; i < v.getListValue().getValuesCount(); i++) {
          t.set(i + 1, lua(v.getListValue().getValues(i)));
        }
        yield t;
      }
    };
  }

  private static Value proto(LuaValue v) {
    if (v.isboolean()) {
      return Value.newBuilder().setBoolValue(v.toboolean()).build();
    }
    if (v.type() == LuaValue.TNUMBER) {
      return Value.newBuilder().setNumberValue(v.todouble()).build();
    }
    if (v.type() == LuaValue.TSTRING) {
      return Value.newBuilder().setStringValue(v.tojstring()).build();
    }
    throw new UnsupportedOperationException("dynamic metadata of type " + v.typename() + " is not modelled");
  }

  /** A Lua table of header fields (httpCall's and respond()'s): a value is a string or a table of strings. */
  static List<String[]> fields(LuaTable t) {
    List<String[]> out = new ArrayList<>();
    LuaValue k = LuaValue.NIL;
    while (true) {
      Varargs n = t.next(k);
      k = n.arg1();
      if (k.isnil()) {
        return out;
      }
      String key = k.checkjstring().toLowerCase(Locale.ROOT);
      LuaValue v = n.arg(2);
      if (v.istable()) {
        LuaValue i = LuaValue.NIL;
        while (true) {
          Varargs m = v.checktable().next(i);
          i = m.arg1();
          if (i.isnil()) {
            break;
          }
          out.add(new String[] {key, m.arg(2).checkjstring()});
        }
      } else {
        out.add(new String[] {key, v.checkjstring()});
      }
    }
  }

  /** Fields by name, in order, for a reader. */
  static Map<String, List<String>> byName(List<String[]> fields) {
    Map<String, List<String>> out = new java.util.LinkedHashMap<>();
    fields.forEach(f -> out.computeIfAbsent(f[0], x -> new ArrayList<>()).add(f[1]));
    return out;
  }
}

package dev.ingressc.emit.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.emit.haproxy.BackendView;
import dev.ingressc.emit.haproxy.BackendView.ServerView;
import dev.ingressc.ir.Endpoint;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which backend changes the runtime API may make (a spare standing in, new endpoints in free
 * slots) and which need a reload. Every field of {@link BackendView} is walked by reflection, so a
 * field added later is covered here without editing this test: unless it is one of the few the
 * runtime API changes, changing it must make the backend a different shape.
 */
class BackendShapeTest {
  /** The fields a backend may differ in and still stand in for another without a reload. */
  private static final Set<String> RUNTIME_CHANGEABLE = Set.of("name", "servers", "comment");

  private static final BackendView BASE = new BackendView("default_web_80", "roundrobin", 0, 5000, 60000, 1024,
      List.of(new ServerView("s1", "10.0.0.1:80", true, false, new Endpoint("10.0.0.1", 80))), "web",
      List.of("ssl", "verify", "none"));

  @Test
  void everyFieldButNameServersAndCommentForcesAReload() throws Exception {
    for (RecordComponent c : BackendView.class.getRecordComponents()) {
      BackendView changed = with(c, changedValue(c.getType(), c.getAccessor().invoke(BASE)));
      assertThat(changed).as(c.getName()).isNotEqualTo(BASE);
      assertThat(changed.sameShape(BASE)).as("changing %s keeps the shape", c.getName())
          .isEqualTo(RUNTIME_CHANGEABLE.contains(c.getName()));
      assertThat(BASE.sameShape(changed)).as(c.getName()).isEqualTo(RUNTIME_CHANGEABLE.contains(c.getName()));
    }
  }

  @Test
  void aSpareWithOtherServersAndNoCommentHasTheSameShape() {
    BackendView spare = new BackendView("ingressc_spare_00", "roundrobin", 0, 5000, 60000, 1024,
        List.of(new ServerView("s1", "127.0.0.1:1", false, false, null),
            new ServerView("s2", "127.0.0.1:1", false, false, null)), null, List.of("ssl", "verify", "none"));
    assertThat(spare.sameShape(BASE)).isTrue();
    assertThat(BASE.sameShape(BASE)).isTrue();
  }

  private static BackendView with(RecordComponent changed, Object value) throws Exception {
    List<Object> args = new ArrayList<>();
    List<Class<?>> types = new ArrayList<>();
    for (RecordComponent c : BackendView.class.getRecordComponents()) {
      args.add(c.getName().equals(changed.getName()) ? value : c.getAccessor().invoke(BASE));
      types.add(c.getType());
    }
    return BackendView.class.getDeclaredConstructor(types.toArray(Class<?>[]::new)).newInstance(args.toArray());
  }

  /** A different value of the same type; a field of a new type fails here, so the test is extended. */
  private static Object changedValue(Class<?> type, Object old) {
    if (type == String.class) {
      return old + "x";
    } else if (type == int.class) {
      return (int) old + 1;
    } else if (type == long.class) {
      return (long) old + 1;
    } else if (type == boolean.class) {
      return !(boolean) old;
    } else if (type == List.class) {
      List<Object> out = new ArrayList<>((List<?>) old);
      out.add(out.isEmpty() ? "x" : out.get(0));
      return out;
    } else if (type == CorsView.class) {
      return old == null ? HaproxyCors.view(new dev.ingressc.ir.Cors(List.of(), "GET", "X-A", "", true, 5)) : null;
    } else if (type == RateView.class) {
      return old == null ? new RateView("ingressc_rate_x", 6, 1000, 503, List.of(List.of("10.0.0.0/8")), List.of(),
          "ingressc_conn_x", 2, 503) : null;
    } else if (type == BasicAuthView.class) {
      return old == null ? new BasicAuthView("Staff", null, new BasicAuthView.Userlist("ingressc_users_x", "default/users",
          List.of(new BasicAuthView.User("dave", "$1$Salt1111$4D6G8wlD2s3gqRbMcNxrM."))),
          List.of(List.of("alice:tiY7sUhYKUwI5L3866kDY+ENcrQ=")), 0) : null;
    } else if (type == AuthView.class) {
      return old == null ? new AuthView("http://10.0.0.1:80/auth", "10.0.0.1", "GET", "0", "-", "-", "-", 5000)
          : null;
    } else if (type == HaproxyAffinity.View.class) {
      return old == null ? new HaproxyAffinity.View("INGRESSCOOKIE", "ingressc", "^INGRESSCOOKIE=([^;]*); path=/$",
          "INGRESSCOOKIE=\\1; Path=/; Secure; HttpOnly", "INGRESSCOOKIE=\\1; Path=/; HttpOnly") : null;
    }
    throw new AssertionError("no changed value for a field of type " + type + ": extend changedValue");
  }
}

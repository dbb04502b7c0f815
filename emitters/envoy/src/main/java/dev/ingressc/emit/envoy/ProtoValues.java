package dev.ingressc.emit.envoy;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.protobuf.Message;
import com.google.protobuf.UInt32Value;

/** Small conversions from Java values to protobuf well-known types. */
final class ProtoValues {
  private ProtoValues() {}

  static Duration duration(java.time.Duration d) {
    return Duration.newBuilder().setSeconds(d.getSeconds()).setNanos(d.getNano()).build();
  }

  /** A uint32, saturating: Envoy's byte limits are 32-bit and a larger limit must not wrap to a small one. */
  static UInt32Value uint32(long value) {
    return UInt32Value.of((int) Math.min(value, 0xFFFF_FFFFL));
  }

  static Any any(Message m) {
    return Any.pack(m);
  }
}

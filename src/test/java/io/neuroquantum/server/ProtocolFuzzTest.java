package io.neuroquantum.server;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.neuroquantum.server.channels.protocol.ClientMessage;
import io.neuroquantum.server.channels.protocol.ProtocolCodec;
import io.neuroquantum.server.channels.protocol.ProtocolException;

/**
 * Any frame either decodes into a {@link ClientMessage} or fails with a {@link ProtocolException}
 * (which the gateway turns into an {@code error} reply): never another exception. Runs its seeds in
 * every build; {@code JAZZER_FUZZ=1 ./mvnw test -Dtest=ProtocolFuzzTest} fuzzes for real.
 */
class ProtocolFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void frames_decode_or_fail_with_a_protocol_error(String frame) {
    try {
      ClientMessage message = ProtocolCodec.decode(frame);
      if (message == null) {
        throw new AssertionError("decode returned null for " + frame);
      }
    } catch (ProtocolException expected) {
      // an error reply with a code and a reason
    }
  }
}

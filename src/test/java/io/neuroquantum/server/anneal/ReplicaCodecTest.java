package io.neuroquantum.server.anneal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuroquantum.annealing.TestInstances;
import io.neuroquantum.annealing.io.GsetReader;
import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.problems.MaxCut;
import io.neuroquantum.annealing.solvers.PackedSlotRange;
import io.neuroquantum.annealing.solvers.ParallelTempering;
import io.neuroquantum.annealing.strategies.AdvancedAnnealingConfig;
import io.neuroquantum.server.anneal.ReplicaMessages.Close;
import io.neuroquantum.server.anneal.ReplicaMessages.Finished;
import io.neuroquantum.server.anneal.ReplicaMessages.Open;
import io.neuroquantum.server.anneal.ReplicaMessages.OpenRuns;
import io.neuroquantum.server.anneal.ReplicaMessages.OpenScalar;
import io.neuroquantum.server.anneal.ReplicaMessages.RunDone;
import io.neuroquantum.server.anneal.ReplicaMessages.RunOne;
import io.neuroquantum.server.anneal.ReplicaMessages.ReplicaMessage;
import io.neuroquantum.server.anneal.ReplicaMessages.Step;
import io.neuroquantum.server.anneal.ReplicaMessages.Swept;
import io.neuroquantum.server.anneal.ReplicaMessages.Terms;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The replica messages' wire form: what goes in comes out, and a broken message is refused before it allocates. */
class ReplicaCodecTest {

  private final ReplicaCodec codec = new ReplicaCodec();

  /** Encodes after some unrelated bytes (as the event bus does) and decodes from there. */
  private ReplicaMessage roundTrip(ReplicaMessage m) {
    Buffer b = Buffer.buffer().appendString("header");
    codec.encodeToWire(b, m);
    return codec.decodeFromWire(6, b);
  }

  private static PackedSlotRange.Glass g11() {
    var model = MaxCut.of(GsetReader.read(TestInstances.open("gset/G11"), "G11")).toIsing();
    return PackedSlotRange.Glass.of(new ParallelTempering().plan(model));
  }

  @Test
  void every_message_comes_back_equal() {
    PackedSlotRange.Glass glass = g11();
    Open open = (Open) roundTrip(new Open("job-1", 3, 9, -42L, 24, glass));
    assertThat(open.job()).isEqualTo("job-1");
    assertThat(open.from()).isEqualTo(3);
    assertThat(open.to()).isEqualTo(9);
    assertThat(open.seed()).isEqualTo(-42L);
    assertThat(open.temperatures()).isEqualTo(24);
    assertThat(open.glass().n()).isEqualTo(glass.n());
    assertThat(open.glass().magnitude()).isEqualTo(glass.magnitude());
    assertThat(open.glass().offset()).isEqualTo(glass.offset());
    assertThat(open.glass().start()).isEqualTo(glass.start());
    assertThat(open.glass().neighbor()).isEqualTo(glass.neighbor());

    Step step = (Step) roundTrip(new Step("j", 4, new double[] {0.1, Math.PI, 7}, new int[] {-1, 2, 0},
        new long[] {Long.MIN_VALUE, 0, -1}, null, new long[] {5, 6}, true));
    assertThat(step.job()).isEqualTo("j");
    assertThat(step.sweeps()).isEqualTo(4);
    assertThat(step.betas()).containsExactly(0.1, Math.PI, 7);
    assertThat(step.saveSlot()).containsExactly(-1, 2, 0);
    assertThat(step.masks()).containsExactly(Long.MIN_VALUE, 0, -1);
    assertThat(step.belowSnapshot()).isNull();
    assertThat(step.aboveSnapshot()).containsExactly(5, 6);
    assertThat(step.finish()).isTrue();

    Swept swept = (Swept) roundTrip(new Swept(2, new double[] {-1.5, 2, 3, Double.NEGATIVE_INFINITY}, new long[] {1},
        null));
    assertThat(swept.lanes()).isEqualTo(2);
    assertThat(swept.slots()).isEqualTo(2);
    assertThat(swept.energies()).containsExactly(-1.5, 2, 3, Double.NEGATIVE_INFINITY);
    assertThat(swept.lowestSnapshot()).containsExactly(1);
    assertThat(swept.highestSnapshot()).isNull();

    byte[] state = new byte[13];
    for (int i = 0; i < state.length; i++) {
      state[i] = (byte) (i % 3 == 0 ? 1 : -1);
    }
    Finished finished = (Finished) roundTrip(new Finished(new byte[][] {state, null, {}}, 10, 7, 99));
    assertThat(finished.bestStates()[0]).isEqualTo(state);
    assertThat(finished.bestStates()[1]).isNull();
    assertThat(finished.bestStates()[2]).isEmpty();
    assertThat(finished.attempts()).isEqualTo(10);
    assertThat(finished.accepted()).isEqualTo(7);
    assertThat(finished.kernelNanos()).isEqualTo(99);

    assertThat(((Close) roundTrip(new Close("gone"))).job()).isEqualTo("gone");
  }

  @Test
  void a_multi_start_jobs_messages_come_back_equal_and_the_model_is_the_same_model() {
    Ising model = MaxCut.of(GsetReader.read(TestInstances.open("biqmac/rudy/g05_60.0"), "g05_60.0")).toIsing();
    Ising fielded = Ising.builder(3).addLinear(0, 0.25).addLinear(2, -1.5).addQuadratic(0, 2, 0.75).addOffset(4).build();
    AdvancedAnnealingConfig config = AdvancedAnnealingConfig.defaults().withBudget(300, 3).withStarts(3, 4).withSeed(-9)
        .withConvergence(0.5, 5).withTunnelling(2, 100);
    for (Ising m : new Ising[] {model, fielded}) {
      OpenRuns open = (OpenRuns) roundTrip(new OpenRuns("job-2", config, Terms.of(m), 1234));
      assertThat(open.job()).isEqualTo("job-2");
      assertThat(open.config()).isEqualTo(config);
      assertThat(open.timeLimitMs()).isEqualTo(1234);
      Ising back = open.model().toIsing();
      assertThat(back.approximatelyEquals(m, 0)).isTrue();
      assertThat(back.offset()).isEqualTo(m.offset());
    }

    OpenScalar scalar = (OpenScalar) roundTrip(new OpenScalar("job-3", 2, 5, 99, 8, 6, Terms.of(fielded)));
    assertThat(List.of(scalar.job(), scalar.from(), scalar.to(), scalar.seed(), scalar.temperatures(), scalar.lanes()))
        .containsExactly("job-3", 2, 5, 99L, 8, 6);
    assertThat(scalar.model().toIsing().approximatelyEquals(fielded, 0)).isTrue();

    RunOne run = (RunOne) roundTrip(new RunOne("job-2", 2, 3));
    assertThat(run.job()).isEqualTo("job-2");
    assertThat(run.start()).isEqualTo(2);
    assertThat(run.run()).isEqualTo(3);

    byte[] state = spins(9);
    state[4] = 1;
    RunDone done = (RunDone) roundTrip(new RunDone(new byte[][] {state, spins(9)}, new double[] {-3.5, 1e-300}, 77,
        new double[] {0.1, 2}));
    assertThat(done.states()[0]).isEqualTo(state);
    assertThat(done.energies()).containsExactly(-3.5, 1e-300);
    assertThat(done.attempts()).isEqualTo(77);
    assertThat(done.schedule()).containsExactly(0.1, 2);
    assertThat(((RunDone) roundTrip(new RunDone(new byte[0][], new double[0], 0, null))).schedule()).isNull();
  }

  @Test
  void the_best_states_travel_as_one_bit_per_spin() {
    Buffer b = Buffer.buffer();
    codec.encodeToWire(b, new Finished(new byte[][] {spins(800)}, 0, 0, 0));
    assertThat(b.length()).isLessThan(200);   // 800 spins in 100 bytes, plus a few fixed fields
  }

  private static byte[] spins(int n) {
    byte[] s = new byte[n];
    java.util.Arrays.fill(s, (byte) -1);
    return s;
  }

  @Test
  void refuses_truncated_and_corrupt_messages() {
    Buffer good = Buffer.buffer();
    codec.encodeToWire(good, new Step("j", 4, new double[] {1, 2}, new int[] {0}, new long[] {3}, null, null, false));

    Buffer truncated = good.getBuffer(0, good.length() - 3);
    assertThatThrownBy(() -> codec.decodeFromWire(0, truncated)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bytes follow");

    Buffer version = good.copy().setByte(4, (byte) 9);
    assertThatThrownBy(() -> codec.decodeFromWire(0, version)).hasMessageContaining("version 9");

    Buffer type = good.copy().setByte(5, (byte) 77);
    assertThatThrownBy(() -> codec.decodeFromWire(0, type)).hasMessageContaining("unknown type 77");

    // the betas' count (after length, version, type, the job "j" and the sweeps) says two billion doubles
    Buffer huge = good.copy().setInt(4 + 2 + 4 + 1 + 4, Integer.MAX_VALUE);
    assertThatThrownBy(() -> codec.decodeFromWire(0, huge)).hasMessageContaining("2147483647 elements");

    Buffer negative = good.copy().setInt(4 + 2 + 4 + 1 + 4, -5);
    assertThatThrownBy(() -> codec.decodeFromWire(0, negative)).hasMessageContaining("-5 elements");

    Buffer trailing = good.copy().appendByte((byte) 0);
    trailing.setInt(0, good.getInt(0) + 1);
    assertThatThrownBy(() -> codec.decodeFromWire(0, trailing)).hasMessageContaining("after the last field");

    assertThatThrownBy(() -> codec.decodeFromWire(0, Buffer.buffer(new byte[] {0, 0}))).hasMessageContaining("no length");
  }

  @Test
  void refuses_to_encode_a_state_that_is_not_spins() {
    assertThatThrownBy(() -> codec.encodeToWire(Buffer.buffer(), new Finished(new byte[][] {{1, 0, -1}}, 0, 0, 0)))
        .hasMessageContaining("spin 1 is 0");
  }

  @Test
  void a_glass_that_is_not_a_graph_on_its_spins_is_refused_before_replicas_are_built() {
    PackedSlotRange.Glass glass = g11();
    int[] neighbor = glass.neighbor().clone();
    neighbor[5] = glass.n() << 1;   // a neighbour past the last spin
    assertThatThrownBy(() -> new PackedSlotRange(new PackedSlotRange.Glass(glass.n(), glass.magnitude(), glass.offset(),
        glass.start(), neighbor), 1, 8, 0, 2)).hasMessageContaining("outside 0..");
    int[] start = java.util.Arrays.copyOf(glass.start(), glass.n());   // one row start short
    assertThatThrownBy(() -> new PackedSlotRange(new PackedSlotRange.Glass(glass.n(), glass.magnitude(), glass.offset(),
        start, glass.neighbor()), 1, 8, 0, 2)).hasMessageContaining("do not fit together");
    assertThatThrownBy(() -> new PackedSlotRange(glass, 1, 8, 6, 9)).hasMessageContaining("outside 0..8");
  }
}

package io.neuroquantum.server.anneal;

import io.neuroquantum.annealing.solvers.PackedSlotRange;
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
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageCodec;
import java.nio.charset.StandardCharsets;

/**
 * The binary wire form of {@link ReplicaMessage}s, for workers on other nodes: a length, a version, a
 * type byte, then the fields as big-endian primitives and length-prefixed primitive arrays (−1 for
 * an absent array); best states go as one bit per spin. Decoding checks every length against the
 * bytes that are really there before it allocates, so a short or corrupt message is refused with
 * {@link IllegalArgumentException} instead of costing memory. In one JVM messages pass by reference
 * (the coordinator does not touch what it sent until the reply has come).
 *
 * <p>Registered by name on every node ({@link #register}); senders name it in their
 * {@link DeliveryOptions} ({@link #options}).
 */
final class ReplicaCodec implements MessageCodec<ReplicaMessage, ReplicaMessage> {

  static final String NAME = "nq.replica";
  static final byte VERSION = 1;

  private static final byte OPEN = 1;
  private static final byte STEP = 2;
  private static final byte SWEPT = 3;
  private static final byte FINISHED = 4;
  private static final byte CLOSE = 5;
  private static final byte OPEN_RUNS = 6;
  private static final byte RUN_ONE = 7;
  private static final byte RUN_DONE = 8;
  private static final byte OPEN_SCALAR = 9;

  /** Registers the codec on {@code vertx} once; later calls do nothing. */
  static void register(Vertx vertx) {
    try {
      vertx.eventBus().registerCodec(new ReplicaCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // one registration per Vert.x instance
    }
  }

  /** Delivery options that pick this codec, with {@code timeoutMs} for the reply. */
  static DeliveryOptions options(long timeoutMs) {
    return new DeliveryOptions().setCodecName(NAME).setSendTimeout(timeoutMs);
  }

  @Override
  public void encodeToWire(Buffer buffer, ReplicaMessage message) {
    int lengthAt = buffer.length();
    buffer.appendInt(0).appendByte(VERSION);
    switch (message) {
      case Open o -> {
        buffer.appendByte(OPEN);
        string(buffer, o.job());
        buffer.appendInt(o.from()).appendInt(o.to()).appendLong(o.seed()).appendInt(o.temperatures());
        PackedSlotRange.Glass g = o.glass();
        buffer.appendInt(g.n()).appendDouble(g.magnitude()).appendDouble(g.offset());
        ints(buffer, g.start());
        ints(buffer, g.neighbor());
      }
      case Step s -> {
        buffer.appendByte(STEP);
        string(buffer, s.job());
        buffer.appendInt(s.sweeps());
        doubles(buffer, s.betas());
        ints(buffer, s.saveSlot());
        longs(buffer, s.masks());
        longs(buffer, s.belowSnapshot());
        longs(buffer, s.aboveSnapshot());
        buffer.appendByte((byte) (s.finish() ? 1 : 0));
      }
      case Swept s -> {
        buffer.appendByte(SWEPT).appendInt(s.lanes());
        doubles(buffer, s.energies());
        longs(buffer, s.lowestSnapshot());
        longs(buffer, s.highestSnapshot());
      }
      case Finished f -> {
        buffer.appendByte(FINISHED).appendLong(f.attempts()).appendLong(f.accepted()).appendLong(f.kernelNanos());
        buffer.appendInt(f.bestStates().length);
        for (byte[] state : f.bestStates()) {
          spins(buffer, state);
        }
      }
      case Close c -> {
        buffer.appendByte(CLOSE);
        string(buffer, c.job());
      }
      case OpenScalar o -> {
        buffer.appendByte(OPEN_SCALAR);
        string(buffer, o.job());
        buffer.appendInt(o.from()).appendInt(o.to()).appendLong(o.seed()).appendInt(o.temperatures()).appendInt(o.lanes());
        terms(buffer, o.model());
      }
      case OpenRuns o -> {
        buffer.appendByte(OPEN_RUNS);
        string(buffer, o.job());
        AdvancedAnnealingConfig c = o.config();
        buffer.appendDouble(c.tunnellingStrength()).appendInt(c.coherenceTime())
            .appendByte((byte) (c.adaptiveCooling() ? 1 : 0)).appendDouble(c.convergenceThreshold())
            .appendInt(c.convergenceWindow()).appendInt(c.starts()).appendInt(c.parallelRuns()).appendInt(c.sweeps())
            .appendInt(c.reads()).appendLong(c.seed());
        terms(buffer, o.model());
        buffer.appendLong(o.timeLimitMs());
      }
      case RunOne r -> {
        buffer.appendByte(RUN_ONE);
        string(buffer, r.job());
        buffer.appendInt(r.start()).appendInt(r.run());
      }
      case RunDone d -> {
        buffer.appendByte(RUN_DONE).appendLong(d.attempts());
        buffer.appendInt(d.states().length);
        for (byte[] state : d.states()) {
          spins(buffer, state);
        }
        doubles(buffer, d.energies());
        if (d.schedule() == null) {
          buffer.appendInt(-1);
        } else {
          doubles(buffer, d.schedule());
        }
      }
    }
    buffer.setInt(lengthAt, buffer.length() - lengthAt - 4);
  }

  @Override
  public ReplicaMessage decodeFromWire(int pos, Buffer buffer) {
    if (pos < 0 || buffer.length() - pos < 4) {
      throw new IllegalArgumentException("replica message: no length");
    }
    int length = buffer.getInt(pos);
    if (length < 2 || length > buffer.length() - pos - 4) {
      throw new IllegalArgumentException("replica message: length " + length + " but " + (buffer.length() - pos - 4)
          + " bytes follow");
    }
    Reader in = new Reader(buffer, pos + 4, pos + 4 + length);
    byte version = in.getByte();
    if (version != VERSION) {
      throw new IllegalArgumentException("replica message: version " + version + ", this node speaks " + VERSION);
    }
    byte type = in.getByte();
    ReplicaMessage message = switch (type) {
      case OPEN -> new Open(in.string(), in.getInt(), in.getInt(), in.getLong(), in.getInt(),
          new PackedSlotRange.Glass(in.getInt(), in.getDouble(), in.getDouble(), in.ints(false), in.ints(false)));
      case STEP -> new Step(in.string(), in.getInt(), in.doubles(), in.ints(false), in.longs(false), in.longs(true),
          in.longs(true), in.getByte() != 0);
      case SWEPT -> new Swept(in.getInt(), in.doubles(), in.longs(true), in.longs(true));
      case FINISHED -> {
        long attempts = in.getLong();
        long accepted = in.getLong();
        long nanos = in.getLong();
        byte[][] states = new byte[in.count(4)][];   // each state takes at least its 4-byte length
        for (int lane = 0; lane < states.length; lane++) {
          states[lane] = in.spins();
        }
        yield new Finished(states, attempts, accepted, nanos);
      }
      case CLOSE -> new Close(in.string());
      case OPEN_RUNS -> {
        String job = in.string();
        AdvancedAnnealingConfig config = new AdvancedAnnealingConfig(in.getDouble(), in.getInt(), in.getByte() != 0,
            in.getDouble(), in.getInt(), in.getInt(), in.getInt(), in.getInt(), in.getInt(), in.getLong());
        yield new OpenRuns(job, config, in.terms(), in.getLong());
      }
      case OPEN_SCALAR -> new OpenScalar(in.string(), in.getInt(), in.getInt(), in.getLong(), in.getInt(), in.getInt(),
          in.terms());
      case RUN_ONE -> new RunOne(in.string(), in.getInt(), in.getInt());
      case RUN_DONE -> {
        long attempts = in.getLong();
        byte[][] states = new byte[in.count(4)][];
        for (int k = 0; k < states.length; k++) {
          states[k] = in.spins();
        }
        yield new RunDone(states, in.doubles(), attempts, in.doublesOrAbsent());
      }
      default -> throw new IllegalArgumentException("replica message: unknown type " + type);
    };
    in.expectEnd();
    return message;
  }

  @Override
  public ReplicaMessage transform(ReplicaMessage message) {
    return message;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }

  // ---- writing ----------------------------------------------------------------------------------

  private static void string(Buffer b, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    b.appendInt(bytes.length).appendBytes(bytes);
  }

  private static void terms(Buffer b, Terms t) {
    b.appendInt(t.n()).appendDouble(t.offset());
    doubles(b, t.h());
    ints(b, t.i());
    ints(b, t.j());
    doubles(b, t.J());
  }

  private static void ints(Buffer b, int[] a) {
    b.appendInt(a.length);
    for (int v : a) {
      b.appendInt(v);
    }
  }

  private static void longs(Buffer b, long[] a) {
    if (a == null) {
      b.appendInt(-1);
      return;
    }
    b.appendInt(a.length);
    for (long v : a) {
      b.appendLong(v);
    }
  }

  private static void doubles(Buffer b, double[] a) {
    b.appendInt(a.length);
    for (double v : a) {
      b.appendDouble(v);
    }
  }

  /** Spins ±1 as one bit each (1 for +1), or length −1 for none. */
  private static void spins(Buffer b, byte[] s) {
    if (s == null) {
      b.appendInt(-1);
      return;
    }
    b.appendInt(s.length);
    byte[] bits = new byte[(s.length + 7) / 8];
    for (int i = 0; i < s.length; i++) {
      if (s[i] == 1) {
        bits[i >>> 3] |= (byte) (1 << (i & 7));
      } else if (s[i] != -1) {
        throw new IllegalArgumentException("spin " + i + " is " + s[i] + ", not ±1");
      }
    }
    b.appendBytes(bits);
  }

  // ---- reading ----------------------------------------------------------------------------------

  /** Reads within {@code [pos, end)} only; every count is checked against the bytes left. */
  private static final class Reader {
    private final Buffer buffer;
    private final int end;
    private int pos;

    Reader(Buffer buffer, int pos, int end) {
      this.buffer = buffer;
      this.pos = pos;
      this.end = end;
    }

    private int take(int bytes) {
      if (end - pos < bytes) {
        throw new IllegalArgumentException("replica message: truncated at byte " + pos);
      }
      int at = pos;
      pos += bytes;
      return at;
    }

    byte getByte() {
      return buffer.getByte(take(1));
    }

    int getInt() {
      return buffer.getInt(take(4));
    }

    long getLong() {
      return buffer.getLong(take(8));
    }

    double getDouble() {
      return buffer.getDouble(take(8));
    }

    /** A count of elements of {@code size} bytes each that must all still be in the message. */
    int count(int size) {
      int n = getInt();
      if (n < 0 || n > (end - pos) / size) {
        throw new IllegalArgumentException("replica message: " + n + " elements of " + size + " bytes, "
            + (end - pos) + " bytes left");
      }
      return n;
    }

    /** −1 (absent, when allowed) or a count as above. */
    private int countOrAbsent(int size, boolean nullable) {
      if (nullable && end - pos >= 4 && buffer.getInt(pos) == -1) {
        pos += 4;
        return -1;
      }
      return count(size);
    }

    String string() {
      int n = count(1);
      String s = buffer.getString(pos, pos + n, "UTF-8");
      pos += n;
      return s;
    }

    int[] ints(boolean nullable) {
      int n = countOrAbsent(4, nullable);
      if (n < 0) {
        return null;
      }
      int[] a = new int[n];
      for (int i = 0; i < n; i++) {
        a[i] = getInt();
      }
      return a;
    }

    long[] longs(boolean nullable) {
      int n = countOrAbsent(8, nullable);
      if (n < 0) {
        return null;
      }
      long[] a = new long[n];
      for (int i = 0; i < n; i++) {
        a[i] = getLong();
      }
      return a;
    }

    Terms terms() {
      return new Terms(getInt(), getDouble(), doubles(), ints(false), ints(false), doubles());
    }

    double[] doublesOrAbsent() {
      int n = countOrAbsent(8, true);
      return n < 0 ? null : doublesOf(n);
    }

    double[] doubles() {
      return doublesOf(count(8));
    }

    private double[] doublesOf(int n) {
      double[] a = new double[n];
      for (int i = 0; i < n; i++) {
        a[i] = getDouble();
      }
      return a;
    }

    byte[] spins() {
      int n = getInt();
      if (n == -1) {
        return null;
      }
      if (n < 0 || (n + 7L) / 8 > end - pos) {
        throw new IllegalArgumentException("replica message: a state of " + n + " spins, " + (end - pos) + " bytes left");
      }
      byte[] s = new byte[n];
      for (int i = 0; i < n; i++) {
        s[i] = (buffer.getByte(pos + (i >>> 3)) >>> (i & 7) & 1) != 0 ? (byte) 1 : (byte) -1;
      }
      pos += (n + 7) / 8;
      return s;
    }

    void expectEnd() {
      if (pos != end) {
        throw new IllegalArgumentException("replica message: " + (end - pos) + " bytes after the last field");
      }
    }
  }
}

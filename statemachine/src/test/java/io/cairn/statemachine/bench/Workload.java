package io.cairn.statemachine.bench;

import com.google.protobuf.ByteString;
import io.cairn.statemachine.LogFormat;
import io.cairn.statemachine.proto.Command;
import io.cairn.statemachine.proto.Entry;
import io.cairn.statemachine.proto.Put;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Put commands as the server proposes them: each from its own client session (session id, seq,
 * first_incomplete_seq all set, as the API translator does), 16-byte keys drawn uniformly from a
 * fixed key space, random values. Deterministic for a given seed.
 */
final class Workload {
  static final int KEY_SPACE = 100_000;
  static final int KEY_BYTES = 16;

  /** Distinct random values cycled through; enough that LMDB cannot dedupe anything useful. */
  private static final int VALUE_POOL = 1024;

  private final SplittableRandom random;
  private final ByteString[] values;
  private final long[] nextSeq;
  private int nextSession;

  /**
   * @param sessions how many client sessions the commands rotate through (256 mirrors 256 clients)
   */
  Workload(long seed, int valueBytes, int sessions) {
    this.random = new SplittableRandom(seed);
    this.values = new ByteString[VALUE_POOL];
    for (int i = 0; i < values.length; i++) {
      byte[] v = new byte[valueBytes];
      random.nextBytes(v);
      values[i] = ByteString.copyFrom(v);
    }
    this.nextSeq = new long[sessions];
  }

  /** The next put, from the next session in turn, at that session's next seq. */
  Command nextPut() {
    int s = nextSession;
    nextSession = (s + 1) % nextSeq.length;
    long seq = ++nextSeq[s];
    Put put =
        Put.newBuilder()
            .setKey(key(random.nextInt(KEY_SPACE)))
            .setValue(values[random.nextInt(values.length)])
            .build();
    // A client with one request in flight has every earlier seq answered.
    return Command.newBuilder()
        .setSessionId(s + 1)
        .setSeq(seq)
        .setFirstIncompleteSeq(seq)
        .setPut(put)
        .build();
  }

  /** An entry of the next {@code commands} puts, stamped with {@code leaderTimeMs}. */
  Entry nextEntry(int commands, long leaderTimeMs) {
    Entry.Builder entry = Entry.newBuilder().setFormat(LogFormat.V1).setLeaderTimeMs(leaderTimeMs);
    for (int i = 0; i < commands; i++) {
      entry.addCommands(nextPut());
    }
    return entry.build();
  }

  /** Key number {@code n} as exactly {@link #KEY_BYTES} bytes ({@code k} + 15 digits). */
  static ByteString key(int n) {
    return ByteString.copyFrom(String.format("k%015d", n), StandardCharsets.US_ASCII);
  }
}

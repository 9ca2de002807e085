package io.cairn.statemachine.store;

import static io.cairn.statemachine.Commands.all;
import static io.cairn.statemachine.Commands.entry;
import static io.cairn.statemachine.Commands.putCmd;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.statemachine.proto.Command;
import io.cairn.statemachine.proto.CommandResult;
import io.cairn.statemachine.proto.QueryResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionTableTest {
  @TempDir Path tmp;
  private LmdbStore store;
  private long nextIndex = 1;

  @BeforeEach
  void open() {
    store = LmdbStore.open(tmp, SyncMode.NO_SYNC);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static Command session(long sid, long seq, long fis, Command c) {
    return c.toBuilder().setSessionId(sid).setSeq(seq).setFirstIncompleteSeq(fis).build();
  }

  private CommandResult apply(long leaderTimeMs, Command c) {
    return store
        .applyBatch(List.of(new LoggedEntry(1, nextIndex++, entry(leaderTimeMs, List.of(c)))))
        .get(0)
        .result()
        .getResults(0);
  }

  @Test
  void retriedSeqReturnsTheStoredResultWithoutApplyingAgain() {
    CommandResult first = apply(1_000, session(5, 1, 1, putCmd("a", "1")));
    apply(1_000, putCmd("b", "2")); // moves the revision on
    QueryResult before = store.query(all());

    CommandResult retry = apply(2_000, session(5, 1, 1, putCmd("a", "1")));
    assertThat(retry).isEqualTo(first);
    assertThat(store.query(all())).isEqualTo(before);
  }

  @Test
  void seqBelowTheRetainedWindowIsASessionError() {
    apply(1_000, session(5, 1, 1, putCmd("a", "1")));
    apply(1_000, session(5, 2, 1, putCmd("a", "2")));
    apply(1_000, session(5, 3, 3, putCmd("a", "3"))); // acknowledges 1 and 2
    QueryResult before = store.query(all());

    CommandResult forgotten = apply(1_000, session(5, 2, 3, putCmd("a", "2")));
    assertThat(forgotten.getSessionError()).isEqualTo("seq 2 of session 5 is no longer retained");
    assertThat(forgotten.getRevision()).isEqualTo(3);
    assertThat(store.query(all())).isEqualTo(before);
    assertThat(apply(1_000, session(5, 3, 3, putCmd("a", "3"))).getRevision()).isEqualTo(3);
  }

  @Test
  void responsesBelowTheWindowAreDeletedInSlices() {
    for (long seq = 1; seq <= 100; seq++) {
      apply(1_000, session(5, seq, seq, putCmd("a", Long.toString(seq))));
    }
    // The window starts at 100: 96..99 wait for the next multiple of 32, 100 is retained.
    assertThat(store.storedResponses()).isEqualTo(5);
    assertThat(apply(1_000, session(5, 97, 100, putCmd("a", "97"))).getSessionError())
        .isEqualTo("seq 97 of session 5 is no longer retained");
    for (long seq = 101; seq <= 128; seq++) {
      apply(1_000, session(5, seq, seq, putCmd("a", Long.toString(seq))));
    }
    assertThat(store.storedResponses()).isEqualTo(1); // the window crossed 128
    assertThat(store.revision()).isEqualTo(128);
  }

  @Test
  void sessionsExpireByLeaderTimeOnly() {
    long t0 = 10_000_000;
    apply(t0, session(8, 1, 1, putCmd("a", "1")));
    apply(t0, session(9, 1, 1, putCmd("b", "1")));
    // Session 9 stays active; 8 goes idle for longer than the TTL.
    apply(t0 + LmdbStore.SESSION_TTL_MS - 1_000, session(9, 2, 2, putCmd("b", "2")));
    apply(t0 + LmdbStore.SESSION_TTL_MS + 120_000, putCmd("tick", "x"));

    // Session 8 was forgotten: its seq 1 is a new command again and applies.
    CommandResult again =
        apply(t0 + LmdbStore.SESSION_TTL_MS + 130_000, session(8, 1, 1, putCmd("a", "1")));
    assertThat(again.getRevision()).isEqualTo(5);
    // Session 9 kept its window: seq 2 is deduplicated.
    CommandResult dup =
        apply(t0 + LmdbStore.SESSION_TTL_MS + 130_000, session(9, 2, 2, putCmd("b", "2")));
    assertThat(dup.getRevision()).isEqualTo(3);
    assertThat(store.revision()).isEqualTo(5);
  }

  @Test
  void aBatchOfCommandsAnswersExactlyAsTheSameCommandsOneEntryEach() {
    java.util.Random rnd = new java.util.Random(7);
    List<Command> cmds = new java.util.ArrayList<>();
    long[] next = new long[4];
    long[] acked = new long[4];
    java.util.Arrays.fill(next, 1);
    java.util.Arrays.fill(acked, 1);
    for (int i = 0; i < 400; i++) {
      int sid = 1 + rnd.nextInt(3);
      long seq;
      if (rnd.nextInt(5) == 0 && next[sid] > 1) {
        seq = 1 + rnd.nextInt((int) next[sid] - 1); // a retry, maybe below the window
      } else {
        seq = next[sid]++;
      }
      if (rnd.nextInt(3) == 0) {
        acked[sid] = Math.min(next[sid], acked[sid] + 1 + rnd.nextInt(3)); // window moves
      }
      cmds.add(session(sid, seq, acked[sid], putCmd("k" + rnd.nextInt(20), "v" + i)));
    }
    List<CommandResult> oneByOne = new java.util.ArrayList<>();
    for (Command c : cmds) {
      oneByOne.add(apply(1_000, c));
    }
    List<CommandResult> batched;
    try (LmdbStore other = LmdbStore.open(tmp.resolve("batched"), SyncMode.NO_SYNC)) {
      int half = cmds.size() / 2;
      batched = new java.util.ArrayList<>();
      List<List<Command>> parts = List.of(cmds.subList(0, half), cmds.subList(half, cmds.size()));
      for (int p = 0; p < parts.size(); p++) {
        batched.addAll(
            other
                .applyBatch(List.of(new LoggedEntry(1, p + 1, entry(1_000, parts.get(p)))))
                .get(0)
                .result()
                .getResultsList());
      }
      assertThat(batched).isEqualTo(oneByOne);
      assertThat(oneByOne).anyMatch(r -> !r.getSessionError().isEmpty());
      // Afterwards both stores answer every retry alike: same rows, same retained responses.
      for (int sid = 1; sid <= 3; sid++) {
        for (long seq = 1; seq < next[sid]; seq++) {
          Command retry = session(sid, seq, acked[sid], putCmd("x", "y"));
          CommandResult a = apply(2_000, retry);
          CommandResult b =
              other
                  .applyBatch(
                      List.of(
                          new LoggedEntry(
                              1, 1_000 + sid * 1_000 + seq, entry(2_000, List.of(retry)))))
                  .get(0)
                  .result()
                  .getResults(0);
          assertThat(b).as("retry of session %d seq %d", sid, seq).isEqualTo(a);
        }
      }
      assertThat(other.query(all())).isEqualTo(store.query(all()));
    }
  }
}

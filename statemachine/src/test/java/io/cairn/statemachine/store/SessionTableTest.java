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
}

package io.cairn.statemachine.store;

import static io.cairn.statemachine.Commands.FROM_KEY;
import static io.cairn.statemachine.Commands.all;
import static io.cairn.statemachine.Commands.bs;
import static io.cairn.statemachine.Commands.bytes;
import static io.cairn.statemachine.Commands.cmd;
import static io.cairn.statemachine.Commands.compare;
import static io.cairn.statemachine.Commands.delete;
import static io.cairn.statemachine.Commands.entry;
import static io.cairn.statemachine.Commands.op;
import static io.cairn.statemachine.Commands.put;
import static io.cairn.statemachine.Commands.putCmd;
import static io.cairn.statemachine.Commands.query;
import static io.cairn.statemachine.Commands.range;
import static io.cairn.statemachine.Commands.valueCompare;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.cairn.statemachine.proto.Command;
import io.cairn.statemachine.proto.CommandResult;
import io.cairn.statemachine.proto.Compare.Result;
import io.cairn.statemachine.proto.Compare.Target;
import io.cairn.statemachine.proto.Entry;
import io.cairn.statemachine.proto.KeyValue;
import io.cairn.statemachine.proto.Put;
import io.cairn.statemachine.proto.QueryResult;
import io.cairn.statemachine.proto.Range;
import io.cairn.statemachine.proto.RangeResult;
import io.cairn.statemachine.proto.Txn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LmdbStoreTest {
  @TempDir Path tmp;
  private LmdbStore store;
  private long nextIndex = 1;

  @BeforeEach
  void open() {
    store = LmdbStore.open(tmp.resolve("db"), SyncMode.NO_SYNC);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private List<CommandResult> apply(long leaderTimeMs, Command... commands) {
    Entry e = entry(leaderTimeMs, List.of(commands));
    List<EntryApplied> out = store.applyBatch(List.of(new LoggedEntry(1, nextIndex++, e)));
    assertThat(out).hasSize(1);
    assertThat(out.get(0).alreadyApplied()).isFalse();
    return out.get(0).result().getResultsList();
  }

  private CommandResult apply(Command command) {
    return apply(1_000, command).get(0);
  }

  private RangeResult read(Range r) {
    return store.query(query(r)).getRange();
  }

  private static List<String> keys(RangeResult r) {
    return r.getKvsList().stream().map(kv -> kv.getKey().toStringUtf8()).toList();
  }

  @Test
  void putsTrackRevisionsAndVersionsLikeEtcd() {
    assertThat(store.revision()).isZero();
    assertThat(apply(putCmd("a", "1")).getRevision()).isEqualTo(1);
    CommandResult second =
        apply(cmd(Put.newBuilder().setKey(bs("a")).setValue(bs("2")).setPrevKv(true).build()));
    assertThat(second.getRevision()).isEqualTo(2);
    assertThat(second.getPut().getPrevKv().getValue()).isEqualTo(bs("1"));
    assertThat(apply(putCmd("a", "3")).getPut().hasPrevKv()).isFalse(); // not asked for
    apply(putCmd("b", "x"));

    KeyValue a = read(range(bs("a"), ByteString.EMPTY)).getKvs(0);
    assertThat(a.getCreateRevision()).isEqualTo(1);
    assertThat(a.getModRevision()).isEqualTo(3);
    assertThat(a.getVersion()).isEqualTo(3);
    assertThat(a.getValue()).isEqualTo(bs("3"));
    KeyValue b = read(range(bs("b"), ByteString.EMPTY)).getKvs(0);
    assertThat(List.of(b.getCreateRevision(), b.getModRevision(), b.getVersion()))
        .containsExactly(4L, 4L, 1L);
    assertThat(store.revision()).isEqualTo(4);
    assertThat(store.query(all()).getRevision()).isEqualTo(4);
  }

  @Test
  void rangeHonoursLimitMoreCountKeysOnlyAndCountOnly() {
    for (String k : List.of("a", "b", "c", "d")) {
      apply(putCmd(k, "v" + k));
    }
    RangeResult limited = read(range(bs("a"), bs("d")).toBuilder().setLimit(2).build());
    assertThat(keys(limited)).containsExactly("a", "b");
    assertThat(limited.getMore()).isTrue();
    assertThat(limited.getCount()).isEqualTo(3);

    RangeResult exact = read(range(bs("a"), bs("d")).toBuilder().setLimit(3).build());
    assertThat(exact.getMore()).isFalse();
    assertThat(keys(read(range(bs("a"), bs("d"))))).containsExactly("a", "b", "c");

    RangeResult keysOnly = read(range(bs("b"), FROM_KEY).toBuilder().setKeysOnly(true).build());
    assertThat(keys(keysOnly)).containsExactly("b", "c", "d");
    assertThat(keysOnly.getKvsList()).allMatch(kv -> kv.getValue().isEmpty());
    assertThat(keysOnly.getKvs(0).getVersion()).isEqualTo(1);

    RangeResult countOnly = read(range(bs("a"), FROM_KEY).toBuilder().setCountOnly(true).build());
    assertThat(countOnly.getKvsList()).isEmpty();
    assertThat(countOnly.getCount()).isEqualTo(4);

    RangeResult missing = read(range(bs("zz"), ByteString.EMPTY));
    assertThat(missing.getKvsList()).isEmpty();
    assertThat(missing.getCount()).isZero();
    assertThat(read(range(bs("d"), bs("a"))).getCount()).isZero(); // end before key
  }

  @Test
  void prefixAndFromKeyRangesOrderBytesUnsigned() {
    apply(putCmd("k1", "1"));
    apply(putCmd("k2", "2"));
    apply(putCmd("l", "3"));
    for (ByteString key : List.of(bytes(0x01), bytes(0x7f), bytes(0x80), bytes(0xff))) {
      apply(cmd(Put.newBuilder().setKey(key).setValue(key).build()));
    }
    // prefix "k": [k, l)
    assertThat(keys(read(range(bs("k"), bs("l"))))).containsExactly("k1", "k2");
    // "\0" = every key >= key, in unsigned order: 0x80 and 0xff come after ASCII.
    assertThat(read(range(bs("l"), FROM_KEY)).getKvsList())
        .extracting(KeyValue::getKey)
        .containsExactly(bs("l"), bytes(0x7f), bytes(0x80), bytes(0xff));
    assertThat(read(range(bytes(0x01), bytes(0x80))).getKvsList())
        .extracting(KeyValue::getKey)
        .containsExactly(bytes(0x01), bs("k1"), bs("k2"), bs("l"), bytes(0x7f));
    assertThat(read(range(bytes(0x80), bytes(0xff, 0x00))).getCount()).isEqualTo(2);
    assertThat(store.query(all()).getRange().getCount()).isEqualTo(7);
  }

  @Test
  void deleteRangeRemovesKeysAndBumpsRevisionOnlyWhenSomethingWentAway() {
    for (String k : List.of("a", "b", "c", "d")) {
      apply(putCmd(k, "v"));
    }
    CommandResult single = apply(cmd(delete(bs("a"), ByteString.EMPTY)));
    assertThat(single.getDeleteRange().getDeleted()).isEqualTo(1);
    assertThat(single.getRevision()).isEqualTo(5);

    CommandResult none = apply(cmd(delete(bs("a"), ByteString.EMPTY)));
    assertThat(none.getDeleteRange().getDeleted()).isZero();
    assertThat(none.getRevision()).isEqualTo(5);

    CommandResult ranged =
        apply(cmd(delete(bs("b"), bs("d")).toBuilder().setPrevKvs(true).build()));
    assertThat(ranged.getDeleteRange().getDeleted()).isEqualTo(2);
    assertThat(ranged.getDeleteRange().getPrevKvsList())
        .extracting(kv -> kv.getKey().toStringUtf8())
        .containsExactly("b", "c");
    assertThat(ranged.getRevision()).isEqualTo(6);
    assertThat(keys(store.query(all()).getRange())).containsExactly("d");

    apply(putCmd("a", "again"));
    KeyValue recreated = read(range(bs("a"), ByteString.EMPTY)).getKvs(0);
    assertThat(recreated.getVersion()).isEqualTo(1); // a new generation after the delete
    assertThat(recreated.getCreateRevision()).isEqualTo(7);
    apply(cmd(delete(FROM_KEY, FROM_KEY)));
    assertThat(store.query(all()).getRange().getCount()).isZero();
  }

  @Test
  void txnComparesEachTargetAgainstTheStateBeforeItsOps() {
    apply(putCmd("k", "m")); // rev 1
    apply(putCmd("k", "m")); // rev 2: version 2, create 1, mod 2
    record Case(io.cairn.statemachine.proto.Compare compare, boolean holds) {}
    List<Case> cases =
        List.of(
            new Case(compare("k", Target.VERSION, Result.EQUAL, 2), true),
            new Case(compare("k", Target.VERSION, Result.GREATER, 1), true),
            new Case(compare("k", Target.VERSION, Result.LESS, 2), false),
            new Case(compare("k", Target.CREATE, Result.EQUAL, 1), true),
            new Case(compare("k", Target.CREATE, Result.NOT_EQUAL, 1), false),
            new Case(compare("k", Target.MOD, Result.EQUAL, 2), true),
            new Case(compare("k", Target.MOD, Result.LESS, 3), true),
            new Case(valueCompare("k", Result.EQUAL, "m"), true),
            new Case(valueCompare("k", Result.GREATER, "l"), true),
            new Case(valueCompare("k", Result.LESS, "l"), false),
            new Case(valueCompare("k", Result.LESS, "n"), true),
            new Case(valueCompare("k", Result.NOT_EQUAL, "m"), false),
            new Case(compare("missing", Target.VERSION, Result.EQUAL, 0), true),
            new Case(compare("missing", Target.CREATE, Result.GREATER, 0), false),
            new Case(valueCompare("missing", Result.EQUAL, ""), false),
            new Case(valueCompare("missing", Result.LESS, "z"), false),
            new Case(valueCompare("missing", Result.NOT_EQUAL, "x"), false));
    for (Case c : cases) {
      CommandResult r =
          apply(
              cmd(
                  Txn.newBuilder()
                      .addCompare(c.compare())
                      .addSuccess(op(range(bs("k"), ByteString.EMPTY)))
                      .build()));
      assertThat(r.getTxn().getSucceeded()).as(c.compare().toString()).isEqualTo(c.holds());
      assertThat(r.getRevision()).isEqualTo(2); // read-only branches keep the revision
    }
    // Unsigned value compare: 0x80 > 0x7f.
    apply(cmd(Put.newBuilder().setKey(bs("u")).setValue(bytes(0x80)).build())); // rev 3
    CommandResult unsigned =
        apply(
            cmd(
                Txn.newBuilder()
                    .addCompare(
                        valueCompare("u", Result.GREATER, "").toBuilder()
                            .setValue(bytes(0x7f))
                            .build())
                    .build()));
    assertThat(unsigned.getTxn().getSucceeded()).isTrue();
  }

  @Test
  void txnRunsOneBranchWhoseWritesShareOneRevisionAndAreVisibleToLaterRanges() {
    apply(putCmd("a", "1")); // rev 1
    Txn txn =
        Txn.newBuilder()
            .addCompare(valueCompare("a", Result.EQUAL, "1"))
            .addSuccess(op(put("a", "2")))
            .addSuccess(op(put("b", "new")))
            .addSuccess(op(range(bs("a"), FROM_KEY)))
            .addSuccess(op(delete(bs("a"), ByteString.EMPTY)))
            .addFailure(op(put("f", "x")))
            .build();
    CommandResult r = apply(cmd(txn));
    assertThat(r.getTxn().getSucceeded()).isTrue();
    assertThat(r.getRevision()).isEqualTo(2);
    RangeResult seen = r.getTxn().getResults(2).getRange();
    assertThat(keys(seen)).containsExactly("a", "b");
    assertThat(seen.getKvsList()).allMatch(kv -> kv.getModRevision() == 2);
    assertThat(r.getTxn().getResults(3).getDeleteRange().getDeleted()).isEqualTo(1);
    assertThat(keys(store.query(all()).getRange())).containsExactly("b");

    CommandResult failed = apply(cmd(txn)); // a is gone now: failure branch
    assertThat(failed.getTxn().getSucceeded()).isFalse();
    assertThat(failed.getTxn().getResultsCount()).isEqualTo(1);
    assertThat(failed.getRevision()).isEqualTo(3);
    assertThat(keys(store.query(all()).getRange())).containsExactly("b", "f");
  }

  @Test
  void reopeningKeepsDataAndAppliedIndexAndSkipsReplayedEntries() {
    Entry first = entry(1, List.of(putCmd("a", "1"), putCmd("b", "2")));
    Entry second = entry(2, List.of(putCmd("a", "3")));
    store.applyBatch(List.of(new LoggedEntry(3, 10, first), new LoggedEntry(3, 11, second)));
    QueryResult before = store.query(all());
    store.close();

    store = LmdbStore.open(tmp.resolve("db"), SyncMode.NO_SYNC);
    assertThat(store.appliedTermIndex()).isEqualTo(new TermIndexValue(3, 11));
    assertThat(store.revision()).isEqualTo(3);
    assertThat(store.query(all())).isEqualTo(before);

    List<EntryApplied> replay =
        store.applyBatch(
            List.of(
                new LoggedEntry(3, 10, first),
                new LoggedEntry(3, 11, second),
                new LoggedEntry(4, 12, entry(3, List.of(putCmd("c", "4"))))));
    assertThat(replay).extracting(EntryApplied::alreadyApplied).containsExactly(true, true, false);
    assertThat(replay.get(2).result().getResults(0).getRevision()).isEqualTo(4);
    assertThat(store.appliedTermIndex()).isEqualTo(new TermIndexValue(4, 12));
    assertThat(keys(store.query(all()).getRange())).containsExactly("a", "b", "c");
  }

  @Test
  void emptyStoreReportsNothingApplied() {
    assertThat(store.appliedTermIndex()).isEqualTo(TermIndexValue.NONE);
    assertThat(store.dbSizeBytes()).isPositive();
  }

  @Test
  void unknownLogFormatAppliesNothing() {
    Entry future = entry(1, List.of(putCmd("a", "1"))).toBuilder().setFormat(2).build();
    assertThatThrownBy(() -> store.applyBatch(List.of(new LoggedEntry(1, 1, future))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.appliedTermIndex()).isEqualTo(TermIndexValue.NONE);
    assertThat(store.revision()).isZero();
  }

  @Test
  void compactCopyOpensWithTheSameDataAndAppliedIndex() throws IOException {
    for (int i = 0; i < 200; i++) {
      apply(putCmd("key" + i, "value" + i));
    }
    apply(cmd(delete(bs("key1"), bs("key2"))));
    Path copy = tmp.resolve("copy");
    store.copyCompactTo(copy);
    try (LmdbStore copied = LmdbStore.open(copy, SyncMode.NO_SYNC)) {
      assertThat(copied.appliedTermIndex()).isEqualTo(store.appliedTermIndex());
      assertThat(copied.revision()).isEqualTo(store.revision());
      assertThat(copied.query(all())).isEqualTo(store.query(all()));
    }
    assertThatThrownBy(() -> store.copyCompactTo(copy)).isInstanceOf(IOException.class);
  }

  @Test
  void installCopyReplacesTheEnvironment() throws IOException {
    apply(putCmd("old", "1"));
    Path other = tmp.resolve("other");
    try (LmdbStore source = LmdbStore.open(other, SyncMode.NO_SYNC)) {
      source.applyBatch(List.of(new LoggedEntry(7, 70, entry(1, List.of(putCmd("new", "2"))))));
      source.copyCompactTo(tmp.resolve("staged"));
    }
    store.close();
    LmdbStore.installCopy(tmp.resolve("staged"), tmp.resolve("db"));
    store = LmdbStore.open(tmp.resolve("db"), SyncMode.NO_SYNC);
    assertThat(store.appliedTermIndex()).isEqualTo(new TermIndexValue(7, 70));
    assertThat(keys(store.query(all()).getRange())).containsExactly("new");
    assertThat(Files.exists(tmp.resolve("staged").resolve("data.mdb"))).isFalse();
  }

  @Test
  void closedStoreRefusesWork() {
    store.close();
    assertThatThrownBy(() -> store.revision()).isInstanceOf(IllegalStateException.class);
    store.close(); // idempotent
  }
}

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
import io.cairn.statemachine.Commands;
import io.cairn.statemachine.apply.Failures;
import io.cairn.statemachine.proto.Command;
import io.cairn.statemachine.proto.CommandResult;
import io.cairn.statemachine.proto.Compact;
import io.cairn.statemachine.proto.Compare.Result;
import io.cairn.statemachine.proto.Compare.Target;
import io.cairn.statemachine.proto.Entry;
import io.cairn.statemachine.proto.Event;
import io.cairn.statemachine.proto.KeyValue;
import io.cairn.statemachine.proto.LeaseGrant;
import io.cairn.statemachine.proto.LeaseInfo;
import io.cairn.statemachine.proto.LeaseInfoResult;
import io.cairn.statemachine.proto.LeaseRevoke;
import io.cairn.statemachine.proto.Put;
import io.cairn.statemachine.proto.Query;
import io.cairn.statemachine.proto.QueryResult;
import io.cairn.statemachine.proto.Range;
import io.cairn.statemachine.proto.RangeResult;
import io.cairn.statemachine.proto.Txn;
import io.cairn.statemachine.proto.TxnResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;

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

  private static Command grant(long id, long ttl) {
    return Command.newBuilder()
        .setLeaseGrant(LeaseGrant.newBuilder().setId(id).setTtlSeconds(ttl))
        .build();
  }

  private static Command revoke(long id) {
    return Command.newBuilder().setLeaseRevoke(LeaseRevoke.newBuilder().setId(id)).build();
  }

  private static Command compact(long revision) {
    return Command.newBuilder().setCompact(Compact.newBuilder().setRevision(revision)).build();
  }

  private static Command leasedPut(String key, String value, long lease) {
    return cmd(put(key, value).toBuilder().setLease(lease).build());
  }

  private QueryResult readAt(String key, long revision) {
    return store.query(
        Query.newBuilder()
            .setRange(Range.newBuilder().setKey(bs(key)).setRevision(revision))
            .build());
  }

  private static String value(QueryResult r) {
    return r.getRange().getKvsCount() == 0
        ? null
        : r.getRange().getKvs(0).getValue().toStringUtf8();
  }

  @Test
  void rangeAtARevisionSeesTheKeysAsTheyWereThen() {
    apply(putCmd("a", "1")); // 1
    apply(putCmd("b", "x")); // 2
    apply(putCmd("a", "2")); // 3
    apply(cmd(delete(bs("a"), ByteString.EMPTY))); // 4
    assertThat(value(readAt("a", 1))).isEqualTo("1");
    assertThat(value(readAt("a", 2))).isEqualTo("1");
    assertThat(readAt("a", 3).getRange().getKvs(0))
        .isEqualTo(
            KeyValue.newBuilder()
                .setKey(bs("a"))
                .setValue(bs("2"))
                .setCreateRevision(1)
                .setModRevision(3)
                .setVersion(2)
                .build());
    assertThat(value(readAt("a", 4))).isNull();
    RangeResult atTwo =
        store
            .query(
                Query.newBuilder()
                    .setRange(range(bs("a"), FROM_KEY).toBuilder().setRevision(2))
                    .build())
            .getRange();
    assertThat(keys(atTwo)).containsExactly("a", "b");

    QueryResult future = readAt("a", 5);
    assertThat(future.getFailure().getReason()).isEqualTo(Failures.FUTURE_REVISION);
    assertThat(future.getRevision()).isEqualTo(4);
  }

  @Test
  void compactionFailsOldReadsKeepsNewerOnesAndDeletesHistoryInSlicesAcrossRestarts() {
    store.compactionBatch(2);
    for (int i = 0; i < 10; i++) {
      apply(putCmd("k" + (i % 3), "v" + i)); // revisions 1..10
    }
    apply(cmd(delete(bs("k0"), ByteString.EMPTY))); // 11
    CommandResult c = apply(compact(11));
    assertThat(c.getCompact().getCompactRevision()).isEqualTo(11);
    assertThat(c.getRevision()).isEqualTo(11); // compaction is no new revision
    assertThat(store.compactionPending()).isTrue(); // one small slice only so far

    QueryResult old = readAt("k1", 10);
    assertThat(old.getFailure().getReason()).isEqualTo(Failures.COMPACTED);
    assertThat(old.getFailure().getCompactRevision()).isEqualTo(11);
    assertThat(old.getCompactRevision()).isEqualTo(11);
    assertThat(store.readEvents(11, 100).events()).isEmpty();

    // A restart in the middle resumes the walk from where the last slice stopped.
    store.close();
    store = LmdbStore.open(tmp.resolve("db"), SyncMode.NO_SYNC);
    store.compactionBatch(2);
    int slices = 0;
    while (store.compactionPending()) {
      store.applyBatch(List.of());
      slices++;
    }
    assertThat(slices).isGreaterThan(1);
    apply(putCmd("k1", "new")); // 12
    assertThat(value(readAt("k1", 12))).isEqualTo("new");
    assertThat(value(readAt("k0", 12))).isNull();
    assertThat(value(readAt("k2", 12))).isEqualTo("v8");
    List<Event> events = store.readEvents(12, 100).events();
    assertThat(events).hasSize(1);
    assertThat(events.get(0).getPrevKv().getValue()).isEqualTo(bs("v7"));

    assertThat(apply(compact(11)).getFailure().getReason()).isEqualTo(Failures.COMPACTED);
    assertThat(apply(compact(13)).getFailure().getReason()).isEqualTo(Failures.FUTURE_REVISION);
    assertThat(store.compactRevision()).isEqualTo(11);
  }

  @Test
  void aCompactionTrimsTheIndexOnlyFromTheBatchAfterItsOwn() {
    apply(putCmd("k", "v1")); // 1
    apply(putCmd("k", "v2")); // 2
    List<QueryResult> seen = new ArrayList<>();
    List<EventHistory> events = new ArrayList<>();
    // One entry writes revision 3 and compacts to it. Before its commit, readers still see
    // revision 2: trimming the index now would take v2 away from them.
    Entry putAndCompact = entry(1_000, List.of(putCmd("k", "v3"), compact(3)));
    store.applyBatch(
        List.of(new LoggedEntry(1, nextIndex++, putAndCompact)),
        applied -> {
          seen.add(store.query(Commands.query(range(bs("k"), ByteString.EMPTY))));
          seen.add(readAt("k", 1));
          events.add(store.readEvents(2, 100));
        });
    assertThat(seen.get(0).getRevision()).isEqualTo(2);
    assertThat(value(seen.get(0))).isEqualTo("v2");
    assertThat(value(seen.get(1))).isEqualTo("v1");
    assertThat(events.get(0).events().get(0).getPrevKv().getValue()).isEqualTo(bs("v1"));

    assertThat(readAt("k", 2).getFailure().getReason()).isEqualTo(Failures.COMPACTED);
    assertThat(store.compactionPending()).isTrue();
    store.applyBatch(List.of()); // the next batch trims
    assertThat(store.compactionPending()).isFalse();
    assertThat(value(store.query(Commands.query(range(bs("k"), ByteString.EMPTY)))))
        .isEqualTo("v3");
    assertThat(store.readEvents(4, 100).events()).isEmpty();
  }

  @Test
  void aFailedBatchLeavesNoTraceInTheKeyIndex() {
    Entry good = entry(1, List.of(putCmd("a", "1")));
    Entry future = entry(1, List.of(putCmd("z", "9"))).toBuilder().setFormat(2).build();
    assertThatThrownBy(
            () ->
                store.applyBatch(
                    List.of(new LoggedEntry(1, 1, good), new LoggedEntry(1, 2, future))))
        .isInstanceOf(IllegalArgumentException.class);
    apply(putCmd("b", "2")); // takes revision 1, the revision "a" had in the failed batch
    assertThat(keys(store.query(all()).getRange())).containsExactly("b");
    assertThat(value(readAt("a", 1))).isNull();
    assertThat(store.keyCount()).isEqualTo(1);
  }

  @Test
  void migratesASchemaVersion2StoreByDroppingItsKeyOrderedTrees() {
    apply(putCmd("a", "1"));
    apply(putCmd("a", "2"));
    store.close();
    Path dir = tmp.resolve("db");
    // Version 2 kept the same history in rev plus the key-ordered kv and kidx.
    try (Env<byte[]> env =
        Env.create(ByteArrayProxy.PROXY_BA).setMaxDbs(16).open(dir.toFile(), EnvFlags.MDB_NOTLS)) {
      env.openDbi(Schema.V2_KV, DbiFlags.MDB_CREATE, DbiFlags.MDB_UNSIGNEDKEY)
          .put(bs("a").toByteArray(), bs("stale").toByteArray());
      env.openDbi(
              Schema.V2_KIDX,
              DbiFlags.MDB_CREATE,
              DbiFlags.MDB_UNSIGNEDKEY,
              DbiFlags.MDB_DUPSORT,
              DbiFlags.MDB_DUPFIXED)
          .put(bs("a").toByteArray(), new byte[13]);
      env.openDbi(Schema.META, DbiFlags.MDB_UNSIGNEDKEY)
          .put(Schema.SCHEMA_VERSION, Schema.u64(Schema.VERSION_WITH_KEY_TREES));
    }
    store = LmdbStore.open(dir, SyncMode.NO_SYNC);
    assertThat(value(readAt("a", 2))).isEqualTo("2");
    assertThat(value(readAt("a", 1))).isEqualTo("1");
    store.close();
    try (Env<byte[]> env =
        Env.create(ByteArrayProxy.PROXY_BA).setMaxDbs(16).open(dir.toFile(), EnvFlags.MDB_NOTLS)) {
      assertThat(Schema.u64(env.openDbi(Schema.META).get(env.txnRead(), Schema.SCHEMA_VERSION)))
          .isEqualTo(Schema.VERSION);
      assertThatThrownBy(() -> env.openDbi(Schema.V2_KV)).isInstanceOf(RuntimeException.class);
    }
    store = LmdbStore.open(dir, SyncMode.NO_SYNC);
  }

  @Test
  void aTxnRangeAtAnUnreadableRevisionFailsTheWholeTxn() {
    apply(putCmd("a", "1"));
    Txn txn =
        Txn.newBuilder()
            .addSuccess(op(put("b", "1")))
            .addSuccess(op(range(bs("a"), ByteString.EMPTY).toBuilder().setRevision(9).build()))
            .build();
    CommandResult r = apply(cmd(txn));
    assertThat(r.getFailure().getReason()).isEqualTo(Failures.FUTURE_REVISION);
    assertThat(r.getRevision()).isEqualTo(1);
    assertThat(keys(read(range(bs("a"), FROM_KEY)))).containsExactly("a");
  }

  @Test
  void aTxnRangeAtTheCurrentRevisionDoesNotSeeTheTxnsOwnWrites() {
    apply(putCmd("a", "1"));
    Txn txn =
        Txn.newBuilder()
            .addSuccess(op(put("a", "2")))
            .addSuccess(op(range(bs("a"), ByteString.EMPTY).toBuilder().setRevision(1).build()))
            .addSuccess(op(range(bs("a"), ByteString.EMPTY)))
            .build();
    TxnResult r = apply(cmd(txn)).getTxn();
    assertThat(r.getResults(1).getRange().getKvs(0).getValue()).isEqualTo(bs("1"));
    assertThat(r.getResults(2).getRange().getKvs(0).getValue()).isEqualTo(bs("2"));
  }

  @Test
  void leasesAttachKeysAndRevokingDeletesThemAtOneRevision() {
    CommandResult granted = apply(grant(0, 10));
    long id = granted.getLeaseGrant().getId();
    assertThat(id).isEqualTo(1);
    assertThat(granted.getRevision()).isZero(); // a grant changes no key
    assertThat(apply(grant(0, 5)).getLeaseGrant().getId()).isEqualTo(2);
    assertThat(apply(grant(3, 5)).getLeaseGrant().getId()).isEqualTo(3);
    assertThat(apply(grant(0, 5)).getLeaseGrant().getId()).isEqualTo(4); // skips the used 3
    assertThat(apply(grant(2, 5)).getFailure().getReason()).isEqualTo(Failures.LEASE_EXISTS);

    apply(leasedPut("x", "1", id)); // 1
    apply(leasedPut("y", "1", id)); // 2
    apply(leasedPut("z", "1", 2)); // 3
    apply(leasedPut("z", "2", id)); // 4: moves z from lease 2 to lease 1
    apply(leasedPut("y", "2", 0)); // 5: detaches y
    LeaseInfoResult info =
        store
            .query(
                Query.newBuilder()
                    .setLeaseInfo(LeaseInfo.newBuilder().setId(id).setKeys(true))
                    .build())
            .getLeaseInfo();
    assertThat(info.getFound()).isTrue();
    assertThat(info.getTtlSeconds()).isEqualTo(10);
    assertThat(info.getKeysList()).containsExactly(bs("x"), bs("z"));

    List<EntryApplied> out =
        store.applyBatch(List.of(new LoggedEntry(1, nextIndex++, entry(1, List.of(revoke(id))))));
    CommandResult revoked = out.get(0).result().getResults(0);
    assertThat(revoked.getLeaseRevoke().getDeleted()).isEqualTo(2);
    assertThat(revoked.getRevision()).isEqualTo(6);
    assertThat(out.get(0).events())
        .extracting(e -> e.getType(), e -> e.getKv().getKey(), e -> e.getKv().getModRevision())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Event.Type.DELETE, bs("x"), 6L),
            org.assertj.core.groups.Tuple.tuple(Event.Type.DELETE, bs("z"), 6L));
    assertThat(out.get(0).leaseChanges()).containsExactly(new LeaseChange(id, 0, false));
    assertThat(keys(read(range(bs("a"), FROM_KEY)))).containsExactly("y");
    assertThat(store.query(Commands.leaseList()).getLeaseList().getLeasesList())
        .extracting(LeaseInfoResult::getId)
        .containsExactly(2L, 3L, 4L);
    assertThat(apply(revoke(id)).getFailure().getReason()).isEqualTo(Failures.LEASE_NOT_FOUND);
    // Lease 2 lost its only key when z moved: revoking it changes no key.
    assertThat(apply(revoke(2)).getRevision()).isEqualTo(6);
  }

  @Test
  void aPutWithAMissingLeaseAppliesNothingEvenInsideATxn() {
    CommandResult r = apply(leasedPut("a", "1", 77));
    assertThat(r.getFailure().getReason()).isEqualTo(Failures.LEASE_NOT_FOUND);
    assertThat(r.getRevision()).isZero();
    Txn txn =
        Txn.newBuilder()
            .addSuccess(op(put("b", "1")))
            .addSuccess(op(put("c", "1").toBuilder().setLease(77).build()))
            .build();
    assertThat(apply(cmd(txn)).getFailure().getReason()).isEqualTo(Failures.LEASE_NOT_FOUND);
    assertThat(read(range(bs("a"), FROM_KEY)).getCount()).isZero();
    assertThat(store.readEvents(0, 10).events()).isEmpty();
  }

  @Test
  void eventsCarryPrevKvsAndBatchesNeverSplitARevision() {
    apply(putCmd("a", "1")); // 1
    Txn txn = Txn.newBuilder().addSuccess(op(put("a", "2"))).addSuccess(op(put("b", "1"))).build();
    List<EntryApplied> out =
        store.applyBatch(List.of(new LoggedEntry(1, nextIndex++, entry(1, List.of(cmd(txn))))));
    List<Event> live = out.get(0).events();
    assertThat(live).hasSize(2);
    assertThat(live.get(0).getPrevKv().getValue()).isEqualTo(bs("1"));
    assertThat(live.get(1).hasPrevKv()).isFalse();
    apply(cmd(delete(bs("a"), ByteString.EMPTY))); // 3

    EventHistory first = store.readEvents(1, 2);
    assertThat(first.events()).hasSize(3); // revision 2's two events stay together
    assertThat(first.lastRevision()).isEqualTo(3);
    assertThat(first.events().subList(1, 3)).isEqualTo(live);
    EventHistory rest = store.readEvents(3, 2);
    Event deleted = rest.events().get(0);
    assertThat(deleted.getType()).isEqualTo(Event.Type.DELETE);
    assertThat(deleted.getKv())
        .isEqualTo(KeyValue.newBuilder().setKey(bs("a")).setModRevision(3).build());
    assertThat(deleted.getPrevKv().getVersion()).isEqualTo(2);
    assertThat(store.readEvents(4, 2).events()).isEmpty();
  }

  @Test
  void refusesAStoreWithAnotherSchemaVersion() {
    store.close();
    Path dir = tmp.resolve("db");
    try (Env<byte[]> env =
        Env.create(ByteArrayProxy.PROXY_BA).setMaxDbs(16).open(dir.toFile(), EnvFlags.MDB_NOTLS)) {
      Dbi<byte[]> meta = env.openDbi(Schema.META, DbiFlags.MDB_UNSIGNEDKEY);
      meta.put(Schema.SCHEMA_VERSION, Schema.u64(1));
    }
    assertThatThrownBy(() -> LmdbStore.open(dir, SyncMode.NO_SYNC))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("schema version 1");
    store = LmdbStore.open(tmp.resolve("fresh"), SyncMode.NO_SYNC);
  }

  private LoggedEntry logged(Command... commands) {
    return new LoggedEntry(1, nextIndex++, entry(1_000, List.of(commands)));
  }

  @Test
  void aBatchHoldsGroupsInOneTxnThatReadersSeeOnlyOnceItCommits() {
    try (LmdbStore.Batch batch = store.begin()) {
      List<EntryApplied> first = batch.apply(List.of(logged(putCmd("a", "1"))), out -> {});
      // The second group reads what the first wrote, inside the same txn.
      List<EntryApplied> second =
          batch.apply(List.of(logged(putCmd("b", "2"), putCmd("a", "3"))), out -> {});
      assertThat(first.get(0).revision()).isEqualTo(1);
      assertThat(second.get(0).revision()).isEqualTo(3);
      assertThat(batch.entries()).isEqualTo(2);

      assertThat(store.revision()).isZero();
      assertThat(keys(read(range(FROM_KEY, FROM_KEY)))).isEmpty();
      batch.commit();
    }

    assertThat(store.revision()).isEqualTo(3);
    assertThat(store.appliedTermIndex()).isEqualTo(new TermIndexValue(1, 2));
    KeyValue a = read(range(bs("a"), ByteString.EMPTY)).getKvs(0);
    assertThat(List.of(a.getValue(), a.getVersion())).containsExactly(bs("3"), 2L);
  }

  @Test
  void aBatchClosedWithoutItsCommitLeavesNoTrace() {
    apply(putCmd("a", "1"));
    try (LmdbStore.Batch batch = store.begin()) {
      batch.apply(List.of(logged(putCmd("a", "2"), putCmd("b", "2"))), out -> {});
    }
    nextIndex--; // the aborted entry is applied again, as a replay would

    assertThat(store.revision()).isEqualTo(1);
    assertThat(read(range(bs("a"), ByteString.EMPTY)).getKvs(0).getValue()).isEqualTo(bs("1"));
    assertThat(keys(read(range(bs("b"), ByteString.EMPTY)))).isEmpty();
    assertThat(apply(putCmd("c", "3")).getRevision()).isEqualTo(2);
    assertThat(keys(read(range(FROM_KEY, FROM_KEY)))).containsExactly("a", "c");
  }

  @Test
  void aFailedApplyAbortsTheWholeBatchAndClosesIt() {
    LmdbStore.Batch batch = store.begin();
    batch.apply(List.of(logged(putCmd("a", "1"))), out -> {});
    LoggedEntry unknown =
        new LoggedEntry(1, nextIndex++, entry(1_000, List.of()).toBuilder().setFormat(99).build());
    List<List<EntryApplied>> handedOver = new ArrayList<>();

    assertThatThrownBy(() -> batch.apply(List.of(unknown), handedOver::add))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(handedOver).isEmpty();
    assertThatThrownBy(batch::commit).isInstanceOf(IllegalStateException.class);
    batch.close();
    assertThat(store.revision()).isZero();
    assertThat(store.appliedTermIndex()).isEqualTo(TermIndexValue.NONE);
    assertThat(keys(read(range(FROM_KEY, FROM_KEY)))).isEmpty();
  }
}

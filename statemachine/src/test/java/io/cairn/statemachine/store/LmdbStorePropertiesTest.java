package io.cairn.statemachine.store;

import static io.cairn.statemachine.Commands.all;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.cairn.statemachine.Commands;
import io.cairn.statemachine.proto.Command;
import io.cairn.statemachine.proto.CommandResult;
import io.cairn.statemachine.proto.EntryResult;
import io.cairn.statemachine.proto.Event;
import io.cairn.statemachine.proto.Query;
import io.cairn.statemachine.proto.QueryResult;
import io.cairn.statemachine.proto.Range;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;

class LmdbStorePropertiesTest {
  private static final Gen<List<Integer>> SEEDS =
      lists().of(integers().allPositive()).ofSizeBetween(1, 40);

  @TempDir Path tmp;
  private int stores;

  /** Runs {@code body} on a fresh store and removes it afterwards. */
  private <T> T withFreshStore(Function<Path, T> body) {
    Path dir = tmp.resolve("store-" + stores++);
    try {
      return body.apply(dir);
    } finally {
      deleteRecursively(dir);
    }
  }

  @Test
  void storeAgreesWithTheModelOnEveryResultAndTheFinalState() {
    qt().withExamples(150)
        .forAll(SEEDS, integers().between(1, 3))
        .checkAssert(
            (seeds, perEntry) ->
                withFreshStore(
                    dir -> {
                      List<Command> commands = RandomCommands.commands(seeds);
                      KvModel model = new KvModel();
                      try (LmdbStore store = LmdbStore.open(dir, SyncMode.NO_SYNC)) {
                        for (LoggedEntry e : RandomCommands.entries(commands, perEntry)) {
                          EntryResult actual = store.applyBatch(List.of(e)).get(0).result();
                          List<CommandResult> expected =
                              e.entry().getCommandsList().stream().map(model::apply).toList();
                          assertThat(actual.getResultsList()).isEqualTo(expected);
                          assertThat(store.revision()).isEqualTo(model.revision);
                        }
                        QueryResult state = store.query(all());
                        assertThat(state.getRange().getKvsList())
                            .containsExactlyElementsOf(model.map.values());
                        assertThat(state.getRevision()).isEqualTo(model.revision);
                      }
                      return null;
                    }));
  }

  @Test
  void historyEventsAndLeasesAgreeWithTheModel() {
    qt().withExamples(150)
        .forAll(SEEDS, integers().between(1, 3), integers().between(1, 4), integers().all())
        .checkAssert(
            (seeds, perEntry, sliceRecords, readSeed) ->
                withFreshStore(
                    dir -> {
                      KvModel model = new KvModel();
                      List<Event> published = new ArrayList<>();
                      try (LmdbStore store = LmdbStore.open(dir, SyncMode.NO_SYNC)) {
                        store.compactionBatch(sliceRecords); // many slices, across entries
                        for (LoggedEntry e :
                            RandomCommands.entries(RandomCommands.commands(seeds), perEntry)) {
                          int before = model.events.size();
                          EntryApplied applied = store.applyBatch(List.of(e)).get(0);
                          List<CommandResult> expected =
                              e.entry().getCommandsList().stream().map(model::apply).toList();
                          assertThat(applied.result().getResultsList()).isEqualTo(expected);
                          assertThat(applied.revision()).isEqualTo(model.revision);
                          assertThat(applied.events())
                              .isEqualTo(model.events.subList(before, model.events.size()));
                          published.addAll(applied.events());
                          checkReads(store, model, new Random(readSeed + e.index()));
                        }
                        assertThat(published).isEqualTo(model.events);
                        while (store.compactionPending()) {
                          store.applyBatch(List.of()); // drive the remaining slices
                        }
                        checkReads(store, model, new Random(readSeed));
                        assertThat(store.query(Commands.leaseList()).getLeaseList().getLeasesList())
                            .isEqualTo(model.leaseList());
                      }
                      return null;
                    }));
  }

  /** Random ranges at every revision, and events read back in random batch sizes. */
  private static void checkReads(LmdbStore store, KvModel model, Random random) {
    for (long rev = 0; rev <= model.revision + 1; rev++) {
      Range q = RandomCommands.range(random.nextInt()).toBuilder().setRevision(rev).build();
      assertThat(store.query(Query.newBuilder().setRange(q).build()))
          .as("range %s", q)
          .isEqualTo(model.query(q));
    }
    long from = random.nextInt((int) model.revision + 2);
    List<Event> read = new ArrayList<>();
    for (long next = from; ; ) {
      EventHistory h = store.readEvents(next, 1 + random.nextInt(3));
      assertThat(h.lastRevision()).isEqualTo(model.revision);
      assertThat(h.compactRevision()).isEqualTo(model.compacted);
      if (h.events().isEmpty()) {
        break;
      }
      read.addAll(h.events());
      long last = h.events().get(h.events().size() - 1).getKv().getModRevision();
      assertThat(h.events().get(0).getKv().getModRevision()).isGreaterThanOrEqualTo(next);
      next = last + 1;
    }
    if (from <= model.compacted) {
      assertThat(read).isEmpty();
    } else {
      assertThat(read).isEqualTo(model.eventsFrom(from));
    }
  }

  @Test
  void reopeningAndReplayingAnySuffixGivesTheSameStateAsApplyingOnce() {
    qt().withExamples(60)
        .forAll(
            SEEDS, integers().between(1, 3), integers().between(0, 100), integers().between(0, 100))
        .checkAssert(
            (seeds, perEntry, cutPercent, overlapPercent) -> {
              List<LoggedEntry> entries =
                  RandomCommands.entries(RandomCommands.commands(seeds), perEntry);
              int cut = entries.size() * cutPercent / 100;
              int replayFrom = cut * overlapPercent / 100; // replay [replayFrom, n) after restart
              List<EntryResult> once = new ArrayList<>();
              List<Object> expected =
                  withFreshStore(
                      dir -> {
                        try (LmdbStore store = LmdbStore.open(dir, SyncMode.NO_SYNC)) {
                          for (LoggedEntry e : entries) {
                            once.add(store.applyBatch(List.of(e)).get(0).result());
                          }
                          return snapshot(store);
                        }
                      });
              withFreshStore(
                  dir -> {
                    try (LmdbStore store = LmdbStore.open(dir, SyncMode.NO_SYNC)) {
                      store.applyBatch(entries.subList(0, cut)); // one txn for a whole batch
                    }
                    try (LmdbStore store = LmdbStore.open(dir, SyncMode.NO_SYNC)) {
                      List<EntryApplied> replayed =
                          store.applyBatch(entries.subList(replayFrom, entries.size()));
                      for (EntryApplied a : replayed) {
                        int i = (int) a.index() - 1;
                        assertThat(a.alreadyApplied()).isEqualTo(i < cut);
                        if (i >= cut) {
                          assertThat(a.result()).isEqualTo(once.get(i));
                        }
                      }
                      assertThat(snapshot(store)).isEqualTo(expected);
                      LoggedEntry last = entries.get(entries.size() - 1);
                      assertThat(store.appliedTermIndex())
                          .isEqualTo(new TermIndexValue(last.term(), last.index()));
                    }
                    return null;
                  });
            });
  }

  @Test
  void aRepeatedSessionSeqReturnsTheStoredResponseAndChangesNothing() {
    qt().withExamples(60)
        .forAll(SEEDS, integers().between(0, 3), integers().between(0, 100))
        .checkAssert(
            (seeds, window, pickPercent) ->
                withFreshStore(
                    dir -> {
                      List<Command> commands = RandomCommands.commands(seeds);
                      int n = commands.size();
                      List<Command> sent = new ArrayList<>();
                      List<CommandResult> results = new ArrayList<>();
                      try (LmdbStore store = LmdbStore.open(dir, SyncMode.NO_SYNC)) {
                        long index = 1;
                        for (int seq = 1; seq <= n; seq++) {
                          Command c =
                              commands.get(seq - 1).toBuilder()
                                  .setSessionId(42)
                                  .setSeq(seq)
                                  .setFirstIncompleteSeq(Math.max(1, seq - window))
                                  .build();
                          sent.add(c);
                          results.add(applyOne(store, index++, c));
                        }
                        QueryResult before = store.query(all());
                        int pick = 1 + (n - 1) * pickPercent / 100;
                        CommandResult retry = applyOne(store, index, sent.get(pick - 1));
                        long minRetained = Math.max(1, n - window);
                        if (pick >= minRetained) {
                          assertThat(retry).isEqualTo(results.get(pick - 1));
                        } else {
                          assertThat(retry.getSessionError()).contains("no longer retained");
                          assertThat(retry.getRevision()).isEqualTo(before.getRevision());
                        }
                        assertThat(store.query(all())).isEqualTo(before);
                      }
                      return null;
                    }));
  }

  /** Everything a replica shows: latest keys, every event, every lease. */
  private static List<Object> snapshot(LmdbStore store) {
    return List.of(
        store.query(all()),
        store.readEvents(0, Integer.MAX_VALUE),
        store.query(Commands.leaseList()));
  }

  private static CommandResult applyOne(LmdbStore store, long index, Command c) {
    LoggedEntry e = new LoggedEntry(1, index, Commands.entry(1_000_000, List.of(c)));
    return store.applyBatch(List.of(e)).get(0).result().getResults(0);
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

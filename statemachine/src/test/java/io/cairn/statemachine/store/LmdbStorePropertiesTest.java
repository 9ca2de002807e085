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
import io.cairn.statemachine.proto.QueryResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
              QueryResult expected =
                  withFreshStore(
                      dir -> {
                        try (LmdbStore store = LmdbStore.open(dir, SyncMode.NO_SYNC)) {
                          for (LoggedEntry e : entries) {
                            once.add(store.applyBatch(List.of(e)).get(0).result());
                          }
                          return store.query(all());
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
                      assertThat(store.query(all())).isEqualTo(expected);
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

package io.cairn.statemachine.store;

import static io.cairn.statemachine.Commands.entry;
import static io.cairn.statemachine.Commands.putCmd;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LmdbStore#freePages()}: what a compact copy would leave out. */
class LmdbStorePagesTest {
  private static final long PAGE = 4096;

  @TempDir Path tmp;

  @Test
  void freePagesAreExactlyWhatACompactCopyLeavesOut() throws Exception {
    try (LmdbStore store = LmdbStore.open(tmp.resolve("a"), SyncMode.NO_SYNC)) {
      assertThat(store.freePages()).isLessThan(8);
      // Overwriting a big value frees the overflow pages of the one before in the latest-value
      // DB, once no reader can see them any more.
      for (int i = 0; i < 40; i++) {
        store.applyBatch(
            List.of(
                new LoggedEntry(1, i + 1, entry(1, List.of(putCmd("k", "x".repeat(9000) + i))))));
      }
      long free = store.freePages();
      assertThat(free).isPositive();

      Path copyDir = tmp.resolve("copy");
      store.copyCompactTo(copyDir);
      try (LmdbStore copy = LmdbStore.open(copyDir, SyncMode.NO_SYNC)) {
        assertThat(copy.freePages()).isZero();
        assertThat(copy.dbSizeBytes()).isEqualTo(store.dbSizeBytes() - free * PAGE);
      }
    }
  }
}

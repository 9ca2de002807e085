package io.cairn.statemachine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.statemachine.store.KeyIndex.Version;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyIndexTest {

  @Test
  void latestAtAndBeforeFollowMainThenSub() {
    KeyIndex.Versions v = new KeyIndex.Versions();
    v.add(3, 0, false);
    v.add(5, 0, false);
    v.add(5, 1, true); // a txn deleting the key it put, same revision
    v.add(9, 0, false);
    assertThat(v.latestAt(2)).isNull();
    assertThat(v.latestAt(4)).isEqualTo(new Version(3, 0, false));
    assertThat(v.latestAt(5)).isEqualTo(new Version(5, 1, true));
    assertThat(v.latestAt(100)).isEqualTo(new Version(9, 0, false));
    assertThat(v.before(3, 0)).isNull();
    assertThat(v.before(5, 1)).isEqualTo(new Version(5, 0, false));
    assertThat(v.before(9, 0)).isEqualTo(new Version(5, 1, true));
    assertThatThrownBy(() -> v.before(4, 0)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void trimKeepsTheNewestVersionAtOrBelowTheTargetUnlessItIsADelete() {
    KeyIndex.Versions live = new KeyIndex.Versions();
    for (long main = 1; main <= 6; main++) {
      live.add(main, 0, false);
    }
    assertThat(live.trim(4)).extracting(Version::main).containsExactly(1L, 2L, 3L);
    assertThat(live.latestAt(4)).isEqualTo(new Version(4, 0, false));
    assertThat(live.countAtOrBelow(6)).isEqualTo(3);

    KeyIndex.Versions longHistory = new KeyIndex.Versions();
    for (long main = 1; main <= 100; main++) {
      longHistory.add(main, 0, false);
    }
    assertThat(longHistory.trim(99)).hasSize(98);
    longHistory.add(101, 0, false); // still appends after its arrays shrank
    assertThat(longHistory.latestAt(99)).isEqualTo(new Version(99, 0, false));
    assertThat(longHistory.before(101, 0)).isEqualTo(new Version(100, 0, false));
    assertThat(longHistory.countAtOrBelow(1000)).isEqualTo(3);

    KeyIndex.Versions deleted = new KeyIndex.Versions();
    deleted.add(1, 0, false);
    deleted.add(2, 0, true);
    assertThat(deleted.trim(2)).hasSize(2);
    assertThat(deleted.isEmpty()).isTrue();
    assertThat(deleted.trim(2)).isEqualTo(List.of());
  }
}

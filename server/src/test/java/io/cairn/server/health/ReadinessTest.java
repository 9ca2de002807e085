package io.cairn.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReadinessTest {
  @Test
  void readyWithALeaderAndApplyCaughtUp() {
    assertThat(Readiness.of(Optional.of("n1"), 10, 10)).isEqualTo(new Readiness(true, "ok"));
    assertThat(Readiness.of(Optional.of("n1"), 10 + Readiness.MAX_APPLY_LAG, 10).ready()).isTrue();
  }

  @Test
  void notReadyWithoutALeaderOrWhenApplyTrails() {
    Readiness noLeader = Readiness.of(Optional.empty(), 10, 10);
    assertThat(noLeader.ready()).isFalse();
    assertThat(noLeader.reason()).isEqualTo("no leader known");
    Readiness behind = Readiness.of(Optional.of("n2"), 11 + Readiness.MAX_APPLY_LAG, 10);
    assertThat(behind.ready()).isFalse();
    assertThat(behind.reason()).contains("trails commit index");
  }
}

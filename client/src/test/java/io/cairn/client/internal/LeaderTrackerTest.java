package io.cairn.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LeaderTrackerTest {
  @Test
  void startsAtTheFirstEndpointAndRotatesOnFailure() {
    LeaderTracker t = new LeaderTracker(List.of("a:1", "b:2", "c:3"));
    assertThat(t.current()).isEqualTo("a:1");
    t.failed("a:1");
    assertThat(t.current()).isEqualTo("b:2");
    t.failed("a:1"); // stale: someone already moved on
    assertThat(t.current()).isEqualTo("b:2");
    t.failed("b:2");
    t.failed("c:3");
    assertThat(t.current()).isEqualTo("a:1");
  }

  @Test
  void aRedirectLearnsAndAdoptsTheLeader() {
    LeaderTracker t = new LeaderTracker(List.of("a:1"));
    assertThat(t.redirect("a:1", "d:4")).isTrue();
    assertThat(t.current()).isEqualTo("d:4");
    assertThat(t.endpoints()).containsExactly("a:1", "d:4");
    assertThat(t.redirect("d:4", "d:4")).isFalse();
    t.learn("a:1");
    assertThat(t.endpoints()).containsExactly("a:1", "d:4");
  }
}

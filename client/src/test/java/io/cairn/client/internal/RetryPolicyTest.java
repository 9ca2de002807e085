package io.cairn.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy policy = RetryPolicy.forCallTimeout(Duration.ofSeconds(10));

  @Test
  void backoffDoublesFromFiftyMillisToOneSecondWithJitterInTheUpperHalf() {
    for (int i = 0; i < 200; i++) {
      assertThat(policy.backoffNanos(1)).isBetween(25_000_000L, 50_000_000L);
      assertThat(policy.backoffNanos(2)).isBetween(50_000_000L, 100_000_000L);
      assertThat(policy.backoffNanos(5)).isBetween(400_000_000L, 800_000_000L);
      assertThat(policy.backoffNanos(6)).isBetween(500_000_000L, 1_000_000_000L);
      assertThat(policy.backoffNanos(1_000)).isBetween(500_000_000L, 1_000_000_000L);
    }
  }

  @Test
  void anAttemptGetsAThirdOfTheCallButNeverMoreThanRemains() {
    long third = Duration.ofSeconds(10).dividedBy(3).toNanos();
    assertThat(policy.attemptNanos(Duration.ofSeconds(10).toNanos())).isEqualTo(third);
    assertThat(policy.attemptNanos(5_000)).isEqualTo(5_000);
    RetryPolicy shortCalls = RetryPolicy.forCallTimeout(Duration.ofMillis(600));
    assertThat(shortCalls.attemptNanos(Duration.ofMillis(600).toNanos()))
        .isEqualTo(Duration.ofMillis(600).toNanos());
  }
}

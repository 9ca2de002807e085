package io.cairn.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SessionTest {
  @Test
  void seqsIncreaseAndFirstIncompleteIsTheOldestAwaited() {
    Session s = new Session(42);
    long one = s.begin();
    long two = s.begin();
    long three = s.begin();
    assertThat(s.forAttempt(three).getFirstIncompleteSeq()).isEqualTo(1);
    s.end(two);
    assertThat(s.forAttempt(three).getFirstIncompleteSeq()).isEqualTo(1);
    s.end(one);
    assertThat(s.forAttempt(three).getFirstIncompleteSeq()).isEqualTo(3);
    assertThat(s.forAttempt(three).getId()).isEqualTo(42);
    assertThat(s.forAttempt(three).getSeq()).isEqualTo(3);
  }

  @Test
  void idZeroMeansNoSessionAndIsRefused() {
    assertThatThrownBy(() -> new Session(0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(new Session().id()).isNotZero();
  }
}

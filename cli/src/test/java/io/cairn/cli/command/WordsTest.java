package io.cairn.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.cli.CliException;
import org.junit.jupiter.api.Test;

class WordsTest {
  @Test
  void splitsLikeAShell() {
    assertThat(Words.split("  put k  'two words' \"say \\\"hi\\\"\" a\\ b "))
        .containsExactly("put", "k", "two words", "say \"hi\"", "a b");
    assertThat(Words.split("put k ''")).containsExactly("put", "k", "");
    assertThatThrownBy(() -> Words.split("put 'k")).isInstanceOf(CliException.class);
  }
}

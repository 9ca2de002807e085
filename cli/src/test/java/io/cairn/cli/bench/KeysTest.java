package io.cairn.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeysTest {
  static String key(int keySize, long keySpace, long index) {
    return new String(new Keys(keySize, keySpace).key(index), StandardCharsets.US_ASCII);
  }

  @Test
  void keysAreAPrefixAndAZeroPaddedIndexOfExactlyKeySize() {
    assertThat(key(8, 10000, 42)).isEqualTo("benc0042");
    assertThat(key(8, 1_000_000, 999_999)).isEqualTo("be999999");
    assertThat(key(12, 5, 3)).isEqualTo("bench/_____3");
    assertThat(key(4, 10000, 7)).isEqualTo("0007");
  }

  @Test
  void theIndexWidthIsThatOfTheLargestIndex() {
    assertThat(Keys.indexWidth(1)).isEqualTo(1);
    assertThat(Keys.indexWidth(10)).isEqualTo(1);
    assertThat(Keys.indexWidth(11)).isEqualTo(2);
    assertThat(Keys.indexWidth(1_000_000)).isEqualTo(6);
  }

  @Test
  void aWatchValueCarriesItsSendTime() {
    byte[] template = Bench.value(100, 1);
    byte[] v = Bench.stamped(template, 123_456_789L);
    assertThat(v).hasSize(100);
    assertThat(Bench.stamp(v)).isEqualTo(123_456_789L);
    assertThat(Bench.stamp(new byte[3])).isEqualTo(-1);
  }
}

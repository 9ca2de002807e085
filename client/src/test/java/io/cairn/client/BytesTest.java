package io.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arrays;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class BytesTest {
  /** Short arrays over a small alphabet that includes 0x00, 0x7f, 0x80 and 0xff. */
  private static Gen<byte[]> bytes() {
    int[] alphabet = {0x00, 0x01, 0x61, 0x7f, 0x80, 0xfe, 0xff};
    Gen<Byte> b = integers().between(0, alphabet.length - 1).map(i -> (byte) alphabet[i]);
    return arrays()
        .ofClass(b, Byte.class)
        .withLengthBetween(0, 6)
        .map(
            boxed -> {
              byte[] out = new byte[boxed.length];
              for (int i = 0; i < out.length; i++) {
                out[i] = boxed[i];
              }
              return out;
            });
  }

  @Test
  void utf8AndHexRoundTrip() {
    qt().forAll(strings().allPossible().ofLengthBetween(0, 20))
        .checkAssert(
            s -> {
              if (s.codePoints().allMatch(cp -> cp < 0xd800 || cp > 0xdfff)) {
                assertThat(Bytes.utf8(s).toUtf8()).isEqualTo(s);
              }
            });
    qt().forAll(bytes())
        .checkAssert(
            b -> {
              Bytes x = Bytes.of(b);
              assertThat(Bytes.fromHex(x.toHex())).isEqualTo(x);
              assertThat(Bytes.fromHex(x.toHex().toUpperCase())).isEqualTo(x);
              assertThat(x.toByteArray()).isEqualTo(b);
            });
    assertThat(Bytes.fromHex("00ff7f").toHex()).isEqualTo("00ff7f");
  }

  @Test
  void orderIsUnsignedLexicographic() {
    assertThat(Bytes.of(new byte[] {(byte) 0x80})).isGreaterThan(Bytes.of(new byte[] {0x7f}));
    assertThat(Bytes.utf8("ab")).isGreaterThan(Bytes.utf8("a")).isLessThan(Bytes.utf8("b"));
    assertThat(Bytes.EMPTY).isLessThan(Bytes.of(new byte[] {0}));
    qt().forAll(bytes(), bytes())
        .checkAssert(
            (a, b) ->
                assertThat(Integer.signum(Bytes.of(a).compareTo(Bytes.of(b))))
                    .isEqualTo(Integer.signum(Arrays.compareUnsigned(a, b))));
  }

  @Test
  void prefixEndCases() {
    assertThat(Bytes.prefixEnd(Bytes.utf8("abc"))).isEqualTo(Bytes.utf8("abd"));
    assertThat(Bytes.prefixEnd(Bytes.fromHex("61ff"))).isEqualTo(Bytes.fromHex("62"));
    assertThat(Bytes.prefixEnd(Bytes.fromHex("01feff"))).isEqualTo(Bytes.fromHex("01ff"));
    assertThat(Bytes.prefixEnd(Bytes.fromHex("ffff"))).isEqualTo(Bytes.fromHex("00"));
    assertThat(Bytes.prefixEnd(Bytes.EMPTY)).isEqualTo(Bytes.fromHex("00"));
  }

  @Test
  void prefixEndBoundsExactlyTheKeysWithThePrefix() {
    qt().forAll(bytes(), bytes())
        .checkAssert(
            (p, k) -> {
              Bytes prefix = Bytes.of(p);
              Bytes key = Bytes.of(k);
              Bytes end = Bytes.prefixEnd(prefix);
              boolean toTheEnd = end.equals(Bytes.fromHex("00"));
              boolean inRange = key.compareTo(prefix) >= 0 && (toTheEnd || key.compareTo(end) < 0);
              assertThat(inRange)
                  .as("%s in [%s, %s)", key, prefix, end)
                  .isEqualTo(key.startsWith(prefix));
            });
  }

  @Test
  void copiesInAndOut() {
    byte[] b = {1, 2};
    Bytes x = Bytes.of(b);
    b[0] = 9;
    x.toByteArray()[1] = 9;
    assertThat(x.toHex()).isEqualTo("0102");
    assertThat(x.size()).isEqualTo(2);
    assertThat(Bytes.EMPTY.isEmpty()).isTrue();
    assertThat(x).isEqualTo(Bytes.fromHex("0102")).hasSameHashCodeAs(Bytes.fromHex("0102"));
  }

  @Test
  void toStringIsSafeForBinary() {
    assertThat(Bytes.utf8("key/1 ü")).hasToString("key/1 ü");
    assertThat(Bytes.fromHex("6100")).hasToString("0x6100");
    assertThat(Bytes.fromHex("ff")).hasToString("0xff");
  }

  @Test
  void fromHexRejectsMalformedText() {
    assertThatThrownBy(() -> Bytes.fromHex("abc")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Bytes.fromHex("zz")).isInstanceOf(IllegalArgumentException.class);
  }
}

package io.cairn.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.cairn.client.Bytes;
import java.util.List;
import org.junit.jupiter.api.Test;

class ByteTextTest {
  @Test
  void printableTextIsShownAsIs() {
    assertThat(ByteText.display(Bytes.utf8("héllo wörld ✓"), false, false))
        .isEqualTo("héllo wörld ✓");
    assertThat(ByteText.display(Bytes.utf8("a\nb"), false, true)).isEqualTo("a\nb");
    assertThat(ByteText.display(Bytes.utf8("a\nb"), false, false)).isEqualTo("\"a\\nb\"");
  }

  @Test
  void controlsAndInvalidUtf8AreEscaped() {
    assertThat(ByteText.display(Bytes.fromHex("1b5b326a"), false, true)).isEqualTo("\"\\x1b[2j\"");
    assertThat(ByteText.display(Bytes.fromHex("c328"), false, true)).isEqualTo("\"\\xc3(\"");
    assertThat(ByteText.display(Bytes.utf8("\u202eevil"), false, true))
        .isEqualTo("\"\\xe2\\x80\\xaeevil\"");
  }

  @Test
  void hexRoundTrips() {
    assertThat(ByteText.parse("0x00FF", true)).isEqualTo(Bytes.fromHex("00ff"));
    assertThat(ByteText.display(Bytes.fromHex("00ff"), true, false)).isEqualTo("00ff");
  }

  @Test
  void noDisplayEverContainsATerminalControlCharacter() {
    qt().withExamples(500)
        .withFixedSeed(42)
        .forAll(lists().of(integers().between(0, 255)).ofSizeBetween(0, 40))
        .checkAssert(
            ints -> {
              byte[] b = new byte[ints.size()];
              for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (int) ints.get(i);
              }
              String shown = ByteText.display(Bytes.of(b), false, false);
              assertThat(shown.codePoints()).noneMatch(c -> Character.isISOControl(c) && c != '\t');
              String json = Json.write(List.of(shown, ByteText.utf8(Bytes.of(b)).orElse("")));
              assertThat(json.codePoints()).noneMatch(Character::isISOControl);
            });
  }
}

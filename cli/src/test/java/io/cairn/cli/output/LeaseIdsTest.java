package io.cairn.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import io.cairn.cli.CliException;
import org.junit.jupiter.api.Test;

/** Lease ids: hex as etcdctl prints them, 0x hex, or dec:N. */
class LeaseIdsTest {
  @Test
  void acceptsHexWithOrWithoutPrefixAndDecimalWithDec() {
    assertThat(LeaseIds.parse("694d5765fc71500b")).isEqualTo(0x694d5765fc71500bL);
    assertThat(LeaseIds.parse("0x694D5765FC71500B")).isEqualTo(0x694d5765fc71500bL);
    assertThat(LeaseIds.parse("10")).isEqualTo(16);
    assertThat(LeaseIds.parse("dec:10")).isEqualTo(10);
    assertThat(LeaseIds.format(0x694d5765fc71500bL)).isEqualTo("694d5765fc71500b");
  }

  @Test
  void rejectsWhatIsNotAPositiveId() {
    for (String bad :
        new String[] {"", "0x", "xyz", "0", "dec:-5", "dec:abc", "11112222333344445", "-1"}) {
      assertThatThrownBy(() -> LeaseIds.parse(bad))
          .as(bad)
          .isInstanceOf(CliException.class)
          .hasMessageContaining("lease id");
    }
  }

  @Test
  void everyPositiveIdRoundTripsInBothForms() {
    qt().forAll(longs().between(1, Long.MAX_VALUE))
        .check(
            id ->
                LeaseIds.parse(LeaseIds.format(id)) == id
                    && LeaseIds.parse("dec:" + id) == id
                    && LeaseIds.parse("0x" + LeaseIds.format(id)) == id);
  }
}

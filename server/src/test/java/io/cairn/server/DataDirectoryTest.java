package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {
  @TempDir Path tmp;

  @Test
  void claimsOnceAndAcceptsTheSameOwner() {
    Path dir = tmp.resolve("data");
    DataDirectory.claim(dir, "n1", "cairn");
    DataDirectory.claim(dir, "n1", "cairn");
    assertThat(dir.resolve(DataDirectory.META_FILE)).exists();
  }

  @Test
  void refusesAnotherNodeOrCluster() {
    Path dir = tmp.resolve("data");
    DataDirectory.claim(dir, "n2", "prod");
    assertThatThrownBy(() -> DataDirectory.claim(dir, "n1", "prod"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("data dir " + dir + " belongs to node n2 of cluster prod");
    assertThatThrownBy(() -> DataDirectory.claim(dir, "n2", "test"))
        .hasMessage("data dir " + dir + " belongs to node n2 of cluster prod");
  }
}

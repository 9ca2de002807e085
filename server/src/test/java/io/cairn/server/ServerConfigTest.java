package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
  private static final String CLUSTER =
      "n1=127.0.0.1:7101/127.0.0.1:7001,n2=127.0.0.1:7102/127.0.0.1:7002,"
          + "n3=127.0.0.1:7103/127.0.0.1:7003";

  @Test
  void parsesInitialCluster() {
    List<ServerConfig.Peer> peers = ServerConfig.parseInitialCluster(CLUSTER);
    assertThat(peers)
        .containsExactly(
            new ServerConfig.Peer("n1", "127.0.0.1:7101", "127.0.0.1:7001"),
            new ServerConfig.Peer("n2", "127.0.0.1:7102", "127.0.0.1:7002"),
            new ServerConfig.Peer("n3", "127.0.0.1:7103", "127.0.0.1:7003"));
  }

  @Test
  void validConfigDerivesTheSameGroupIdOnEveryNode() {
    List<ServerConfig.Peer> peers = ServerConfig.parseInitialCluster(CLUSTER);
    ServerConfig c1 =
        ServerConfig.of("n1", Path.of("d1"), "127.0.0.1:7001", "127.0.0.1:7101", peers);
    ServerConfig c2 =
        ServerConfig.of("n2", Path.of("d2"), "127.0.0.1:7002", "127.0.0.1:7102", peers);
    assertThat(c1.groupUuid()).isEqualTo(c2.groupUuid());
    assertThat(c1.withClusterToken("other").groupUuid()).isNotEqualTo(c1.groupUuid());
    assertThat(c1.clusterToken()).isEqualTo("cairn");
  }

  @Test
  void rejectsNodeOutsideTheCluster() {
    List<ServerConfig.Peer> peers = ServerConfig.parseInitialCluster(CLUSTER);
    assertThatThrownBy(
            () -> ServerConfig.of("n9", Path.of("d"), "127.0.0.1:7009", "127.0.0.1:7109", peers))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("node n9 is not in the initial cluster [n1, n2, n3]");
  }

  @Test
  void rejectsOwnAddressMismatch() {
    List<ServerConfig.Peer> peers = ServerConfig.parseInitialCluster(CLUSTER);
    assertThatThrownBy(
            () -> ServerConfig.of("n1", Path.of("d"), "127.0.0.1:7001", "127.0.0.1:7199", peers))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("peer address 127.0.0.1:7199 of n1 does not match");
  }

  @Test
  void rejectsDuplicates() {
    List<ServerConfig.Peer> sameId =
        ServerConfig.parseInitialCluster(
            "n1=127.0.0.1:7101/127.0.0.1:7001,n1=127.0.0.1:7102/127.0.0.1:7002");
    assertThatThrownBy(
            () -> ServerConfig.of("n1", Path.of("d"), "127.0.0.1:7001", "127.0.0.1:7101", sameId))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("duplicate member id n1");
    List<ServerConfig.Peer> sameAddress =
        ServerConfig.parseInitialCluster(
            "n1=127.0.0.1:7101/127.0.0.1:7001,n2=127.0.0.1:7101/127.0.0.1:7002");
    assertThatThrownBy(
            () ->
                ServerConfig.of(
                    "n1", Path.of("d"), "127.0.0.1:7001", "127.0.0.1:7101", sameAddress))
        .hasMessage("duplicate address 127.0.0.1:7101");
  }

  @Test
  void rejectsMalformedSpecs() {
    assertThatThrownBy(() -> ServerConfig.parseInitialCluster("n1=127.0.0.1:7101"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected id=peerHost:port/clientHost:port");
    assertThatThrownBy(() -> ServerConfig.parseInitialCluster("n1=127.0.0.1/127.0.0.1:7001"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not host:port");
    assertThatThrownBy(() -> ServerConfig.parseInitialCluster(""))
        .hasMessage("the initial cluster is empty");
  }
}

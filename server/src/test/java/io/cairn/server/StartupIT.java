package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Startup failures throw, leave nothing behind, and the node starts once the cause is gone. */
class StartupIT {
  @TempDir Path tmp;

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void aTakenPeerPortFailsStartAndReleasesEverything() throws Exception {
    int clientPort = freePort();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ServerConfig config = single(tmp.resolve("n1"), clientPort, taken.getLocalPort());
      assertThatThrownBy(() -> CairnServer.start(config)).isInstanceOf(RuntimeException.class);

      taken.close();
      try (CairnServer server = CairnServer.start(config)) {
        assertThat(server.clientPort()).isEqualTo(clientPort);
      }
    }
  }

  @Test
  void aDataDirOfAnotherNodeIsRefused() throws Exception {
    Path dir = tmp.resolve("data");
    ServerConfig n1 = single(dir, freePort(), freePort());
    try (CairnServer server = CairnServer.start(n1)) {
      assertThat(server.nodeId()).isEqualTo("n1");
    }
    ServerConfig otherCluster = n1.withClusterToken("other");
    assertThatThrownBy(() -> CairnServer.start(otherCluster))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("data dir " + dir + " belongs to node n1 of cluster cairn");
  }

  private static ServerConfig single(Path dir, int clientPort, int peerPort) {
    String client = "127.0.0.1:" + clientPort;
    String peer = "127.0.0.1:" + peerPort;
    return ServerConfig.of(
        "n1", dir, client, peer, List.of(new ServerConfig.Peer("n1", peer, client)));
  }
}

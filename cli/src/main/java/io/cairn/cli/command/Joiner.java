package io.cairn.cli.command;

import io.cairn.cli.CliException;
import io.cairn.cli.ExitCode;
import io.cairn.client.CairnClient;
import io.cairn.client.CairnException;
import io.cairn.client.Member;
import io.cairn.server.ServerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code cairn server --join ENDPOINTS}: learns the members of a running cluster, and once the node
 * runs (with an empty Raft group) asks the leader to add it as a learner. Promotion to voter stays
 * an operator step ({@code cairn member promote}), as with etcd learners.
 */
final class Joiner {
  /** Adding a learner waits for it to catch up, so allow more than a usual call. */
  private static final Duration ADD_TIMEOUT = Duration.ofMinutes(2);

  private final List<String> endpoints;

  Joiner(String endpoints) {
    this.endpoints =
        Arrays.stream(endpoints.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    if (this.endpoints.isEmpty()) {
      throw CliException.usage("--join needs at least one client endpoint host:port");
    }
  }

  /** The cluster's members as it knows them, plus this node (replacing an entry of its id). */
  List<ServerConfig.Peer> initialCluster(String id, String peerAddr, String clientAddr) {
    List<ServerConfig.Peer> peers = new ArrayList<>();
    try (CairnClient client = CairnClient.builder().endpoints(endpoints).build()) {
      for (Member m : client.blocking().members().members()) {
        if (!m.id().equals(id) && !m.clientAddress().isEmpty()) {
          peers.add(new ServerConfig.Peer(m.id(), m.peerAddress(), m.clientAddress()));
        }
      }
    } catch (CairnException e) {
      throw new CliException(
          ExitCode.FAILED, "cannot list the members of " + endpoints + ": " + e.getMessage(), e);
    }
    peers.add(new ServerConfig.Peer(id, peerAddr, clientAddr));
    return peers;
  }

  /** Asks the leader to add this node as a learner unless it is a member already (a restart). */
  void addSelf(ServerConfig cfg) {
    ServerConfig.Peer self = cfg.self();
    try (CairnClient client =
        CairnClient.builder().endpoints(endpoints).callTimeout(ADD_TIMEOUT).build()) {
      boolean member =
          client.blocking().members().members().stream().anyMatch(m -> m.id().equals(self.id()));
      if (!member) {
        client.blocking().addLearner(self.id(), self.peerAddress(), self.clientAddress());
      }
    } catch (CairnException e) {
      throw new CliException(
          ExitCode.FAILED, "node " + self.id() + " could not join: " + e.getMessage(), e);
    }
  }
}

package io.cairn.jepsen.client;

import io.cairn.client.CairnClient;
import io.cairn.client.ReadConsistency;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The clients workers use: one for writes that knows every endpoint and follows the leader, and one
 * read client per node pinned to that node (like etcd's member-pinned clients), so reads keep going
 * to the node a worker is assigned to, even when that node is cut off.
 */
public final class ClusterClients implements AutoCloseable {
  private final CairnClient writer;
  private final List<CairnClient> readers = new ArrayList<>();
  private final ReadConsistency consistency;

  public ClusterClients(List<String> endpoints, Duration timeout, ReadConsistency consistency) {
    this.consistency = consistency;
    this.writer = CairnClient.builder().endpoints(endpoints).callTimeout(timeout).build();
    for (String e : endpoints) {
      readers.add(CairnClient.builder().endpoints(e).callTimeout(timeout).build());
    }
  }

  public CairnClient writer() {
    return writer;
  }

  /** The read client of worker {@code worker}'s home node. */
  public CairnClient reader(int worker) {
    return readers.get(Math.floorMod(worker, readers.size()));
  }

  public ReadConsistency consistency() {
    return consistency;
  }

  @Override
  public void close() {
    writer.close();
    readers.forEach(CairnClient::close);
  }
}

package io.cairn.client;

import io.grpc.inprocess.InProcessChannelBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** In-process fake members n1..nN and clients wired to them; closes everything it made. */
final class FakeCluster implements AutoCloseable {
  private static final AtomicInteger CLUSTERS = new AtomicInteger();

  final List<FakeMember> members = new ArrayList<>();
  private final List<CairnClient> clients = new ArrayList<>();
  private final String prefix = "fake" + CLUSTERS.incrementAndGet() + "-";

  FakeCluster(int size) throws IOException {
    for (int i = 1; i <= size; i++) {
      members.add(FakeMember.inProcess(prefix + "n" + i + ":" + i));
    }
  }

  FakeMember member(int i) {
    return members.get(i - 1);
  }

  /** An endpoint in this cluster's namespace with no member behind it. */
  String unknownEndpoint(int i) {
    return prefix + "n" + i + ":" + i;
  }

  /** A builder whose channels reach these fake members in-process. */
  CairnClientBuilder builder() {
    return CairnClient.builder()
        .callTimeout(Duration.ofSeconds(5))
        .findLeader(false)
        .channelFactory(endpoint -> InProcessChannelBuilder.forName(endpoint).build());
  }

  /** A client for the given members (1-based), closed with the cluster. */
  CairnClient client(Duration callTimeout, int... memberIds) {
    List<String> endpoints = new ArrayList<>();
    for (int i : memberIds) {
      endpoints.add(member(i).endpoint());
    }
    return track(builder().callTimeout(callTimeout).endpoints(endpoints).build());
  }

  CairnClient track(CairnClient client) {
    clients.add(client);
    return client;
  }

  @Override
  public void close() {
    clients.forEach(CairnClient::close);
    for (FakeMember m : members) {
      m.close();
    }
  }
}

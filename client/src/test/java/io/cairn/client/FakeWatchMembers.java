package io.cairn.client;

import io.cairn.api.v1.Event;
import io.cairn.api.v1.KeyValue;
import io.cairn.api.v1.ResponseHeader;
import io.cairn.api.v1.WatchCreateRequest;
import io.cairn.api.v1.WatchGrpc;
import io.cairn.api.v1.WatchRequest;
import io.cairn.api.v1.WatchResponse;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * In-process members serving one shared, scripted history over the Watch service (every key; the
 * key filter is not applied). Revision r has one PUT of key "k" with value "v{r}" unless a txn of
 * several events was appended. Streams can be broken, the history compacted, and a member can be
 * told to misbehave by replaying a few revisions already sent.
 */
final class FakeWatchMembers implements AutoCloseable {
  private static final AtomicInteger GROUPS = new AtomicInteger();

  final List<Long> createStarts = new CopyOnWriteArrayList<>();
  final AtomicInteger sentResponses = new AtomicInteger();
  private final List<Event> history = new ArrayList<>();
  private final List<Stream> streams = new ArrayList<>();
  private final List<Server> servers = new ArrayList<>();
  private final List<String> endpoints = new ArrayList<>();
  private final List<CairnClient> clients = new ArrayList<>();
  private long revision;
  private long compacted;
  volatile int replayOnResume;
  volatile boolean twoRevisionsPerResponse;

  /** Hold new events back (as if not yet sent when the member dies). */
  volatile boolean paused;

  FakeWatchMembers(int size) throws IOException {
    String prefix = "fakewatch" + GROUPS.incrementAndGet() + "-n";
    for (int i = 1; i <= size; i++) {
      String name = prefix + i + ":" + i;
      endpoints.add(name);
      servers.add(
          InProcessServerBuilder.forName(name).directExecutor().addService(new Service()).build());
      servers.get(i - 1).start();
    }
  }

  CairnClient client() {
    CairnClient c =
        CairnClient.builder()
            .callTimeout(Duration.ofSeconds(5))
            .channelFactory(e -> InProcessChannelBuilder.forName(e).directExecutor().build())
            .endpoints(endpoints)
            .build();
    clients.add(c);
    return c;
  }

  static KeyValue put(String key, String value, long revision) {
    return KeyValue.newBuilder()
        .setKey(com.google.protobuf.ByteString.copyFromUtf8(key))
        .setValue(com.google.protobuf.ByteString.copyFromUtf8(value))
        .setCreateRevision(revision)
        .setModRevision(revision)
        .setVersion(1)
        .build();
  }

  /** Appends one revision holding one put per key; returns the revision. */
  synchronized long write(String... keys) {
    long rev = ++revision;
    for (String k : keys) {
      history.add(
          Event.newBuilder().setType(Event.EventType.PUT).setKv(put(k, "v" + rev, rev)).build());
    }
    streams.forEach(this::pump);
    return rev;
  }

  synchronized void compact(long rev) {
    compacted = rev;
  }

  /** Fails every open stream as a dying member would. */
  synchronized void breakStreams() {
    for (Stream s : streams) {
      s.out.onError(Status.UNAVAILABLE.withDescription("fake member died").asRuntimeException());
    }
    streams.clear();
  }

  /** Cancels every open watch as a member shedding a slow consumer would. */
  synchronized void cancelWatches() {
    for (Stream s : streams) {
      s.out.onNext(
          WatchResponse.newBuilder()
              .setHeader(header())
              .setCanceled(true)
              .setCancelReason("slow consumer")
              .build());
      s.out.onCompleted();
    }
    streams.clear();
  }

  synchronized int openStreams() {
    return streams.size();
  }

  private ResponseHeader header() {
    return ResponseHeader.newBuilder().setRevision(revision).setMemberId("fake").build();
  }

  private synchronized void create(Stream s, WatchCreateRequest c) {
    createStarts.add(c.getStartRevision());
    long start = c.getStartRevision() == 0 ? revision + 1 : c.getStartRevision();
    if (start <= compacted) {
      s.out.onNext(
          WatchResponse.newBuilder()
              .setHeader(header())
              .setCreated(true)
              .setCanceled(true)
              .setCompactRevision(compacted)
              .setCancelReason("compacted")
              .build());
      s.out.onCompleted();
      return;
    }
    s.out.onNext(WatchResponse.newBuilder().setHeader(header()).setCreated(true).build());
    s.next = Math.max(1, start - (c.getStartRevision() > 1 ? replayOnResume : 0));
    streams.add(s);
    pump(s);
  }

  /** Sends {@code s} every event from its next revision on, a revision (or two) per response. */
  private void pump(Stream s) {
    while (!paused && s.next <= revision) {
      WatchResponse.Builder r = WatchResponse.newBuilder().setHeader(header());
      int revisions = twoRevisionsPerResponse ? 2 : 1;
      for (int i = 0; i < revisions && s.next <= revision; i++, s.next++) {
        for (Event e : history) {
          if (e.getKv().getModRevision() == s.next) {
            r.addEvents(e);
          }
        }
      }
      s.out.onNext(r.build());
      sentResponses.incrementAndGet();
    }
  }

  private final class Stream {
    final ServerCallStreamObserver<WatchResponse> out;
    long next;

    Stream(ServerCallStreamObserver<WatchResponse> out) {
      this.out = out;
    }
  }

  private final class Service extends WatchGrpc.WatchImplBase {
    @Override
    public StreamObserver<WatchRequest> watch(StreamObserver<WatchResponse> responses) {
      Stream s = new Stream((ServerCallStreamObserver<WatchResponse>) responses);
      s.out.setOnCancelHandler(
          () -> {
            synchronized (FakeWatchMembers.this) {
              streams.remove(s);
            }
          });
      return new StreamObserver<>() {
        @Override
        public void onNext(WatchRequest r) {
          if (r.hasCreateRequest()) {
            create(s, r.getCreateRequest());
          }
        }

        @Override
        public void onError(Throwable t) {
          synchronized (FakeWatchMembers.this) {
            streams.remove(s);
          }
        }

        @Override
        public void onCompleted() {}
      };
    }
  }

  @Override
  public void close() {
    clients.forEach(CairnClient::close);
    servers.forEach(Server::shutdownNow);
  }
}

package io.cairn.client;

import com.google.protobuf.Message;
import io.cairn.api.v1.ClusterGrpc;
import io.cairn.api.v1.DeleteRangeRequest;
import io.cairn.api.v1.DeleteRangeResponse;
import io.cairn.api.v1.KVGrpc;
import io.cairn.api.v1.MemberListRequest;
import io.cairn.api.v1.MemberListResponse;
import io.cairn.api.v1.PutRequest;
import io.cairn.api.v1.PutResponse;
import io.cairn.api.v1.RangeRequest;
import io.cairn.api.v1.RangeResponse;
import io.cairn.api.v1.ResponseHeader;
import io.cairn.api.v1.StatusRequest;
import io.cairn.api.v1.StatusResponse;
import io.cairn.api.v1.TxnRequest;
import io.cairn.api.v1.TxnResponse;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A scripted member: records every request and answers from a queue of replies, then with a default
 * answer. Replies are a response message, a {@link RuntimeException} (usually a status) to fail
 * with, or {@link #HOLD} to keep the call open until the test answers it.
 */
final class FakeMember implements AutoCloseable {
  /** Keep the call open; it is answered by {@link #releaseHeld(Message)} or never. */
  static final Object HOLD = new Object();

  final List<Message> requests = new CopyOnWriteArrayList<>();
  final Queue<Object> replies = new ConcurrentLinkedQueue<>();
  final Queue<StreamObserver<Message>> held = new ConcurrentLinkedQueue<>();
  volatile Function<Message, Object> fallback = FakeMember::ok;
  private String name;
  private Server server;

  private FakeMember() {}

  /** A member reachable in-process under {@code name}, which is also its endpoint. */
  static FakeMember inProcess(String name) throws IOException {
    FakeMember m = new FakeMember();
    m.name = name;
    m.server = m.serve(InProcessServerBuilder.forName(name).directExecutor());
    return m;
  }

  /** A member on a real socket, 127.0.0.1 and a free port. */
  static FakeMember netty() throws IOException {
    FakeMember m = new FakeMember();
    m.server = m.serve(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)));
    m.name = "127.0.0.1:" + ((InetSocketAddress) m.server.getListenSockets().get(0)).getPort();
    return m;
  }

  /** The member's endpoint. */
  String endpoint() {
    return name;
  }

  private Server serve(io.grpc.ServerBuilder<?> builder) throws IOException {
    return builder.addService(kv()).addService(cluster()).build().start();
  }

  static ResponseHeader header(long revision) {
    return ResponseHeader.newBuilder()
        .setClusterId("c1")
        .setMemberId("m")
        .setRevision(revision)
        .setRaftTerm(3)
        .setLeaderId("n1")
        .build();
  }

  /** The default answer: an empty success of the right type. */
  static Object ok(Message request) {
    if (request instanceof PutRequest) {
      return PutResponse.newBuilder().setHeader(header(7)).build();
    } else if (request instanceof RangeRequest) {
      return RangeResponse.newBuilder().setHeader(header(7)).build();
    } else if (request instanceof DeleteRangeRequest) {
      return DeleteRangeResponse.newBuilder().setHeader(header(7)).build();
    } else if (request instanceof TxnRequest) {
      return TxnResponse.newBuilder().setHeader(header(7)).setSucceeded(true).build();
    } else if (request instanceof MemberListRequest) {
      return MemberListResponse.newBuilder().setHeader(header(7)).build();
    } else if (request instanceof StatusRequest) {
      return StatusResponse.newBuilder().setHeader(header(7)).build();
    }
    throw new IllegalArgumentException("unknown request " + request);
  }

  @SuppressWarnings("unchecked")
  private <Q extends Message, A> void handle(Q request, StreamObserver<A> observer) {
    requests.add(request);
    Object reply = replies.poll();
    if (reply == null) {
      reply = fallback.apply(request);
    }
    if (reply == HOLD) {
      held.add((StreamObserver<Message>) observer);
    } else if (reply instanceof RuntimeException e) {
      observer.onError(e);
    } else {
      observer.onNext((A) reply);
      observer.onCompleted();
    }
  }

  /** Answers the oldest held call. */
  void releaseHeld(Message response) {
    StreamObserver<Message> o = held.remove();
    o.onNext(response);
    o.onCompleted();
  }

  /** Requests of one type, in arrival order. */
  <T extends Message> List<T> requests(Class<T> type) {
    return requests.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private BindableService kv() {
    return new KVGrpc.KVImplBase() {
      @Override
      public void range(RangeRequest request, StreamObserver<RangeResponse> observer) {
        handle(request, observer);
      }

      @Override
      public void put(PutRequest request, StreamObserver<PutResponse> observer) {
        handle(request, observer);
      }

      @Override
      public void deleteRange(
          DeleteRangeRequest request, StreamObserver<DeleteRangeResponse> observer) {
        handle(request, observer);
      }

      @Override
      public void txn(TxnRequest request, StreamObserver<TxnResponse> observer) {
        handle(request, observer);
      }
    };
  }

  private BindableService cluster() {
    return new ClusterGrpc.ClusterImplBase() {
      @Override
      public void memberList(
          MemberListRequest request, StreamObserver<MemberListResponse> observer) {
        handle(request, observer);
      }

      @Override
      public void status(StatusRequest request, StreamObserver<StatusResponse> observer) {
        handle(request, observer);
      }
    };
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package io.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.v1.LeaseGrpc;
import io.cairn.api.v1.LeaseKeepAliveRequest;
import io.cairn.api.v1.LeaseKeepAliveResponse;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GrpcLeaseKeeperTest {
  private static final AtomicInteger GROUPS = new AtomicInteger();

  private final String follower = "fakelease" + GROUPS.incrementAndGet() + "-n1:1";
  private final String leader = "fakelease" + GROUPS.get() + "-n2:2";
  private final AtomicInteger followerStreams = new AtomicInteger();
  private final List<Long> leaderKeepAlives = new CopyOnWriteArrayList<>();
  private final AtomicInteger leaderTtl = new AtomicInteger(3);
  private volatile boolean leaderNotFound;
  private Server n1;
  private Server n2;
  private CairnClient client;

  @BeforeEach
  void setUp() throws Exception {
    n1 =
        InProcessServerBuilder.forName(follower)
            .directExecutor()
            .addService(
                new LeaseGrpc.LeaseImplBase() {
                  @Override
                  public StreamObserver<LeaseKeepAliveRequest> leaseKeepAlive(
                      StreamObserver<LeaseKeepAliveResponse> out) {
                    followerStreams.incrementAndGet();
                    out.onError(Errors.notLeader(leader));
                    return ignoring();
                  }
                })
            .build()
            .start();
    n2 =
        InProcessServerBuilder.forName(leader)
            .directExecutor()
            .addService(
                new LeaseGrpc.LeaseImplBase() {
                  @Override
                  public StreamObserver<LeaseKeepAliveRequest> leaseKeepAlive(
                      StreamObserver<LeaseKeepAliveResponse> out) {
                    return new StreamObserver<>() {
                      @Override
                      public void onNext(LeaseKeepAliveRequest r) {
                        leaderKeepAlives.add(r.getId());
                        if (leaderNotFound) {
                          out.onError(Errors.cairn(Status.Code.NOT_FOUND, "LEASE_NOT_FOUND"));
                          return;
                        }
                        out.onNext(
                            LeaseKeepAliveResponse.newBuilder()
                                .setId(r.getId())
                                .setTtl(leaderTtl.get())
                                .build());
                      }

                      @Override
                      public void onError(Throwable t) {}

                      @Override
                      public void onCompleted() {
                        out.onCompleted();
                      }
                    };
                  }
                })
            .build()
            .start();
    client =
        CairnClient.builder()
            .callTimeout(Duration.ofSeconds(5))
            .channelFactory(e -> InProcessChannelBuilder.forName(e).directExecutor().build())
            .endpoints(follower, leader)
            .build();
  }

  private static StreamObserver<LeaseKeepAliveRequest> ignoring() {
    return new StreamObserver<>() {
      @Override
      public void onNext(LeaseKeepAliveRequest r) {}

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {}
    };
  }

  @AfterEach
  void tearDown() {
    client.close();
    n1.shutdownNow();
    n2.shutdownNow();
  }

  @Test
  void followsTheNotLeaderRedirectAndKeepsSendingEveryThirdOfTheTtl() {
    List<Long> ttls = new CopyOnWriteArrayList<>();
    LeaseKeeper keeper =
        client.keepAlive(
            42,
            new LeaseListener() {
              @Override
              public void onKeepAlive(long ttlSeconds) {
                ttls.add(ttlSeconds);
              }
            });
    await().until(() -> leaderKeepAlives.size() >= 3);
    assertThat(followerStreams.get()).isEqualTo(1);
    assertThat(leaderKeepAlives).containsOnly(42L);
    assertThat(ttls).contains(3L);
    assertThat(keeper.ttl()).isEqualTo(3);
    assertThat(keeper.lost()).isNotDone();
    keeper.close();
    await().until(() -> keeper.lost().isDone());
    assertThat(keeper.lost()).isCompleted();
  }

  @Test
  void reportsLossWhenTheLeaderAnswersTtlZero() {
    AtomicReference<CairnException> lost = new AtomicReference<>();
    LeaseKeeper keeper =
        client.keepAlive(
            7,
            new LeaseListener() {
              @Override
              public void onLost(CairnException e) {
                lost.set(e);
              }
            });
    await().until(() -> leaderKeepAlives.size() >= 1);
    leaderTtl.set(0);
    await().until(() -> lost.get() != null);
    assertThat(lost.get()).isInstanceOf(CairnLeaseNotFoundException.class);
    assertThat(keeper.lost()).isCompletedExceptionally();
    int sent = leaderKeepAlives.size();
    await().during(Duration.ofMillis(1200)).until(() -> leaderKeepAlives.size() == sent);
  }

  @Test
  void reopensAfterTheLeaderStreamBreaks() throws Exception {
    LeaseKeeper keeper = client.keepAlive(9);
    await().until(() -> leaderKeepAlives.size() >= 1);
    n2.shutdownNow();
    n2.awaitTermination();
    int before = leaderKeepAlives.size();
    n2 =
        InProcessServerBuilder.forName(leader)
            .directExecutor()
            .addService(
                new LeaseGrpc.LeaseImplBase() {
                  @Override
                  public StreamObserver<LeaseKeepAliveRequest> leaseKeepAlive(
                      StreamObserver<LeaseKeepAliveResponse> out) {
                    return new StreamObserver<>() {
                      @Override
                      public void onNext(LeaseKeepAliveRequest r) {
                        leaderKeepAlives.add(r.getId());
                        out.onNext(LeaseKeepAliveResponse.newBuilder().setId(9).setTtl(3).build());
                      }

                      @Override
                      public void onError(Throwable t) {}

                      @Override
                      public void onCompleted() {}
                    };
                  }
                })
            .build()
            .start();
    await().atMost(Duration.ofSeconds(15)).until(() -> leaderKeepAlives.size() > before + 1);
    assertThat(keeper.lost()).isNotDone();
  }

  @Test
  void leaseNotFoundStatusIsReportedAsLost() {
    AtomicReference<CairnException> lost = new AtomicReference<>();
    LeaseKeeper keeper =
        client.keepAlive(
            5,
            new LeaseListener() {
              @Override
              public void onLost(CairnException e) {
                lost.set(e);
              }
            });
    await().until(() -> leaderKeepAlives.size() >= 1);
    leaderNotFound = true;
    await().until(() -> lost.get() != null);
    assertThat(lost.get()).isInstanceOf(CairnLeaseNotFoundException.class);
    assertThat(lost.get().reason()).isEqualTo("LEASE_NOT_FOUND");
    assertThat(keeper.lost()).isCompletedExceptionally();
  }
}

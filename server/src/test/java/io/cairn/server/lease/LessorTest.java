package io.cairn.server.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.statemachine.proto.Command;
import io.cairn.statemachine.proto.CommandResult;
import io.cairn.statemachine.proto.Failure;
import io.cairn.statemachine.proto.LeaseInfoResult;
import io.cairn.statemachine.proto.LeaseListResult;
import io.cairn.statemachine.proto.QueryResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LessorTest {
  private static final long SECOND = 1_000_000_000L;

  private final AtomicLong clock = new AtomicLong(1_000 * SECOND);
  private final List<Long> revoked = new ArrayList<>();
  private final List<CompletableFuture<CommandResult>> proposals = new ArrayList<>();
  private volatile boolean leader;
  private volatile long term = 1;
  private volatile List<LeaseInfoResult> stored = List.of();
  private final Lessor lessor =
      new Lessor(
          "t1",
          new Lessor.Leadership() {
            @Override
            public boolean isLeaderReady() {
              return leader;
            }

            @Override
            public long term() {
              return term;
            }
          },
          () ->
              CompletableFuture.completedFuture(
                  QueryResult.newBuilder()
                      .setLeaseList(LeaseListResult.newBuilder().addAllLeases(stored))
                      .build()),
          this::propose,
          clock::get,
          Duration.ofHours(1)); // only the test's ticks run

  private CompletableFuture<CommandResult> propose(Command c) {
    revoked.add(c.getLeaseRevoke().getId());
    CompletableFuture<CommandResult> f = new CompletableFuture<>();
    proposals.add(f);
    return f;
  }

  @AfterEach
  void close() {
    lessor.close();
  }

  private static LeaseInfoResult lease(long id, long ttl) {
    return LeaseInfoResult.newBuilder().setFound(true).setId(id).setTtlSeconds(ttl).build();
  }

  @Test
  void followersTrackNothingAndRefuseKeepAlives() {
    lessor.leaseGranted(1, 10);
    lessor.tick();
    assertThat(lessor.isPrimary()).isFalse();
    assertThatThrownBy(() -> lessor.keepAlive(1)).isInstanceOf(IllegalStateException.class);
    clock.addAndGet(100 * SECOND);
    lessor.tick();
    assertThat(revoked).isEmpty();
  }

  @Test
  void promotionGivesEveryStoredLeaseAFullTtl() {
    stored = List.of(lease(1, 5), lease(2, 60));
    leader = true;
    lessor.tick();
    assertThat(lessor.isPrimary()).isTrue();
    assertThat(lessor.remainingSeconds(1)).isEqualTo(5);
    clock.addAndGet(4 * SECOND);
    lessor.tick();
    assertThat(revoked).isEmpty();
    assertThat(lessor.keepAlive(1)).isEqualTo(5);
    clock.addAndGet(4 * SECOND);
    lessor.tick();
    assertThat(revoked).isEmpty();
    clock.addAndGet(2 * SECOND);
    assertThat(lessor.keepAlive(1)).isZero(); // expired: a keep-alive no longer saves it
    lessor.tick();
    assertThat(revoked).containsExactly(1L);
    lessor.tick();
    assertThat(revoked).containsExactly(1L); // in flight: not proposed twice
  }

  @Test
  void aFailedRevokeIsRetriedAndANewTermReloads() {
    leader = true;
    lessor.tick();
    lessor.leaseGranted(7, 2);
    clock.addAndGet(3 * SECOND);
    lessor.tick();
    assertThat(revoked).containsExactly(7L);
    proposals.get(0).completeExceptionally(new IllegalStateException("lost"));
    lessor.tick();
    assertThat(revoked).containsExactly(7L, 7L);
    proposals
        .get(1)
        .complete(
            CommandResult.newBuilder()
                .setFailure(Failure.newBuilder().setReason("LEASE_NOT_FOUND"))
                .build());
    assertThat(lessor.remainingSeconds(7)).isEqualTo(-1);

    stored = List.of(lease(9, 3));
    term = 2; // leadership lost and regained between ticks
    lessor.tick();
    assertThat(lessor.remainingSeconds(9)).isEqualTo(3);
    leader = false;
    lessor.tick();
    assertThat(lessor.isPrimary()).isFalse();
  }
}

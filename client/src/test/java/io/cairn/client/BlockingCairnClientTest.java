package io.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.api.v1.TxnRequest;
import io.grpc.Status.Code;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class BlockingCairnClientTest {
  private static final Bytes K = Bytes.utf8("k");

  private FakeCluster cluster;
  private BlockingCairnClient client;

  @BeforeEach
  void start() throws Exception {
    cluster = new FakeCluster(1);
    client = cluster.client(Duration.ofSeconds(2), 1).blocking();
  }

  @AfterEach
  void stop() throws Exception {
    cluster.close();
  }

  @Test
  void returnsResultsDirectly() {
    assertThat(client.put(K, K).header().revision()).isEqualTo(7);
    assertThat(client.get(K).kvs()).isEmpty();
    assertThat(client.delete(K).deleted()).isZero();
    assertThat(client.txn(t -> t.when(Cmp.version(K).equal(0)).then(Op.put(K, K))).succeeded())
        .isTrue();
    assertThat(cluster.member(1).requests(TxnRequest.class).get(0).getSuccessCount()).isEqualTo(1);
  }

  @Test
  void throwsTheCairnExceptionItselfNotAWrapper() {
    cluster.member(1).replies.add(Errors.cairn(Code.INVALID_ARGUMENT, "EMPTY_KEY"));
    assertThatThrownBy(() -> client.put(Bytes.EMPTY, K))
        .isExactlyInstanceOf(CairnRejectedException.class)
        .extracting(e -> ((CairnException) e).reason())
        .isEqualTo("EMPTY_KEY");

    cluster.member(1).fallback = req -> Errors.cairn(Code.UNAVAILABLE, "NO_LEADER");
    assertThatThrownBy(() -> client.get(K)).isExactlyInstanceOf(CairnUnavailableException.class);
    assertThatThrownBy(() -> client.members()).isExactlyInstanceOf(CairnUnavailableException.class);
  }

  @Test
  void unwrapsFailuresOfDerivedFutures() {
    CompletableFuture<String> derived =
        CompletableFuture.<String>failedFuture(
                new CairnIndeterminateException("TIMEOUT", "t", null))
            .thenApply(s -> s + "!");
    assertThatThrownBy(() -> BlockingCairnClient.await(derived))
        .isExactlyInstanceOf(CairnIndeterminateException.class);
  }

  @Test
  void anInterruptedWaitIsIndeterminateAndKeepsTheFlag() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> BlockingCairnClient.await(new CompletableFuture<>()))
          .isExactlyInstanceOf(CairnIndeterminateException.class)
          .extracting(e -> ((CairnException) e).reason())
          .isEqualTo("INTERRUPTED");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}

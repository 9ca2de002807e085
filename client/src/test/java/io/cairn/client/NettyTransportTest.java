package io.cairn.client;

import static io.cairn.client.Futures.failure;
import static io.cairn.client.Futures.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.v1.PutRequest;
import io.grpc.Status;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The default (netty, plaintext) channels, against fake members on 127.0.0.1. */
@Timeout(60)
class NettyTransportTest {
  private static final Bytes K = Bytes.utf8("k");

  @Test
  void talksToARealSocket() throws Exception {
    try (FakeMember m = FakeMember.netty();
        CairnClient client = CairnClient.builder().endpoints(m.endpoint()).build()) {
      assertThat(value(client.put(K, K)).header().revision()).isEqualTo(7);
      assertThat(m.requests(PutRequest.class)).hasSize(1);
    }
  }

  @Test
  void aRefusedConnectionIsUnavailable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (CairnClient client =
        CairnClient.builder()
            .endpoints("127.0.0.1:" + port)
            .callTimeout(Duration.ofMillis(500))
            .build()) {
      Throwable e = failure(client.put(K, K));
      assertThat(e).isExactlyInstanceOf(CairnUnavailableException.class);
      assertThat(((CairnException) e).reason()).isEqualTo("CONNECTION");
    }
  }

  @Test
  void aTransportFailureAfterSendingIsIndeterminate() throws Exception {
    try (FakeMember m = FakeMember.netty();
        CairnClient client =
            CairnClient.builder()
                .endpoints(m.endpoint())
                // Long enough for a retry even on a loaded machine: each attempt fails at once.
                .callTimeout(Duration.ofSeconds(3))
                .build()) {
      // A bare status, as a proxy or a dying connection would produce it.
      m.fallback = req -> Status.UNAVAILABLE.withDescription("gone").asRuntimeException();
      Throwable e = failure(client.put(K, K));
      assertThat(e).isExactlyInstanceOf(CairnIndeterminateException.class);
      assertThat(m.requests(PutRequest.class).size()).isGreaterThan(1);
    }
  }
}

package io.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CairnClientBuilderTest {
  @Test
  void rejectsMissingOrMalformedEndpoints() {
    assertThatThrownBy(() -> CairnClient.builder().build())
        .isInstanceOf(IllegalArgumentException.class);
    for (String bad : new String[] {"localhost", "host:", ":2379", "host:port", "h:70000", "h:0"}) {
      assertThatThrownBy(() -> CairnClient.builder().endpoints(bad).build())
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> CairnClient.builder().callTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keepsWellFormedEndpointsInOrderWithoutDuplicates() {
    try (CairnClient client =
        CairnClient.builder()
            .endpoints("127.0.0.1:2379", "[::1]:2380", "node-3.example:2381", "127.0.0.1:2379")
            .build()) {
      // No connection is opened until the first call.
      assertThat(client.endpoints())
          .containsExactly("127.0.0.1:2379", "[::1]:2380", "node-3.example:2381");
    }
  }
}

package io.cairn.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.client.EndpointStatus;
import io.cairn.client.ResponseHeader;
import org.junit.jupiter.api.Test;

class EndpointReportTest {
  private static EndpointReport report(String leaderAddr, long committed, long applied) {
    ResponseHeader h = new ResponseHeader("c", "n1", 5, 2, "n2");
    return new EndpointReport(
        "127.0.0.1:7001",
        new EndpointStatus(
            "127.0.0.1:7001", h, "0.1.0", "FOLLOWER", committed, applied, 4096, leaderAddr),
        null);
  }

  @Test
  void healthFollowsTheReadinessRule() {
    assertThat(report("127.0.0.1:7002", 10, 10).health()).isEqualTo("healthy");
    assertThat(report("127.0.0.1:7002", 10 + EndpointReport.MAX_APPLY_LAG, 10).health())
        .isEqualTo("healthy");
    assertThat(report("127.0.0.1:7002", 11 + EndpointReport.MAX_APPLY_LAG, 10).health())
        .isEqualTo("unhealthy: applying");
    assertThat(report("", 10, 10).health()).isEqualTo("unhealthy: no leader");
    assertThat(new EndpointReport("127.0.0.1:7001", null, "refused").health())
        .isEqualTo("unreachable");
  }
}

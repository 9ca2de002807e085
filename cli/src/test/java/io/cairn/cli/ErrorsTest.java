package io.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.client.CairnCompactedException;
import io.cairn.client.CairnIndeterminateException;
import io.cairn.client.CairnLeaseNotFoundException;
import io.cairn.client.CairnRejectedException;
import io.cairn.client.CairnSessionExpiredException;
import io.cairn.client.CairnUnavailableException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The one exit-code table: each failure class maps to its own code. */
class ErrorsTest {
  @Test
  void everyFailureClassHasItsOwnCode() {
    assertThat(Errors.exitCode(new CairnRejectedException("KEY_TOO_LARGE", "too big", null)))
        .isEqualTo(ExitCode.REJECTED);
    assertThat(Errors.exitCode(new CairnUnavailableException("NO_LEADER", "no leader", null)))
        .isEqualTo(ExitCode.UNAVAILABLE);
    assertThat(
            Errors.exitCode(
                new CompletionException(
                    new CairnIndeterminateException("LEADERSHIP_LOST", "lost", null))))
        .isEqualTo(ExitCode.UNKNOWN_OUTCOME);
    assertThat(Errors.exitCode(new CairnSessionExpiredException("SESSION_EXPIRED", "old", null)))
        .isEqualTo(ExitCode.UNKNOWN_OUTCOME);
    assertThat(Errors.exitCode(CliException.usage("bad"))).isEqualTo(ExitCode.USAGE);
    assertThat(Errors.exitCode(new IllegalStateException("boom"))).isEqualTo(ExitCode.FAILED);
  }

  @Test
  void messagesAreOneLineAndSayWhatHappenedToTheWrite() {
    assertThat(
            Errors.message(
                new CairnIndeterminateException("TIMEOUT", "deadline passed\n  detail", null)))
        .isEqualTo("outcome unknown (the write may have been applied): deadline passed");
    assertThat(Errors.message(new CairnUnavailableException("NO_LEADER", "no leader", null)))
        .startsWith("cluster unavailable: ");
  }

  @Test
  void aMissingLeaseIsNotFoundAndACompactedRevisionIsRejectedNamingIt() {
    var lease = new CairnLeaseNotFoundException("lease 7 does not exist", Map.of(), null);
    assertThat(Errors.exitCode(new CompletionException(lease))).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(Errors.message(lease)).isEqualTo("lease not found: lease 7 does not exist");

    var compacted = new CairnCompactedException("revision 3 is compacted", 12, Map.of(), null);
    assertThat(Errors.exitCode(compacted)).isEqualTo(ExitCode.REJECTED);
    assertThat(Errors.message(compacted))
        .isEqualTo("revision compacted: revision 3 is compacted (compacted at 12)");
    var named = new CairnCompactedException("compacted at revision 12", 12, Map.of(), null);
    assertThat(Errors.message(named)).isEqualTo("revision compacted: compacted at revision 12");
  }
}

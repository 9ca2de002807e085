package io.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.client.CairnIndeterminateException;
import io.cairn.client.CairnRejectedException;
import io.cairn.client.CairnSessionExpiredException;
import io.cairn.client.CairnUnavailableException;
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
}

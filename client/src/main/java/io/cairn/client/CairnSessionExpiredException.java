package io.cairn.client;

import java.util.Map;

/**
 * A retried write's answer is no longer held by the cluster's session table (reason {@code
 * SESSION_EXPIRED}), so the cluster cannot tell whether an earlier attempt applied it. As with any
 * {@link CairnIndeterminateException}, the write <b>may</b> have been applied, at most once.
 */
public class CairnSessionExpiredException extends CairnIndeterminateException {
  private static final long serialVersionUID = 1L;

  public CairnSessionExpiredException(String reason, String message, Throwable cause) {
    super(reason, message, cause);
  }

  public CairnSessionExpiredException(
      String reason, String message, Map<String, String> metadata, Throwable cause) {
    super(reason, message, metadata, cause);
  }
}

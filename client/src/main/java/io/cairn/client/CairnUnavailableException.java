package io.cairn.client;

import java.util.Map;

/**
 * No member could serve the request before the call's deadline (no leader, members unreachable or
 * overloaded). A write that fails this way was definitely <b>not</b> applied: it is safe to retry.
 */
public class CairnUnavailableException extends CairnException {
  private static final long serialVersionUID = 1L;

  public CairnUnavailableException(String reason, String message, Throwable cause) {
    super(reason, message, cause);
  }

  public CairnUnavailableException(
      String reason, String message, Map<String, String> metadata, Throwable cause) {
    super(reason, message, metadata, cause);
  }
}

package io.cairn.client;

import java.util.Map;

/**
 * The request is invalid (empty or oversized key, too many transaction operations, a malformed
 * range, ...). A rejected write was <b>not</b> applied; retrying it unchanged fails the same way.
 */
public class CairnRejectedException extends CairnException {
  private static final long serialVersionUID = 1L;

  public CairnRejectedException(String reason, String message, Throwable cause) {
    super(reason, message, cause);
  }

  public CairnRejectedException(
      String reason, String message, Map<String, String> metadata, Throwable cause) {
    super(reason, message, metadata, cause);
  }
}

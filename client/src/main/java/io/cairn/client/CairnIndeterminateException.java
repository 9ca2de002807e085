package io.cairn.client;

import java.util.Map;

/**
 * The outcome is unknown: a write that fails this way <b>may or may not</b> have been applied (a
 * request reached a member, then leadership was lost, the deadline passed or the connection broke
 * before the answer came back). The client already retried it with its original session and
 * sequence number while time remained, so it was applied at most once; read the key to find out.
 * Retrying it as a new write may apply it twice.
 */
public class CairnIndeterminateException extends CairnException {
  private static final long serialVersionUID = 1L;

  public CairnIndeterminateException(String reason, String message, Throwable cause) {
    super(reason, message, cause);
  }

  public CairnIndeterminateException(
      String reason, String message, Map<String, String> metadata, Throwable cause) {
    super(reason, message, metadata, cause);
  }
}

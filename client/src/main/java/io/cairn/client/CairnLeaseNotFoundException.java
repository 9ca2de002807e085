package io.cairn.client;

import java.util.Map;

/**
 * The lease does not exist, or no longer does: it expired or was revoked (reason {@code
 * LEASE_NOT_FOUND}). Nothing was applied.
 */
public class CairnLeaseNotFoundException extends CairnRejectedException {
  private static final long serialVersionUID = 1L;

  public CairnLeaseNotFoundException(
      String message, Map<String, String> metadata, Throwable cause) {
    super("LEASE_NOT_FOUND", message, metadata, cause);
  }
}

package io.cairn.statemachine.store;

/** LMDB's map is full: the batch was rolled back and nothing of it applied. */
public final class StoreFullException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreFullException(String message, Throwable cause) {
    super(message, cause);
  }
}

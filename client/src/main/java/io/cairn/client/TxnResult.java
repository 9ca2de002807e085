package io.cairn.client;

import java.util.List;

/**
 * The answer to a transaction.
 *
 * @param header who answered, at which revision
 * @param succeeded whether every compare held, so the {@code then} branch ran (else {@code
 *     otherwise})
 * @param results one result per operation of the branch that ran, in order
 */
public record TxnResult(ResponseHeader header, boolean succeeded, List<OpResult> results) {
  public TxnResult {
    results = List.copyOf(results);
  }
}

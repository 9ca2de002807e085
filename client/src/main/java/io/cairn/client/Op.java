package io.cairn.client;

import io.cairn.api.v1.RequestOp;

/** An operation inside a transaction: a get, a put or a delete. */
public final class Op {
  private final RequestOp proto;

  private Op(RequestOp proto) {
    this.proto = proto;
  }

  public static Op get(Bytes key) {
    return get(key, GetOptions.DEFAULT);
  }

  /** A get; inside a transaction it sees the transaction's earlier writes. */
  public static Op get(Bytes key, GetOptions options) {
    return new Op(RequestOp.newBuilder().setRequestRange(Wire.range(key, options)).build());
  }

  public static Op put(Bytes key, Bytes value) {
    return put(key, value, PutOptions.DEFAULT);
  }

  public static Op put(Bytes key, Bytes value, PutOptions options) {
    return new Op(RequestOp.newBuilder().setRequestPut(Wire.put(key, value, options)).build());
  }

  public static Op delete(Bytes key) {
    return delete(key, DeleteOptions.DEFAULT);
  }

  public static Op delete(Bytes key, DeleteOptions options) {
    return new Op(RequestOp.newBuilder().setRequestDeleteRange(Wire.delete(key, options)).build());
  }

  RequestOp toProto() {
    return proto;
  }

  @Override
  public String toString() {
    return switch (proto.getRequestCase()) {
      case REQUEST_RANGE -> "get(" + Bytes.wrap(proto.getRequestRange().getKey()) + ")";
      case REQUEST_PUT -> "put(" + Bytes.wrap(proto.getRequestPut().getKey()) + ")";
      case REQUEST_DELETE_RANGE ->
          "delete(" + Bytes.wrap(proto.getRequestDeleteRange().getKey()) + ")";
      case REQUEST_NOT_SET -> "?";
    };
  }
}

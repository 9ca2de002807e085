package io.cairn.server.api;

import io.cairn.api.v1.CompactionRequest;
import io.cairn.api.v1.CompactionResponse;
import io.cairn.api.v1.DeleteRangeRequest;
import io.cairn.api.v1.DeleteRangeResponse;
import io.cairn.api.v1.KVGrpc;
import io.cairn.api.v1.PutRequest;
import io.cairn.api.v1.PutResponse;
import io.cairn.api.v1.RangeRequest;
import io.cairn.api.v1.RangeResponse;
import io.cairn.api.v1.ReadConsistency;
import io.cairn.api.v1.TxnRequest;
import io.cairn.api.v1.TxnResponse;
import io.cairn.server.replication.RaftMember;
import io.cairn.server.replication.RatisProposer;
import io.cairn.server.replication.ReadPath;
import io.cairn.statemachine.proto.Query;
import io.cairn.statemachine.proto.QueryResult;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** cairn.v1.KV: validate, translate, replicate, translate back. */
public final class KvService extends KVGrpc.KVImplBase {
  /**
   * For a server whose executor is direct: this service's calls stay on the transport thread (every
   * handler here only validates and queues work, a proposal or a read, and answers from a
   * completion thread, so it never blocks); every other service's calls move to {@code others}.
   * With a pool as the server's executor, grpc-java would hop to it for each call's start before
   * any per-call executor applies.
   */
  public static ServerCallExecutorSupplier onTransportThread(Executor others) {
    return new ServerCallExecutorSupplier() {
      @Override
      public <ReqT, RespT> Executor getExecutor(ServerCall<ReqT, RespT> call, Metadata headers) {
        return KVGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName())
            ? null // keep the server's direct executor
            : others;
      }
    };
  }

  private final ReadPath reads;
  private final Headers headers;
  private final ErrorMapper errors;
  private final UnaryCalls calls;

  public KvService(RaftMember member, RatisProposer proposer, ReadPath reads, ErrorMapper errors) {
    this.reads = reads;
    this.headers = new Headers(member);
    this.errors = errors;
    this.calls = new UnaryCalls(proposer, errors);
  }

  @Override
  public void range(RangeRequest request, StreamObserver<RangeResponse> response) {
    Query query;
    try {
      RequestValidator.check(request);
      query = Translator.query(request);
    } catch (RuntimeException e) {
      response.onError(errors.toStatus(e));
      return;
    }
    CompletableFuture<QueryResult> result =
        request.getConsistency() == ReadConsistency.SERIALIZABLE
            ? reads.serializable(query, request.getMinRevision())
            : reads.linearizable(query);
    calls.read(
        result, response, r -> Translator.rangeResponse(headers.of(r.getRevision()), r.getRange()));
  }

  @Override
  public void compact(CompactionRequest request, StreamObserver<CompactionResponse> response) {
    calls.write(
        response,
        () -> {
          RequestValidator.check(request);
          return Translator.command(request);
        },
        r -> CompactionResponse.newBuilder().setHeader(headers.of(r.getRevision())).build());
  }

  @Override
  public void put(PutRequest request, StreamObserver<PutResponse> response) {
    calls.write(
        response,
        () -> {
          RequestValidator.check(request);
          return Translator.command(request);
        },
        r -> Translator.putResponse(headers.of(r.getRevision()), r.getPut()));
  }

  @Override
  public void deleteRange(
      DeleteRangeRequest request, StreamObserver<DeleteRangeResponse> response) {
    calls.write(
        response,
        () -> {
          RequestValidator.check(request);
          return Translator.command(request);
        },
        r -> Translator.deleteResponse(headers.of(r.getRevision()), r.getDeleteRange()));
  }

  @Override
  public void txn(TxnRequest request, StreamObserver<TxnResponse> response) {
    calls.write(
        response,
        () -> {
          RequestValidator.check(request);
          return Translator.command(request);
        },
        r -> Translator.txnResponse(headers.of(r.getRevision()), r.getTxn()));
  }
}

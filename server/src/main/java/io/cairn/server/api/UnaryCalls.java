package io.cairn.server.api;

import io.cairn.server.replication.RatisProposer;
import io.cairn.statemachine.proto.Command;
import io.cairn.statemachine.proto.CommandResult;
import io.cairn.statemachine.proto.QueryResult;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The life of a unary call, shared by every service: validate and translate, propose or read, and
 * answer with either the translated result or the one error table's status. Session errors and
 * store failures that come back as results become statuses here.
 */
public final class UnaryCalls {
  private final RatisProposer proposer;
  private final ErrorMapper errors;

  public UnaryCalls(RatisProposer proposer, ErrorMapper errors) {
    this.proposer = proposer;
    this.errors = errors;
  }

  /** Proposes the command {@code validate} builds (its exceptions reject the call unproposed). */
  public <T> void write(
      StreamObserver<T> response,
      Supplier<Command> validate,
      Function<CommandResult, T> translate) {
    Command command;
    try {
      command = validate.get();
    } catch (RuntimeException e) {
      response.onError(errors.toStatus(e));
      return;
    }
    proposer
        .propose(command)
        .whenComplete(
            (r, t) -> {
              if (t != null) {
                response.onError(errors.toStatus(t));
              } else if (r.hasSessionError()) {
                response.onError(errors.sessionExpired(r.getSessionError()));
              } else if (r.hasFailure()) {
                response.onError(errors.toStatus(StoreFailure.of(r.getFailure())));
              } else {
                send(response, () -> translate.apply(r));
              }
            });
  }

  /** Answers with a read's translated result, or its failure. */
  public <T> void read(
      CompletableFuture<QueryResult> result,
      StreamObserver<T> response,
      Function<QueryResult, T> translate) {
    result.whenComplete(
        (r, t) -> {
          if (t != null) {
            response.onError(errors.toStatus(t));
          } else if (r.hasFailure()) {
            response.onError(errors.toStatus(StoreFailure.of(r.getFailure())));
          } else {
            send(response, () -> translate.apply(r));
          }
        });
  }

  /** Sends one message and completes the call; a translation failure becomes the status. */
  public <T> void send(StreamObserver<T> response, Supplier<T> message) {
    T m;
    try {
      m = message.get();
    } catch (RuntimeException e) {
      response.onError(errors.toStatus(e));
      return;
    }
    response.onNext(m);
    response.onCompleted();
  }
}

package io.cairn.server.api;

import io.cairn.api.v1.ClusterGrpc;
import io.cairn.api.v1.LeaderTransferRequest;
import io.cairn.api.v1.LeaderTransferResponse;
import io.cairn.api.v1.Member;
import io.cairn.api.v1.MemberAddRequest;
import io.cairn.api.v1.MemberAddResponse;
import io.cairn.api.v1.MemberListRequest;
import io.cairn.api.v1.MemberListResponse;
import io.cairn.api.v1.MemberPromoteRequest;
import io.cairn.api.v1.MemberPromoteResponse;
import io.cairn.api.v1.MemberRemoveRequest;
import io.cairn.api.v1.MemberRemoveResponse;
import io.cairn.api.v1.Role;
import io.cairn.api.v1.StatusRequest;
import io.cairn.api.v1.StatusResponse;
import io.cairn.server.membership.Membership;
import io.cairn.server.membership.MembershipRefusal;
import io.cairn.server.replication.MemberRole;
import io.cairn.server.replication.RaftMember;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * cairn.v1.Cluster: this member's view of the cluster (answered locally) and membership changes
 * (made by the leader through {@link Membership}).
 */
public final class ClusterService extends ClusterGrpc.ClusterImplBase {
  private final RaftMember member;
  private final Headers headers;
  private final ErrorMapper errors;
  private final String version;
  private final Membership membership;

  public ClusterService(
      RaftMember member, ErrorMapper errors, String version, Membership membership) {
    this.member = member;
    this.headers = new Headers(member);
    this.errors = errors;
    this.version = version;
    this.membership = membership;
  }

  @Override
  public void memberAdd(MemberAddRequest request, StreamObserver<MemberAddResponse> response) {
    answer(
        () ->
            membership.addLearner(request.getId(), request.getPeerAddr(), request.getClientAddr()),
        () ->
            MemberAddResponse.newBuilder()
                .setHeader(headers.of(member.revision()))
                .addAllMembers(members())
                .build(),
        response);
  }

  @Override
  public void memberPromote(
      MemberPromoteRequest request, StreamObserver<MemberPromoteResponse> response) {
    answer(
        () -> membership.promote(request.getId()),
        () ->
            MemberPromoteResponse.newBuilder()
                .setHeader(headers.of(member.revision()))
                .addAllMembers(members())
                .build(),
        response);
  }

  @Override
  public void memberRemove(
      MemberRemoveRequest request, StreamObserver<MemberRemoveResponse> response) {
    answer(
        () -> membership.remove(request.getId()),
        () ->
            MemberRemoveResponse.newBuilder()
                .setHeader(headers.of(member.revision()))
                .addAllMembers(members())
                .build(),
        response);
  }

  @Override
  public void leaderTransfer(
      LeaderTransferRequest request, StreamObserver<LeaderTransferResponse> response) {
    CompletableFuture<String> change;
    try {
      change = membership.transferLeader(request.getToId());
    } catch (RuntimeException e) {
      response.onError(membershipStatus(e));
      return;
    }
    change.whenComplete(
        (leader, e) -> {
          if (e != null) {
            response.onError(membershipStatus(e));
            return;
          }
          response.onNext(
              LeaderTransferResponse.newBuilder()
                  .setHeader(headers.of(member.revision()))
                  .setLeaderId(leader)
                  .build());
          response.onCompleted();
        });
  }

  /** Starts a membership change and answers with the configuration once it has committed. */
  private <R> void answer(
      Supplier<CompletableFuture<Void>> start, Supplier<R> answer, StreamObserver<R> response) {
    CompletableFuture<Void> change;
    try {
      change = start.get();
    } catch (RuntimeException e) {
      response.onError(membershipStatus(e));
      return;
    }
    change.whenComplete(
        (ok, e) -> {
          R r;
          try {
            if (e != null) {
              throw e instanceof CompletionException c && c.getCause() != null ? c.getCause() : e;
            }
            r = answer.get();
          } catch (Throwable t) {
            response.onError(membershipStatus(t));
            return;
          }
          response.onNext(r);
          response.onCompleted();
        });
  }

  private StatusRuntimeException membershipStatus(Throwable t) {
    Throwable cause = t instanceof CompletionException c && c.getCause() != null ? c.getCause() : t;
    return cause instanceof MembershipRefusal refusal ? refusal.toStatus() : errors.toStatus(cause);
  }

  private List<Member> members() {
    List<Member> out = new ArrayList<>();
    for (Map.Entry<String, String> p : member.peerAddresses().entrySet()) {
      out.add(
          Member.newBuilder()
              .setId(p.getKey())
              .setPeerAddr(p.getValue())
              .setClientAddr(member.clientAddressOf(p.getKey()).orElse(""))
              .setRole(role(member.roleOf(p.getKey())))
              .build());
    }
    return out;
  }

  @Override
  public void memberList(MemberListRequest request, StreamObserver<MemberListResponse> response) {
    MemberListResponse.Builder b;
    try {
      b = MemberListResponse.newBuilder().setHeader(headers.of(member.revision()));
      for (Map.Entry<String, String> p : member.peerAddresses().entrySet()) {
        b.addMembers(
            Member.newBuilder()
                .setId(p.getKey())
                .setPeerAddr(p.getValue())
                .setClientAddr(member.clientAddressOf(p.getKey()).orElse(""))
                .setRole(role(member.roleOf(p.getKey()))));
      }
    } catch (RuntimeException e) {
      response.onError(errors.toStatus(e));
      return;
    }
    response.onNext(b.build());
    response.onCompleted();
  }

  @Override
  public void status(StatusRequest request, StreamObserver<StatusResponse> response) {
    StatusResponse status;
    try {
      status =
          StatusResponse.newBuilder()
              .setHeader(headers.of(member.revision()))
              .setVersion(version)
              .setRole(role(member.role()))
              .setRaftIndex(member.commitIndex())
              .setRaftAppliedIndex(member.appliedIndex())
              .setDbSize(member.dbSizeBytes())
              .setLeaderClientAddr(member.leaderId().flatMap(member::clientAddressOf).orElse(""))
              .build();
    } catch (RuntimeException e) {
      response.onError(errors.toStatus(e));
      return;
    }
    response.onNext(status);
    response.onCompleted();
  }

  private static Role role(MemberRole role) {
    return switch (role) {
      case LEADER -> Role.LEADER;
      case FOLLOWER -> Role.FOLLOWER;
      case CANDIDATE -> Role.CANDIDATE;
      case LISTENER -> Role.LISTENER;
      case UNKNOWN -> Role.ROLE_UNKNOWN;
    };
  }
}

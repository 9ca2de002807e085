package io.cairn.server.api;

import io.cairn.api.v1.ClusterGrpc;
import io.cairn.api.v1.Member;
import io.cairn.api.v1.MemberListRequest;
import io.cairn.api.v1.MemberListResponse;
import io.cairn.api.v1.Role;
import io.cairn.api.v1.StatusRequest;
import io.cairn.api.v1.StatusResponse;
import io.cairn.server.replication.MemberRole;
import io.cairn.server.replication.RaftMember;
import io.grpc.stub.StreamObserver;
import java.util.Map;

/** cairn.v1.Cluster: this member's view of the cluster; answered locally, never replicated. */
public final class ClusterService extends ClusterGrpc.ClusterImplBase {
  private final RaftMember member;
  private final Headers headers;
  private final ErrorMapper errors;
  private final String version;

  public ClusterService(RaftMember member, ErrorMapper errors, String version) {
    this.member = member;
    this.headers = new Headers(member);
    this.errors = errors;
    this.version = version;
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

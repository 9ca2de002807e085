package io.cairn.client;

import com.google.common.net.HostAndPort;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** Configures and builds a {@link CairnClient}. Obtain one with {@link CairnClient#builder()}. */
public final class CairnClientBuilder {
  /** Responses can hold many values of up to 1 MiB each; gRPC's default cap is 4 MiB. */
  private static final int MAX_INBOUND_MESSAGE_BYTES = 256 << 20;

  private final List<String> endpoints = new ArrayList<>();
  private Duration callTimeout = Duration.ofSeconds(10);
  private Duration connectTimeout = Duration.ofSeconds(3);
  private Function<String, ManagedChannel> channelFactory;
  private boolean findLeader = true;

  CairnClientBuilder() {}

  /** Client addresses ({@code host:port}) of some or all members; replaces earlier ones. */
  public CairnClientBuilder endpoints(String... endpoints) {
    return endpoints(Arrays.asList(endpoints));
  }

  /** Client addresses ({@code host:port}) of some or all members; replaces earlier ones. */
  public CairnClientBuilder endpoints(List<String> endpoints) {
    this.endpoints.clear();
    this.endpoints.addAll(endpoints);
    return this;
  }

  /** How long one operation may take, all retries included. Default 10 s. */
  public CairnClientBuilder callTimeout(Duration callTimeout) {
    this.callTimeout = positive(callTimeout, "callTimeout");
    return this;
  }

  /** How long opening a connection to one member may take. Default 3 s. */
  public CairnClientBuilder connectTimeout(Duration connectTimeout) {
    this.connectTimeout = positive(connectTimeout, "connectTimeout");
    return this;
  }

  /** Tests: make channels some other way (e.g. in-process). */
  CairnClientBuilder channelFactory(Function<String, ManagedChannel> channelFactory) {
    this.channelFactory = channelFactory;
    return this;
  }

  /** Tests: no background member-list call at build (scripted fakes answer calls in order). */
  CairnClientBuilder findLeader(boolean findLeader) {
    this.findLeader = findLeader;
    return this;
  }

  /**
   * @throws IllegalArgumentException if there is no endpoint or one is not {@code host:port}
   */
  public CairnClient build() {
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("at least one endpoint (host:port) is required");
    }
    List<String> normalized = new ArrayList<>();
    for (String endpoint : endpoints) {
      String e = normalize(endpoint);
      if (!normalized.contains(e)) {
        normalized.add(e);
      }
    }
    int connectMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
    Function<String, ManagedChannel> factory =
        channelFactory != null ? channelFactory : e -> nettyChannel(e, connectMillis);
    return new GrpcCairnClient(normalized, callTimeout, factory, findLeader);
  }

  private static ManagedChannel nettyChannel(String endpoint, int connectMillis) {
    HostAndPort hp = parse(endpoint);
    return NettyChannelBuilder.forAddress(hp.getHost(), hp.getPort())
        .usePlaintext()
        .withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectMillis)
        .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
        // CallRunner retries what is safe itself; grpc's own retry buffering only costs CPU.
        .disableRetry()
        // Answers complete the caller's futures on the I/O thread: no hop to a callback pool
        // (+10% puts, more for reads, measured); the blocking facets refuse to wait there.
        .directExecutor()
        .build();
  }

  /**
   * The canonical {@code host:port} form of an endpoint.
   *
   * @throws IllegalArgumentException if it is not host:port
   */
  static String normalize(String endpoint) {
    return parse(endpoint).toString();
  }

  private static HostAndPort parse(String endpoint) {
    Objects.requireNonNull(endpoint, "endpoint");
    HostAndPort hp;
    try {
      hp = HostAndPort.fromString(endpoint.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("endpoint is not host:port: " + endpoint, e);
    }
    if (!hp.hasPort() || hp.getHost().isEmpty() || hp.getPort() == 0) {
      throw new IllegalArgumentException("endpoint is not host:port: " + endpoint);
    }
    return hp;
  }

  private static Duration positive(Duration d, String name) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
    return d;
  }
}

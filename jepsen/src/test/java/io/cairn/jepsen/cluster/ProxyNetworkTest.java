package io.cairn.jepsen.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cairn.jepsen.nemesis.Partitions;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The link proxies with plain sockets standing in for nodes: each "node" listens on its real peer
 * port on 127.0.0.1, and a caller reaches it the way a node's JVM would, through the address its
 * hosts file gives for the other node.
 */
class ProxyNetworkTest {
  private final ProxyNetwork net = new ProxyNetwork("test");
  private final List<AutoCloseable> open = new ArrayList<>();
  private final Map<String, ServerSocket> nodes = new HashMap<>();

  @BeforeEach
  void setUp() throws IOException {
    net.setUp(List.of("n1", "n2", "n3"));
    for (String n : List.of("n1", "n2", "n3")) {
      ServerSocket s = new ServerSocket();
      s.bind(new InetSocketAddress("127.0.0.1", net.peerPort(n)));
      open.add(s);
      nodes.put(n, s);
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    net.close();
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  /** A connection {@code src} opens to {@code dst}: the caller's and the callee's socket. */
  private record Conn(Socket caller, Socket callee) {}

  private Conn connect(String src, String dst) throws IOException {
    Socket caller = new Socket();
    open.add(caller);
    caller.connect(address(src, dst), 5_000);
    caller.setSoTimeout(10_000);
    ServerSocket server = nodes.get(dst);
    server.setSoTimeout(10_000);
    Socket callee = server.accept();
    open.add(callee);
    callee.setSoTimeout(10_000);
    return new Conn(caller, callee);
  }

  private InetSocketAddress address(String src, String dst) {
    return new InetSocketAddress(ProxyNetwork.linkHost(index(src), index(dst)), net.peerPort(dst));
  }

  private static int index(String node) {
    return Integer.parseInt(node.substring(1));
  }

  private static void send(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    s.getOutputStream().flush();
  }

  private static String receive(Socket s, int n) throws IOException {
    return new String(s.getInputStream().readNBytes(n), StandardCharsets.UTF_8);
  }

  @Test
  void forwardsBytesBothWaysOnEveryLink() throws IOException {
    for (String src : List.of("n1", "n2", "n3")) {
      for (String dst : List.of("n1", "n2", "n3")) {
        if (src.equals(dst)) {
          continue;
        }
        Conn c = connect(src, dst);
        send(c.caller(), "ping " + src);
        assertThat(receive(c.callee(), 7)).isEqualTo("ping " + src);
        send(c.callee(), "pong " + dst);
        assertThat(receive(c.caller(), 7)).isEqualTo("pong " + dst);
        assertThat(net.link(src, dst).connectionsOpened()).isEqualTo(1);
      }
    }
  }

  @Test
  void aOneWayCutHoldsOnlyWhatTheGrudgingNodeWouldReceiveAndTheHealDeliversIt() throws IOException {
    Conn n1ToN2 = connect("n1", "n2");
    Conn n2ToN1 = connect("n2", "n1");

    net.partition(Map.of("n2", Set.of("n1"))); // n2 hears nothing from n1

    // n1's request to n2 is held; n2's reply on the same connection still reaches n1
    send(n1ToN2.caller(), "req");
    await().atMost(Duration.ofSeconds(10)).until(() -> net.link("n1", "n2").holding() == 1);
    assertThat(n1ToN2.callee().getInputStream().available()).isZero();
    send(n1ToN2.callee(), "rep");
    assertThat(receive(n1ToN2.caller(), 3)).isEqualTo("rep");

    // n2's request to n1 passes; n1's reply is held
    send(n2ToN1.caller(), "ask");
    assertThat(receive(n2ToN1.callee(), 3)).isEqualTo("ask");
    send(n2ToN1.callee(), "ans");
    await().atMost(Duration.ofSeconds(10)).until(() -> net.link("n2", "n1").holding() == 1);
    assertThat(n2ToN1.caller().getInputStream().available()).isZero();

    // links not named in the grudge are untouched
    Conn n3ToN2 = connect("n3", "n2");
    send(n3ToN2.caller(), "hi");
    assertThat(receive(n3ToN2.callee(), 2)).isEqualTo("hi");

    net.heal();
    assertThat(receive(n1ToN2.callee(), 3)).isEqualTo("req");
    assertThat(receive(n2ToN1.caller(), 3)).isEqualTo("ans");
    send(n1ToN2.caller(), "more");
    assertThat(receive(n1ToN2.callee(), 4)).isEqualTo("more");
    assertThat(net.link("n1", "n2").holding()).isZero();
  }

  @Test
  void isolatingANodeHoldsEveryLinkToAndFromItIncludingNewConnections() throws IOException {
    Conn before = connect("n2", "n1");
    net.partition(Partitions.isolate("n1", List.of("n1", "n2", "n3")));

    send(before.caller(), "x");
    Conn during = connect("n3", "n1"); // accepted, but nothing crosses
    send(during.caller(), "y");
    Conn outbound = connect("n1", "n3"); // n1's own calls are cut as well
    send(outbound.caller(), "z");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                net.link("n2", "n1").holding() == 1
                    && net.link("n3", "n1").holding() == 1
                    && net.link("n1", "n3").holding() == 1);
    assertThat(before.callee().getInputStream().available()).isZero();
    assertThat(during.callee().getInputStream().available()).isZero();
    assertThat(outbound.callee().getInputStream().available()).isZero();
    Conn others = connect("n2", "n3");
    send(others.caller(), "ok");
    assertThat(receive(others.callee(), 2)).isEqualTo("ok");

    // a new partition replaces the old one: n1 is reachable again, n3 is now the isolated node
    net.partition(Partitions.isolate("n3", List.of("n1", "n2", "n3")));
    assertThat(receive(before.callee(), 1)).isEqualTo("x");
    assertThat(net.link("n3", "n1").holding()).isEqualTo(1);
    assertThat(net.link("n1", "n3").holding()).isEqualTo(1);

    net.heal();
    assertThat(receive(during.callee(), 1)).isEqualTo("y");
    assertThat(receive(outbound.callee(), 1)).isEqualTo("z");
  }

  @Test
  void eachNodeResolvesItsOwnNameToLoopbackAndEveryOtherToItsLinkProxy() throws IOException {
    String opt = net.jvmOptions("n2").get(0);
    assertThat(opt).startsWith("-Djdk.net.hosts.file=");
    Path hosts = Path.of(opt.substring(opt.indexOf('=') + 1));
    assertThat(Files.readAllLines(hosts))
        .contains(
            "127.0.0.1 n2.jepsen.invalid",
            "127.0.2.1 n1.jepsen.invalid",
            "127.0.2.3 n3.jepsen.invalid");
    assertThat(net.peerHost("n2")).isEqualTo("n2.jepsen.invalid");
    assertThat(net.host("n2")).isEqualTo("127.0.0.1");
  }

  @Test
  void closeEndsConnectionsStopsListeningAndRemovesTheHostsFiles() throws IOException {
    Conn c = connect("n1", "n2");
    Path hosts = Path.of(net.jvmOptions("n1").get(0).replaceFirst("^[^=]*=", ""));
    net.close();

    assertThat(c.caller().getInputStream().read()).isEqualTo(-1);
    try (Socket late = new Socket()) {
      assertThatThrownBy(() -> late.connect(address("n1", "n2"), 5_000))
          .isInstanceOf(ConnectException.class);
    }
    assertThat(hosts).doesNotExist();
    assertThat(hosts.getParent()).doesNotExist();
  }
}

package io.cairn.jepsen.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every node on loopback without root, with a TCP proxy on each directed Raft link so that any
 * partition shape can be cut.
 *
 * <p>Ratis keeps one peer address per member, shared by all, so a proxy per destination could not
 * tell callers apart. The address is therefore a name, {@code n<j>.jepsen.invalid:P_j}, and each
 * node's JVM resolves names through its own hosts file ({@code -Djdk.net.hosts.file}): node j
 * resolves its own name to 127.0.0.1 and binds its real peer port there (so its own initial-cluster
 * entry equals its {@code --peer-addr}, as the server requires); node i resolves n<j> to {@code
 * 127.0.i.j}, where the proxy of the link i→j listens on the same port P_j. Whoever connects to
 * {@code 127.0.i.j} is node i. Linux routes all of 127.0.0.0/8 to the loopback device.
 *
 * <p>A grudge "d drops from s" holds the bytes s sends on connections it opened to d and the
 * replies s gives on connections d opened to it; held bytes are delivered after the heal. Client
 * traffic goes straight to 127.0.0.1 client ports and is never cut.
 */
public final class ProxyNetwork implements Network {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyNetwork.class);
  private static final String LOOPBACK = "127.0.0.1";

  private final String runId;
  private final Map<String, Integer> index = new LinkedHashMap<>();
  private final Map<String, Integer> clientPorts = new LinkedHashMap<>();
  private final Map<String, Integer> peerPorts = new LinkedHashMap<>();
  private final Map<String, LinkProxy> links = new LinkedHashMap<>(); // "src>dst"
  private Path hostsDir;
  private boolean closed;

  public ProxyNetwork(String runId) {
    this.runId = runId;
  }

  /** Null when loopback addresses other than 127.0.0.1 can be bound (Linux), else why not. */
  public static String unavailableReason() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(linkHost(1, 2)))) {
      return null;
    } catch (IOException e) {
      return "cannot bind " + linkHost(1, 2) + " for the link proxies: " + e.getMessage();
    }
  }

  /** The address node {@code src} dials to reach node {@code dst}'s proxy. */
  static String linkHost(int src, int dst) {
    return "127.0." + src + "." + dst;
  }

  @Override
  public String name() {
    return "proxy";
  }

  @Override
  public boolean canPartition() {
    return true;
  }

  @Override
  public synchronized void setUp(List<String> nodes) {
    if (nodes.size() > 254) {
      throw new IllegalArgumentException("at most 254 nodes");
    }
    int i = 1;
    for (String n : nodes) {
      index.put(n, i++);
    }
    try {
      Set<Integer> taken = new HashSet<>();
      for (String dst : nodes) {
        clientPorts.put(dst, freePort(taken));
        peerPorts.put(dst, bindLinks(dst, taken));
      }
      hostsDir = Files.createTempDirectory("cairn-jepsen-hosts-");
      String self = localHostName();
      for (String n : nodes) {
        StringBuilder hosts = new StringBuilder("127.0.0.1 localhost");
        hosts.append(self.isEmpty() ? "" : " " + self).append('\n');
        for (String other : nodes) {
          String address = other.equals(n) ? LOOPBACK : linkHost(index.get(n), index.get(other));
          hosts.append(address).append(' ').append(peerHost(other)).append('\n');
        }
        Files.writeString(hostsDir.resolve(n), hosts.toString(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("cannot set up the link proxies", e);
    }
    LOG.info("[{}] {} link proxies on 127.0.<src>.<dst>", runId, links.size());
  }

  /** Picks a peer port for {@code dst} that is free on 127.0.0.1 and on every link address. */
  private int bindLinks(String dst, Set<Integer> taken) throws IOException {
    IOException last = null;
    for (int attempt = 0; attempt < 20; attempt++) {
      int port = freePort(taken);
      List<LinkProxy> bound = new ArrayList<>();
      try {
        for (String src : index.keySet()) {
          if (!src.equals(dst)) {
            bound.add(
                new LinkProxy(
                    src + "->" + dst,
                    new InetSocketAddress(linkHost(index.get(src), index.get(dst)), port),
                    new InetSocketAddress(LOOPBACK, port)));
          }
        }
      } catch (IOException e) {
        bound.forEach(LinkProxy::close);
        last = e;
        continue;
      }
      int k = 0;
      for (String src : index.keySet()) {
        if (!src.equals(dst)) {
          links.put(src + ">" + dst, bound.get(k++));
        }
      }
      return port;
    }
    throw last;
  }

  private static int freePort(Set<Integer> taken) {
    while (true) {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
        if (taken.add(s.getLocalPort())) {
          return s.getLocalPort();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The machine's name, which a node JVM may look up; it must resolve from the hosts file too. */
  private static String localHostName() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  @Override
  public String host(String node) {
    return LOOPBACK;
  }

  @Override
  public String peerHost(String node) {
    return node + ".jepsen.invalid";
  }

  @Override
  public int clientPort(String node) {
    return clientPorts.get(node);
  }

  @Override
  public int peerPort(String node) {
    return peerPorts.get(node);
  }

  @Override
  public List<String> launcher(String node) {
    return List.of();
  }

  @Override
  public List<String> jvmOptions(String node) {
    return List.of("-Djdk.net.hosts.file=" + hostsDir.resolve(node));
  }

  /** The proxy of the link on which {@code src} calls {@code dst} (for tests). */
  LinkProxy link(String src, String dst) {
    return links.get(src + ">" + dst);
  }

  @Override
  public synchronized void partition(Map<String, Set<String>> dropsFrom) {
    Map<String, boolean[]> held = new LinkedHashMap<>();
    for (Map.Entry<String, Set<String>> e : dropsFrom.entrySet()) {
      String d = e.getKey();
      for (String s : e.getValue()) {
        held.computeIfAbsent(s + ">" + d, k -> new boolean[2])[0] = true; // s's requests to d
        held.computeIfAbsent(d + ">" + s, k -> new boolean[2])[1] = true; // s's replies to d
      }
    }
    for (Map.Entry<String, LinkProxy> e : links.entrySet()) {
      boolean[] h = held.getOrDefault(e.getKey(), new boolean[2]);
      e.getValue().hold(h[0], h[1]);
    }
  }

  @Override
  public synchronized void heal() {
    links.values().forEach(l -> l.hold(false, false));
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    links.values().forEach(LinkProxy::close);
    if (hostsDir != null) {
      try (var files = Files.list(hostsDir)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
        Files.deleteIfExists(hostsDir);
      } catch (IOException e) {
        LOG.warn("[{}] could not remove {}: {}", runId, hostsDir, e.toString());
      }
    }
    LOG.info("[{}] closed {} link proxies", runId, links.size());
  }
}

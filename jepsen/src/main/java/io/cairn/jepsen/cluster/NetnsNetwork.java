package io.cairn.jepsen.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One network namespace per node, each with its own address on a private bridge, so that a cut
 * between any two nodes is an iptables DROP rule inside the receiver's namespace. Clients stay on
 * the host and reach every node through the bridge (the host's address is never dropped).
 *
 * <p>Names: bridge {@code cj<N>br} (its alias records the owning pid), namespaces {@code
 * cj<N>n<i>}, veth pairs {@code cj<N>h<i>}/{@code cj<N>p<i>}; subnet {@code 10.234.<N>.0/24}, host
 * {@code .1}, node i {@code .(10+i)}. N is picked per run; leftovers of a dead run are removed
 * first.
 */
public final class NetnsNetwork implements Network {
  private static final Logger LOG = LoggerFactory.getLogger(NetnsNetwork.class);
  private static final String OWNER = "cairn-jepsen pid=";
  private static final Pattern BRIDGE = Pattern.compile("^\\d+: (cj(\\d+)br)[:@]");
  private static final int CLIENT_PORT = 7001;
  private static final int PEER_PORT = 7101;

  private final String runId;
  private final Map<String, Integer> index = new LinkedHashMap<>();
  private int subnet = -1;
  private boolean closed;

  public NetnsNetwork(String runId) {
    this.runId = runId;
  }

  /** Whether this machine lets us create namespaces and drop rules (root, ip, iptables). */
  public static String unavailableReason() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "not running as root";
    }
    if (!Shell.run("ip", "-V").ok()) {
      return "ip (iproute2) is not installed";
    }
    if (!Shell.run("iptables", "--version").ok()) {
      return "iptables is not installed (apt-get install -y iptables)";
    }
    String probe = "cjprobe" + ProcessHandle.current().pid() % 100000;
    Shell.Result add = Shell.run("ip", "netns", "add", probe);
    try {
      if (!add.ok()) {
        return "ip netns add failed: " + add.output();
      }
      Shell.Result ipt = Shell.run("ip", "netns", "exec", probe, "iptables", "-S", "INPUT");
      if (!ipt.ok()) {
        return "iptables does not work in a namespace: " + ipt.output();
      }
      return null;
    } finally {
      Shell.run("ip", "netns", "del", probe);
    }
  }

  @Override
  public String name() {
    return "netns";
  }

  @Override
  public boolean canPartition() {
    return true;
  }

  @Override
  public synchronized void setUp(List<String> nodes) {
    removeLeftovers();
    subnet = pickSubnet();
    String br = bridge();
    Shell.check("ip", "link", "add", br, "type", "bridge");
    Shell.check("ip", "link", "set", br, "alias", OWNER + ProcessHandle.current().pid());
    Shell.check("ip", "addr", "add", "10.234." + subnet + ".1/24", "dev", br);
    Shell.check("ip", "link", "set", br, "up");
    int i = 1;
    for (String node : nodes) {
      index.put(node, i);
      String ns = ns(i);
      String outside = prefix() + "h" + i;
      String inside = prefix() + "p" + i;
      Shell.check("ip", "netns", "add", ns);
      Shell.check("ip", "link", "add", outside, "type", "veth", "peer", "name", inside);
      Shell.check("ip", "link", "set", inside, "netns", ns);
      Shell.check("ip", "link", "set", outside, "master", br);
      Shell.check("ip", "link", "set", outside, "up");
      Shell.check("ip", "-n", ns, "addr", "add", host(node) + "/24", "dev", inside);
      Shell.check("ip", "-n", ns, "link", "set", inside, "up");
      Shell.check("ip", "-n", ns, "link", "set", "lo", "up");
      i++;
    }
    LOG.info("[{}] network namespaces {}n1..{} on 10.234.{}.0/24", runId, prefix(), i - 1, subnet);
  }

  private String prefix() {
    return "cj" + subnet;
  }

  private String bridge() {
    return prefix() + "br";
  }

  private String ns(int i) {
    return prefix() + "n" + i;
  }

  /** The lowest N in 20..249 with no bridge of that name. */
  private static int pickSubnet() {
    String links = Shell.check("ip", "-o", "link", "show");
    for (int n = 20; n < 250; n++) {
      if (!links.contains(" cj" + n + "br")) {
        return n;
      }
    }
    throw new IllegalStateException("every 10.234.N.0/24 harness subnet is in use");
  }

  /** Tears down the namespaces and bridge of every earlier run whose harness process is gone. */
  private void removeLeftovers() {
    String links = Shell.run("ip", "-o", "link", "show").output();
    for (String line : links.split("\n")) {
      Matcher m = BRIDGE.matcher(line);
      if (!m.find()) {
        continue;
      }
      int alias = line.indexOf(OWNER);
      long owner = -1;
      if (alias >= 0) {
        String digits = line.substring(alias + OWNER.length()).replaceAll("\\D.*$", "");
        owner = digits.isEmpty() ? -1 : Long.parseLong(digits);
      }
      if (owner > 0 && ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
        continue; // another live run
      }
      LOG.warn("[{}] removing leftovers of a dead harness run: {}", runId, m.group(1));
      tearDown(Integer.parseInt(m.group(2)));
    }
    // namespaces without a bridge (a run that died half-way through setUp)
    for (String line : Shell.run("ip", "netns", "list").output().split("\n")) {
      String name = line.split(" ")[0];
      Matcher m = Pattern.compile("^cj(\\d+)n\\d+$").matcher(name);
      if (m.find() && !links.contains(" cj" + m.group(1) + "br")) {
        killInside(name);
        Shell.run("ip", "netns", "del", name);
      }
    }
  }

  private static void tearDown(int n) {
    for (String line : Shell.run("ip", "netns", "list").output().split("\n")) {
      String name = line.split(" ")[0];
      if (name.matches("cj" + n + "n\\d+")) {
        killInside(name);
        Shell.run("ip", "netns", "del", name);
      }
    }
    for (String line : Shell.run("ip", "-o", "link", "show").output().split("\n")) {
      Matcher m = Pattern.compile("^\\d+: (cj" + n + "h\\d+)[:@]").matcher(line);
      if (m.find()) {
        Shell.run("ip", "link", "del", m.group(1));
      }
    }
    Shell.run("ip", "link", "del", "cj" + n + "br");
  }

  private static void killInside(String ns) {
    for (String pid : Shell.run("ip", "netns", "pids", ns).output().split("\\s+")) {
      if (pid.matches("\\d+")) {
        ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  @Override
  public String host(String node) {
    return "10.234." + subnet + "." + (10 + index.get(node));
  }

  @Override
  public int clientPort(String node) {
    return CLIENT_PORT;
  }

  @Override
  public int peerPort(String node) {
    return PEER_PORT;
  }

  @Override
  public List<String> launcher(String node) {
    return List.of("ip", "netns", "exec", ns(index.get(node)));
  }

  @Override
  public synchronized void partition(Map<String, Set<String>> dropsFrom) {
    heal();
    for (Map.Entry<String, Set<String>> e : dropsFrom.entrySet()) {
      String ns = ns(index.get(e.getKey()));
      for (String from : e.getValue()) {
        Shell.check(
            "ip", "netns", "exec", ns, "iptables", "-A", "INPUT", "-s", host(from), "-j", "DROP");
      }
    }
  }

  @Override
  public synchronized void heal() {
    List<String> failures = new ArrayList<>();
    for (int i : index.values()) {
      Shell.Result r = Shell.run("ip", "netns", "exec", ns(i), "iptables", "-F", "INPUT");
      if (!r.ok()) {
        failures.add(ns(i) + ": " + r.output());
      }
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("could not heal the network: " + failures);
    }
  }

  @Override
  public synchronized void close() {
    if (closed || subnet < 0) {
      return;
    }
    closed = true;
    tearDown(subnet);
    LOG.info("[{}] removed network namespaces {}n*", runId, prefix());
  }
}

/**
 * The cluster under test: node processes started through {@code bin/cairn server} and the network
 * they talk over. {@link io.cairn.jepsen.cluster.ProcessCluster} owns the processes (start, kill
 * -9, restart, SIGSTOP/SIGCONT) and stops every one of them when closed. A {@link
 * io.cairn.jepsen.cluster.Network} places nodes on addresses and cuts links between them: {@link
 * io.cairn.jepsen.cluster.NetnsNetwork} (one network namespace per node, iptables drop rules)
 * supports any partition shape and needs root; {@link io.cairn.jepsen.cluster.ProxyNetwork} (a TCP
 * proxy per directed Raft link, each node resolving peer names through its own hosts file) supports
 * any shape on Raft traffic without root; {@link io.cairn.jepsen.cluster.LoopbackNetwork} supports
 * none. Everything a network creates is removed by {@code close()}, also after a failure.
 */
package io.cairn.jepsen.cluster;

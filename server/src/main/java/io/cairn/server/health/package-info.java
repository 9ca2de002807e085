/**
 * Liveness and readiness of one node.
 *
 * <p>A node is live while its process serves HTTP. It is ready when it knows a leader and has
 * applied everything it knows committed (within {@link
 * io.cairn.server.health.Readiness#MAX_APPLY_LAG} entries): then its reads are current and its
 * writes can be forwarded or served. {@link io.cairn.server.health.HealthMonitor} re-evaluates this
 * a few times a second, publishes it to the standard gRPC health service (SERVING / NOT_SERVING for
 * "" and every Cairn service) and counts the leader changes it sees.
 */
package io.cairn.server.health;

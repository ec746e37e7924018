package io.spate.broker.wire;

/**
 * Where the native listener binds and how much its connections may ask of the node.
 *
 * @param host                   the address to bind ({@code listener.host})
 * @param port                   the port to bind, 0 for any free one ({@code listener.port})
 * @param maxFrameBytes          the largest request frame accepted ({@code socket.request.max.bytes})
 * @param maxInFlightRequests    requests of one connection handled at once; reading pauses beyond
 *                               ({@code listener.max.in.flight.requests})
 * @param queuedMaxRequestBytes  node-wide bound on the memory of requests received in part or not yet
 *                               answered; reading pauses beyond ({@code queued.max.request.bytes})
 * @param maxConnections         connections open at once on the node, cluster nodes' not counted
 *                               ({@code max.connections})
 * @param maxConnectionsPerIp    connections open at once from one address ({@code max.connections.per.ip})
 * @param connectionsMaxIdleMs   a connection with no request in flight that sent nothing for this long is
 *                               closed ({@code connections.max.idle.ms})
 */
public record ListenerOptions(String host, int port, int maxFrameBytes, int maxInFlightRequests,
                              long queuedMaxRequestBytes, int maxConnections, int maxConnectionsPerIp,
                              long connectionsMaxIdleMs) {
}

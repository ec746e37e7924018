package io.spate.broker.wire;

/**
 * Where the native listener binds and how much one connection may ask of it.
 *
 * @param host                the address to bind ({@code listener.host})
 * @param port                the port to bind, 0 for any free one ({@code listener.port})
 * @param maxFrameBytes       the largest request frame accepted ({@code socket.request.max.bytes})
 * @param maxInFlightRequests requests of one connection handled at once; reading pauses beyond
 *                            ({@code max.in.flight.requests.per.connection})
 */
public record ListenerOptions(String host, int port, int maxFrameBytes, int maxInFlightRequests) {
}

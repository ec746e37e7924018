package io.spate.broker.wire;

/**
 * The native listener's resource figures at one moment (for tests, metrics and operators).
 *
 * @param queuedRequestBytes     memory held now for requests received in part or not yet answered
 * @param peakQueuedRequestBytes the most it ever held
 * @param memoryPauses           times a connection stopped reading because {@code queued.max.request.bytes} was reached
 * @param connections            client connections open (cluster nodes' not counted)
 * @param refusedMaxConnections  connections refused by {@code max.connections}
 * @param refusedPerIp           connections refused by {@code max.connections.per.ip}
 * @param refusedFdHeadroom      connections refused to keep file descriptors for the log
 * @param closedIdle             connections closed by {@code connections.max.idle.ms}
 */
public record ListenerStats(long queuedRequestBytes, long peakQueuedRequestBytes, long memoryPauses, int connections,
                            long refusedMaxConnections, long refusedPerIp, long refusedFdHeadroom, long closedIdle) {
}

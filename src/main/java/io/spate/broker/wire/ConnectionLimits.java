package io.spate.broker.wire;

import io.spate.common.Time;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Who may open a connection to the native listener: at most {@code max.connections} on the node,
 * at most {@code max.connections.per.ip} from one address, and none that would leave fewer file
 * descriptors free than {@link FileDescriptors#headroom} (the log's files must still open: a segment
 * roll that fails for want of a descriptor takes its partition offline).
 *
 * <p>Connections from the other nodes of the cluster (their replica fetchers pull through this
 * listener) are not counted against the two connection limits, so clients cannot starve
 * replication; the fd headroom holds for them too.
 *
 * <p>The open-fd count costs a directory listing on Linux, so it is read at most once a second
 * (and at most every 100 ms while it refuses); between reads it is estimated from the connections
 * admitted and closed since.
 *
 * <p>Thread-safe: the listener instances of every event loop share one instance.
 */
final class ConnectionLimits {
    /** Why a connection was refused, with its warning. */
    enum Refusal {
        MAX_CONNECTIONS("max.connections"),
        MAX_CONNECTIONS_PER_IP("max.connections.per.ip"),
        FD_HEADROOM("file descriptor headroom");

        final String limit;

        Refusal(String limit) {
            this.limit = limit;
        }
    }

    private static final long FD_REFRESH_MS = 1_000;
    private static final long FD_REFRESH_WHEN_REFUSING_MS = 100;

    private final int maxConnections;
    private final int maxPerIp;
    private final FileDescriptors fds;
    private final long fdMax;
    private final long fdHeadroom;
    private final Predicate<String> clusterNode;
    private final Time time;
    private final Map<Refusal, LimitWarning> warnings = new HashMap<>();
    private final Map<String, Integer> perIp = new HashMap<>();
    private int connections;
    private long fdOpenAtRefresh;
    private long fdRefreshedMs = Long.MIN_VALUE / 2;
    /** Connections admitted minus closed since the fd count was read. */
    private long fdDelta;

    /** @param clusterNode whether a peer address is another node of the cluster */
    ConnectionLimits(int maxConnections, int maxPerIp, FileDescriptors fds, Predicate<String> clusterNode, Time time) {
        this.maxConnections = maxConnections;
        this.maxPerIp = maxPerIp;
        this.fds = fds;
        this.fdMax = fds.max();
        this.fdHeadroom = fdMax < 0 ? 0 : FileDescriptors.headroom(fdMax);
        this.clusterNode = clusterNode;
        this.time = time;
        for (Refusal r : Refusal.values()) {
            warnings.put(r, new LimitWarning("connection refused (" + r.limit + ")", time));
        }
    }

    /**
     * Admits a connection from {@code host} (counting it until {@link #release}), or says why not
     * and logs the refusal (rate-limited).
     *
     * @return null when admitted
     */
    synchronized Refusal admit(String host) {
        Refusal refusal = check(host);
        if (refusal != null) {
            warnings.get(refusal).bit(describe(refusal, host));
            return refusal;
        }
        fdDelta++;
        if (!clusterNode.test(host)) {
            connections++;
            perIp.merge(host, 1, Integer::sum);
        }
        return null;
    }

    /** Forgets a connection that {@link #admit} admitted, once it closed. */
    synchronized void release(String host) {
        fdDelta--;
        Integer n = perIp.get(host);
        if (n == null) {
            return; // a cluster node's: not counted
        }
        connections--;
        if (n == 1) {
            perIp.remove(host);
        } else {
            perIp.put(host, n - 1);
        }
    }

    private Refusal check(String host) {
        if (fdMax >= 0 && fdOpen(false) + 1 > fdMax - fdHeadroom && fdOpen(true) + 1 > fdMax - fdHeadroom) {
            return Refusal.FD_HEADROOM;
        }
        if (clusterNode.test(host)) {
            return null;
        }
        if (connections >= maxConnections) {
            return Refusal.MAX_CONNECTIONS;
        }
        if (perIp.getOrDefault(host, 0) >= maxPerIp) {
            return Refusal.MAX_CONNECTIONS_PER_IP;
        }
        return null;
    }

    /** Open fds: read again when the last read is older than a second (or 100 ms, when {@code refusing}), else estimated. */
    private long fdOpen(boolean refusing) {
        long now = time.milliseconds();
        if (now - fdRefreshedMs >= (refusing ? FD_REFRESH_WHEN_REFUSING_MS : FD_REFRESH_MS)) {
            fdOpenAtRefresh = fds.open();
            fdRefreshedMs = now;
            fdDelta = 0;
        }
        return fdOpenAtRefresh + fdDelta;
    }

    private String describe(Refusal r, String host) {
        return switch (r) {
            case MAX_CONNECTIONS -> connections + " connections open (max.connections=" + maxConnections + "), the latest from " + host;
            case MAX_CONNECTIONS_PER_IP -> perIp.getOrDefault(host, 0) + " connections open from " + host
                    + " (max.connections.per.ip=" + maxPerIp + ")";
            case FD_HEADROOM -> "about " + (fdOpenAtRefresh + fdDelta) + " of " + fdMax + " file descriptors open, "
                    + fdHeadroom + " kept for the log's files; refused " + host;
        };
    }

    /** How many connections were refused for {@code r} since the start. */
    long refused(Refusal r) {
        return warnings.get(r).total();
    }

    synchronized int connections() {
        return connections;
    }

    long fdHeadroom() {
        return fdHeadroom;
    }
}

package io.spate.testing;

import java.util.Arrays;
import java.util.stream.Stream;

/**
 * Shorter metadata-quorum timings for cluster tests, as
 * {@link TestCluster} overrides: heartbeats every second (MicroRaft's minimum), given up after 2 s
 * (1 s would race the heartbeat itself), a lease of 1.5 s (fenced within 1.65 s, before those 2 s),
 * changes given up after 4 s. The election timeout stays at its 500 ms default: shorter votes time
 * out on a loaded 2-core machine and elections repeat.
 */
public final class QuorumTimings {
    private static final String[] FAST = {
        "cluster.metadata.heartbeat.interval.ms=1000",
        "cluster.metadata.heartbeat.timeout.ms=2000",
        "cluster.metadata.lease.ms=1500",
        "cluster.metadata.proposal.timeout.ms=4000",
    };

    private QuorumTimings() {
    }

    /** {@code overrides} with the fast timings added (an override given here wins). */
    public static String[] fast(String... overrides) {
        return Stream.concat(Arrays.stream(FAST), Arrays.stream(overrides)).toArray(String[]::new);
    }
}

package io.spate.client;

import java.util.List;

/**
 * One partition as {@link SpateAdmin#describeTopic} shows it: its leader (-1 when none) and
 * replicas from the metadata, and its log state as the leader reports it (-1 for each log field
 * when the leader could not be asked).
 */
public record PartitionInfo(int partition, int leader, int leaderEpoch, List<Integer> replicas, List<Integer> isr,
                            long logStartOffset, long logEndOffset, long highWatermark, long sizeBytes,
                            int segmentCount) {
    public static final long UNKNOWN = -1L;
}

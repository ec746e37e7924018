package io.spate.group;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which groups hold transactional offsets of which producer, per offsets-topic partition (Kafka's
 * openGroupsForProducer), so that a marker completes them without scanning every group. An entry
 * may outlive its group (deleted meanwhile): completing then finds nothing to do. Only on the
 * coordinator's context.
 */
final class OpenTransactions {
    private final GroupRegistry registry;
    private final Map<Integer, Map<Long, Set<String>>> groupsByPartition = new HashMap<>();

    OpenTransactions(GroupRegistry registry) {
        this.registry = registry;
    }

    void add(int partition, long producerId, String groupId) {
        groupsByPartition.computeIfAbsent(partition, p -> new HashMap<>())
                .computeIfAbsent(producerId, id -> new HashSet<>()).add(groupId);
    }

    /**
     * The marker of {@code producerId} on {@code partition} is committed: the producer's waiting
     * offsets in that partition's groups are applied ({@code committed}) or dropped. Returns the
     * number of groups it completed.
     */
    int complete(int partition, long producerId, boolean committed) {
        Map<Long, Set<String>> producers = groupsByPartition.get(partition);
        Set<String> groupIds = producers == null ? null : producers.remove(producerId);
        if (groupIds == null) {
            return 0;
        }
        if (producers.isEmpty()) {
            groupsByPartition.remove(partition);
        }
        int completed = 0;
        for (String id : groupIds) {
            GroupMetadata g = registry.get(id);
            if (g != null && !g.is(GroupState.DEAD)
                    && g.offsets().completeTransactional(producerId, committed)) {
                completed++;
            }
        }
        return completed;
    }

    /** Forgets a partition that is unloaded: its groups are gone from this coordinator. */
    void forget(int partition) {
        groupsByPartition.remove(partition);
    }
}

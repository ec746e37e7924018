package io.spate.group;

import io.spate.protocol.ErrorCode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The groups this coordinator owns and the offsets-topic partitions they live in: a partition is
 * absent (not ours: NOT_COORDINATOR), loading (COORDINATOR_LOAD_IN_PROGRESS) or loaded.
 * Only on the coordinator's context.
 */
final class GroupRegistry {
    /** Where a partition of the offsets topic stands on this coordinator. */
    enum PartitionStatus { LOADING, LOADED }

    private final Map<String, GroupMetadata> groups = new HashMap<>();
    private final Map<Integer, PartitionStatus> partitions = new HashMap<>();
    private final int partitionCount;

    GroupRegistry(int partitionCount) {
        if (partitionCount < 1) {
            throw new IllegalArgumentException("the offsets topic needs at least one partition, has " + partitionCount);
        }
        this.partitionCount = partitionCount;
    }

    /** Kafka's abs(hashCode) % partitions. */
    int partitionFor(String groupId) {
        return (groupId.hashCode() & 0x7fffffff) % partitionCount;
    }

    int partitionCount() {
        return partitionCount;
    }

    /** NONE if the group's partition is loaded here, else NOT_COORDINATOR or COORDINATOR_LOAD_IN_PROGRESS. */
    ErrorCode status(String groupId) {
        PartitionStatus s = partitions.get(partitionFor(groupId));
        if (s == null) {
            return ErrorCode.NOT_COORDINATOR;
        }
        return s == PartitionStatus.LOADING ? ErrorCode.COORDINATOR_LOAD_IN_PROGRESS : ErrorCode.NONE;
    }

    PartitionStatus partitionStatus(int partition) {
        return partitions.get(partition);
    }

    void partitionStatus(int partition, PartitionStatus status) {
        if (status == null) {
            partitions.remove(partition);
        } else {
            partitions.put(partition, status);
        }
    }

    boolean isLoading() {
        return partitions.containsValue(PartitionStatus.LOADING);
    }

    GroupMetadata get(String groupId) {
        return groups.get(groupId);
    }

    GroupMetadata getOrCreate(String groupId, long nowMs) {
        return groups.computeIfAbsent(groupId, id -> new GroupMetadata(id, partitionFor(id), nowMs));
    }

    void put(GroupMetadata group) {
        groups.put(group.groupId(), group);
    }

    /** Removes {@code group} if it is still the registered one. */
    void remove(GroupMetadata group) {
        groups.remove(group.groupId(), group);
    }

    Collection<GroupMetadata> all() {
        return List.copyOf(groups.values());
    }

    List<GroupMetadata> groupsOf(int partition) {
        List<GroupMetadata> list = new ArrayList<>();
        for (GroupMetadata g : groups.values()) {
            if (g.partition() == partition) {
                list.add(g);
            }
        }
        return list;
    }
}

package io.spate.client;

import io.spate.protocol.TopicPartition;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * One member of a described group.
 *
 * @param groupInstanceId the static member id ({@code group.instance.id}), or null for a dynamic member
 * @param host            the address the member connects from, as the coordinator saw it
 * @param assignment      the partitions the member was assigned; empty unless the group is Stable
 *                        and uses the "consumer" protocol type; sorted, unmodifiable
 */
public record MemberDescription(String memberId, String groupInstanceId, String clientId, String host,
                                Set<TopicPartition> assignment) {
    public MemberDescription {
        assignment = Collections.unmodifiableSortedSet(new TreeSet<>(assignment));
    }
}

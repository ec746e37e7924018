package io.spate.client;

/**
 * One group as {@link SpateAdmin#listGroups()} reports it.
 *
 * @param protocolType "consumer" for consumer groups, "" for a group that only holds offsets
 *                     committed from outside the group protocol
 */
public record GroupListing(String groupId, String protocolType, ConsumerGroupState state) {
}

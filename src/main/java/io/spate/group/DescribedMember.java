package io.spate.group;

/**
 * A member in a DescribeGroups answer. metadata and assignment are filled only while the group is
 * Stable (0 bytes otherwise), as Kafka does.
 */
public record DescribedMember(String memberId, String groupInstanceId, String clientId, String clientHost,
                              byte[] metadata, byte[] assignment) {
}

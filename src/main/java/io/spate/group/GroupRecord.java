package io.spate.group;

import java.util.List;

/**
 * The value of a group metadata record (value version 3): the state of one generation as it was
 * when it became Stable or Empty.
 *
 * @param protocol            the chosen protocol, null for an Empty group
 * @param leader              the leader's member id, null for an Empty group
 * @param currentStateTimestamp when the group entered its state (the time it became Empty for expiry), -1 unknown
 */
record GroupRecord(String protocolType, int generation, String protocol, String leader, long currentStateTimestamp,
                   List<MemberRecord> members) {
    GroupRecord {
        members = List.copyOf(members);
    }

    /** One member of the generation, with its metadata for the chosen protocol and its assignment. */
    record MemberRecord(String memberId, String groupInstanceId, String clientId, String clientHost,
                        int rebalanceTimeoutMs, int sessionTimeoutMs, byte[] subscription, byte[] assignment) {
    }
}

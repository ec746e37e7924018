package io.spate.group;

import java.util.List;
import java.util.Objects;

/**
 * A JoinGroup, protocol-free.
 *
 * @param memberId        "" for a member joining for the first time
 * @param groupInstanceId the static member's group.instance.id, or null for a dynamic member
 * @param protocolType    "consumer" for consumers; every member of a group must agree on it
 * @param protocols       the supported protocols in preference order (not empty for a valid join)
 * @param reason          why the member (re)joins, for the log; may be null
 * @param requireKnownMemberId whether a new dynamic member ("" member id) must first be given an id
 *                        and join again with it (MEMBER_ID_REQUIRED, KIP-394); false only for
 *                        Kafka's JoinGroup below version 4, whose new members join at once
 */
public record JoinRequest(String groupId, String memberId, String groupInstanceId, String clientId,
                          String clientHost, int sessionTimeoutMs, int rebalanceTimeoutMs, String protocolType,
                          List<Protocol> protocols, String reason, boolean requireKnownMemberId) {
    /** A join that requires a known member id (every client speaking a current protocol). */
    public JoinRequest(String groupId, String memberId, String groupInstanceId, String clientId, String clientHost,
                       int sessionTimeoutMs, int rebalanceTimeoutMs, String protocolType, List<Protocol> protocols,
                       String reason) {
        this(groupId, memberId, groupInstanceId, clientId, clientHost, sessionTimeoutMs, rebalanceTimeoutMs,
                protocolType, protocols, reason, true);
    }

    public JoinRequest {
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientHost, "clientHost");
        Objects.requireNonNull(protocolType, "protocolType");
        protocols = List.copyOf(protocols);
    }
}

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
 */
public record JoinRequest(String groupId, String memberId, String groupInstanceId, String clientId,
                          String clientHost, int sessionTimeoutMs, int rebalanceTimeoutMs, String protocolType,
                          List<Protocol> protocols, String reason) {
    public JoinRequest {
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientHost, "clientHost");
        Objects.requireNonNull(protocolType, "protocolType");
        protocols = List.copyOf(protocols);
    }
}

package io.spate.group;

import java.util.Map;
import java.util.Objects;

/**
 * A SyncGroup, protocol-free.
 *
 * @param protocolType null or the type the member believes the group has (checked if given)
 * @param protocolName null or the protocol the member believes was chosen (checked if given)
 * @param assignments  member id to assignment; only the leader sends any (empty otherwise)
 */
public record SyncRequest(String groupId, int generationId, String memberId, String groupInstanceId,
                          String protocolType, String protocolName, Map<String, byte[]> assignments) {
    public SyncRequest {
        Objects.requireNonNull(memberId, "memberId");
        assignments = Map.copyOf(assignments);
    }
}

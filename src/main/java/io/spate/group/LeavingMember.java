package io.spate.group;

import java.util.Objects;

/**
 * One member of a LeaveGroup. A static member may be removed by its instance id alone (memberId
 * "", as admin tools do).
 */
public record LeavingMember(String memberId, String groupInstanceId, String reason) {
    public LeavingMember {
        Objects.requireNonNull(memberId, "memberId");
    }
}

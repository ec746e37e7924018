package io.spate.group;

import io.spate.protocol.ErrorCode;

import java.util.List;

/** The answer to a LeaveGroup: a group-level error (then members is empty) and one result per member. */
public record LeaveResult(ErrorCode error, List<MemberLeaveResult> members) {
    public LeaveResult {
        members = List.copyOf(members);
    }
}

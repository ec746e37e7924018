package io.spate.group;

import io.spate.protocol.ErrorCode;

/** The outcome for one member of a LeaveGroup. */
public record MemberLeaveResult(String memberId, String groupInstanceId, ErrorCode error) {
}

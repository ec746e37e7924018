package io.spate.group;

import io.spate.protocol.ErrorCode;

import java.util.List;

/**
 * The answer to a JoinGroup.
 *
 * @param generationId   the new generation, -1 on error
 * @param protocolType   the group's protocol type, null on error
 * @param protocolName   the chosen protocol, null on error
 * @param leaderId       the leader's member id, "" on error
 * @param skipAssignment true only for a static leader that rejoined a Stable group without changing
 *                       anything: it is told it leads, with the members, but must not assign (as Kafka 3.x)
 * @param memberId       the member id to use from now on (with MEMBER_ID_REQUIRED: the id to join again with)
 * @param members        every member with its metadata, only in the leader's answer
 */
public record JoinResult(ErrorCode error, String errorMessage, int generationId, String protocolType,
                         String protocolName, String leaderId, boolean skipAssignment, String memberId,
                         List<JoinedMember> members) {
    public static final int NO_GENERATION = -1;

    public JoinResult {
        members = List.copyOf(members);
    }

    /** A failed join as Kafka answers it: no generation, no protocol, no leader. */
    public static JoinResult error(String memberId, ErrorCode error, String message) {
        return new JoinResult(error, message, NO_GENERATION, null, null, "", false, memberId, List.of());
    }

    public static JoinResult error(String memberId, ErrorCode error) {
        return error(memberId, error, null);
    }
}

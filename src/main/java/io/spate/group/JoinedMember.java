package io.spate.group;

/** A member as the leader sees it in its JoinGroup answer: id, static id, and its metadata for the chosen protocol. */
public record JoinedMember(String memberId, String groupInstanceId, byte[] metadata) {
}

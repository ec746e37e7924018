package io.spate.group;

/** One group of a ListGroups answer; protocolType is "" for a group of standalone commits. */
public record ListedGroup(String groupId, String protocolType, String state) {
}

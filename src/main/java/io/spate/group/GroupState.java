package io.spate.group;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of a classic consumer group, as Kafka's {@code GroupState}, with the moves allowed
 * between them. {@link GroupMetadata#transitionTo} checks every move against {@link #validPrevious}.
 *
 * <pre>
 * Empty               no members; offsets may exist      from PreparingRebalance (join phase ended with no member)
 * PreparingRebalance  collecting JoinGroups              from Empty, CompletingRebalance, Stable
 * CompletingRebalance waiting for the leader's SyncGroup from PreparingRebalance
 * Stable              assignment handed out              from CompletingRebalance
 * Dead                removed (deleted, expired, unloaded) from every state
 * </pre>
 */
public enum GroupState {
    EMPTY("Empty"),
    PREPARING_REBALANCE("PreparingRebalance"),
    COMPLETING_REBALANCE("CompletingRebalance"),
    STABLE("Stable"),
    DEAD("Dead");

    private final String displayName;

    GroupState(String displayName) {
        this.displayName = displayName;
    }

    /** The name on the wire (DescribeGroups, ListGroups): "Empty", "PreparingRebalance", ... */
    public String displayName() {
        return displayName;
    }

    /** The states this one may be entered from. */
    public Set<GroupState> validPrevious() {
        return switch (this) {
            case EMPTY -> EnumSet.of(PREPARING_REBALANCE);
            case PREPARING_REBALANCE -> EnumSet.of(EMPTY, COMPLETING_REBALANCE, STABLE);
            case COMPLETING_REBALANCE -> EnumSet.of(PREPARING_REBALANCE);
            case STABLE -> EnumSet.of(COMPLETING_REBALANCE);
            case DEAD -> EnumSet.allOf(GroupState.class);
        };
    }

    /** The state for a wire name, matched ignoring case; null if there is none. */
    public static GroupState forDisplayName(String name) {
        for (GroupState s : values()) {
            if (s.displayName.equalsIgnoreCase(name)) {
                return s;
            }
        }
        return null;
    }
}

package io.spate.client;

import java.util.Locale;

/**
 * The state of a consumer group as its coordinator reports it (Kafka's classic group states; see
 * docs/groups.md for the moves between them). {@link #UNKNOWN} stands for a state name this client
 * does not know, so a newer broker never breaks a describe.
 */
public enum ConsumerGroupState {
    /** No members; committed offsets may exist. */
    EMPTY("Empty"),
    /** Collecting the members of the next generation. */
    PREPARING_REBALANCE("PreparingRebalance"),
    /** Generation formed, waiting for the leader's assignment. */
    COMPLETING_REBALANCE("CompletingRebalance"),
    /** Assignment handed out; the members consume. */
    STABLE("Stable"),
    /** The group does not exist (never did, was deleted, or expired). */
    DEAD("Dead"),
    /** A state name this client does not know. */
    UNKNOWN("Unknown");

    private final String wireName;

    ConsumerGroupState(String wireName) {
        this.wireName = wireName;
    }

    /** The state for a wire name (any case); {@link #UNKNOWN} for a name not listed here. */
    public static ConsumerGroupState parse(String name) {
        for (ConsumerGroupState s : values()) {
            if (s.wireName.toLowerCase(Locale.ROOT).equals(name == null ? "" : name.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        return UNKNOWN;
    }

    /** True for the states in which the group has no live members: {@link #EMPTY} and {@link #DEAD}. */
    public boolean isInactive() {
        return this == EMPTY || this == DEAD;
    }

    /** The name on the wire, Kafka's spelling ("PreparingRebalance"). */
    @Override
    public String toString() {
        return wireName;
    }
}

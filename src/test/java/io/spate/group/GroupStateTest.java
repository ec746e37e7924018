package io.spate.group;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GroupStateTest {

    @Test
    void allowedMovesAreKafkas() {
        assertEquals(Set.of(GroupState.PREPARING_REBALANCE), GroupState.EMPTY.validPrevious());
        assertEquals(Set.of(GroupState.EMPTY, GroupState.COMPLETING_REBALANCE, GroupState.STABLE),
                GroupState.PREPARING_REBALANCE.validPrevious());
        assertEquals(Set.of(GroupState.PREPARING_REBALANCE), GroupState.COMPLETING_REBALANCE.validPrevious());
        assertEquals(Set.of(GroupState.COMPLETING_REBALANCE), GroupState.STABLE.validPrevious());
        assertEquals(Set.of(GroupState.values()), GroupState.DEAD.validPrevious());
    }

    @Test
    void aWrongMoveThrows() {
        GroupMetadata g = new GroupMetadata("g", 0, 0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> g.transitionTo(GroupState.STABLE, 1));
        assertEquals("group g cannot move from Empty to Stable", e.getMessage());
        g.transitionTo(GroupState.PREPARING_REBALANCE, 2);
        assertThrows(IllegalStateException.class, () -> g.transitionTo(GroupState.STABLE, 3));
        g.transitionTo(GroupState.DEAD, 4);
        assertThrows(IllegalStateException.class, () -> g.transitionTo(GroupState.EMPTY, 5));
        assertEquals(4, g.stateTimestamp());
    }

    @ParameterizedTest
    @EnumSource(GroupState.class)
    void wireNamesRoundTripIgnoringCase(GroupState s) {
        assertEquals(s, GroupState.forDisplayName(s.displayName().toUpperCase()));
    }
}

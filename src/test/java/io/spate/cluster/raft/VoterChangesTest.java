package io.spate.cluster.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Voter changes the leader refuses, on in-memory quorums; a refusal changes nothing. */
@Timeout(30)
class VoterChangesTest {

    @Test
    void theLastVoterCannotBeRemoved() {
        try (RaftTestCluster c = new RaftTestCluster(1).start()) {
            c.awaitLeader(Set.of(1), Duration.ofSeconds(10));
            VoterChanges changes = new VoterChanges(c.vertx, c.node(1), id -> true, Duration.ofSeconds(4));
            VoterChangeException e = refusal(changes, 1, false);
            assertEquals(VoterChangeException.Kind.INVALID, e.kind());
            assertTrue(e.getMessage().contains("is the last voter"), e.getMessage());
            assertEquals(Set.of(new SpateEndpoint(1)), c.node(1).quorumStatus().await().voters());
        }
    }

    @Test
    void unknownNodesAndWrongRolesAreRefusedWithAReason() {
        try (RaftTestCluster c = new RaftTestCluster(3).start()) {
            int leader = c.awaitLeader(Set.of(1, 2, 3), Duration.ofSeconds(10));
            VoterChanges changes = new VoterChanges(c.vertx, c.node(leader), id -> id <= 3, Duration.ofSeconds(4));
            assertTrue(refusal(changes, 7, true).getMessage().contains("node 7 is not a live node"));
            assertTrue(refusal(changes, 2, true).getMessage().contains("already a voter"));
            assertTrue(refusal(changes, 7, false).getMessage().contains("node 7 is not a voter"));
            assertTrue(refusal(changes, -1, true).getMessage().contains("not a node id"));
            assertEquals(3, c.node(leader).quorumStatus().await().voters().size());
        }
    }

    private static VoterChangeException refusal(VoterChanges changes, int node, boolean add) {
        try {
            changes.change(node, add).await();
        } catch (VoterChangeException e) {
            return e;
        }
        throw new AssertionError("the change of node " + node + " was not refused");
    }
}

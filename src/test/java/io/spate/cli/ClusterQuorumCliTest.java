package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.spate.broker.node.SpateNode;
import io.spate.client.AdminConfig;
import io.spate.client.Blocking;
import io.spate.client.QuorumDescription;
import io.spate.client.SpateAdmin;
import io.spate.cluster.raft.MetadataQuorum;
import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.RaftVoterRequest;
import io.spate.protocol.RaftVoterResponse;
import io.spate.testing.Eventually;
import io.spate.testing.QuorumTimings;
import io.spate.testing.RawConnection;
import io.spate.testing.TestCluster;
import io.spate.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spate cluster quorum describe / add-voter / remove-voter} and AddRaftVoter / RemoveRaftVoter on the
 * wire, on one 4-node cluster (voters 1-3, node 4 a learner): describe shows the learner, and asked of
 * the leader each member's contact and lag; refusals (unknown node, non-voter, last voter) are one line
 * on stderr, exit 1, and change nothing; a non-numeric id is a usage error; over a raw connection to a
 * follower the refusals carry INVALID_REQUEST and a valid add commits.
 */
@Timeout(90)
class ClusterQuorumCliTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path root;

    @Test
    void describeShowsLearnersAndVoterChangesAnswerOnTheCliAndTheWire() {
        TestCluster cluster = new TestCluster(root, 4, QuorumTimings.fast("group.initial.rebalance.delay.ms=0")).startAll();
        try {
            SpateNode learner = cluster.node(cluster.slotOf(4));
            Eventually.eventually(WAIT, "node 4 is a learner on every node, and a leader is known", () ->
                    cluster.running().stream().allMatch(n -> {
                        QuorumDescription q = describe(n);
                        return q.learners().equals(List.of(4)) && q.leaderId() > 0;
                    }));
            int leaderId = describe(learner).leaderId();
            SpateNode leader = cluster.node(cluster.slotOf(leaderId));
            Map<String, String> atLeader = Map.of(SpateCli.BOOTSTRAP_ENV, leader.address());
            Map<String, String> atLearner = Map.of(SpateCli.BOOTSTRAP_ENV, learner.address());

            // the leader knows how every other member replicates; it has answered within the heartbeat period
            Eventually.eventually(WAIT, "the leader reports contact with every member", () -> {
                QuorumDescription q = describe(leader);
                return q.followers().size() == 3 && q.followers().stream().allMatch(f -> f.lastContactAgeMs() >= 0
                        && f.lag() >= 0) && q.follower(leaderId).isEmpty();
            });
            assertEquals(List.of(), describe(learner).followers(), "only the leader has figures");

            CliRun text = CliRun.withEnv(atLeader, "cluster", "quorum", "describe");
            assertEquals(ExitCodes.OK, text.exitCode(), text::toString);
            System.out.println("describe at the leader:\n" + text.out());
            assertTrue(text.out().contains("voters: [1, 2, 3]  learners: [4]"), text::toString);
            assertTrue(text.out().matches("(?s).*learner 4  last contact \\d+ ms ago, \\d+ entries behind.*"), text::toString);
            CliRun json = CliRun.withEnv(atLeader, "cluster", "quorum", "describe", "--json");
            JsonNode doc = Json.parse(json.out());
            assertEquals(4, doc.get("learners").get(0).asInt(), json::toString);
            assertEquals(3, doc.get("followers").size(), json::toString);
            assertTrue(doc.get("followers").findValues("node").stream().anyMatch(n -> n.asInt() == 4), json::toString);
            CliRun fromLearner = CliRun.withEnv(atLearner, "cluster", "quorum", "describe", "--json");
            assertEquals(0, Json.parse(fromLearner.out()).get("followers").size(), fromLearner::toString);
            CliRun learnerText = CliRun.withEnv(atLearner, "cluster", "quorum", "describe");
            assertTrue(learnerText.out().contains("\n  learner 4\n"), learnerText::toString);

            // CLI refusals: one line, exit 1, nothing changed
            assertRefused(atLearner, leader, "not a live node", "add-voter", "9");
            assertRefused(atLearner, leader, "not a voter", "remove-voter", "4");
            assertRefused(atLearner, leader, "already a voter", "add-voter", "2");
            CliRun bad = CliRun.withEnv(atLearner, "cluster", "quorum", "add-voter", "four");
            assertEquals(ExitCodes.USAGE, bad.exitCode(), bad::toString);
            assertTrue(bad.errLines()[0].contains("four"), bad::toString);
            assertUnchanged(leader, List.of(1, 2, 3));

            // the wire, through a follower (a voter that is not the leader): refusals, then a change that commits
            SpateNode follower = cluster.running().stream().filter(n -> n.nodeId() != leaderId && n.nodeId() != 4)
                    .findFirst().orElseThrow();
            try (RawConnection raw = new RawConnection(follower.port())) {
                RaftVoterResponse unknown = voterCall(raw, ApiKey.ADD_RAFT_VOTER, 9);
                assertEquals(ErrorCode.INVALID_REQUEST, unknown.error(), unknown::toString);
                assertTrue(unknown.errorMessage().contains("not a live node"), unknown::toString);
                RaftVoterResponse notVoter = voterCall(raw, ApiKey.REMOVE_RAFT_VOTER, 4);
                assertEquals(ErrorCode.INVALID_REQUEST, notVoter.error(), notVoter::toString);
                assertTrue(notVoter.errorMessage().contains("not a voter"), notVoter::toString);
                RaftVoterResponse negative = voterCall(raw, ApiKey.ADD_RAFT_VOTER, -3);
                assertEquals(ErrorCode.INVALID_REQUEST, negative.error(), negative::toString);
                assertUnchanged(leader, List.of(1, 2, 3));

                RaftVoterResponse added = voterCall(raw, ApiKey.ADD_RAFT_VOTER, 4);
                assertEquals(ErrorCode.NONE, added.error(), added::toString);
                // answered once committed: the leader's committed members already say so
                QuorumDescription after = describe(leader);
                assertEquals(List.of(1, 2, 3, 4), after.voters(), after::toString);
                assertEquals(List.of(), after.learners(), after::toString);
            }

            // down to the leader alone through the CLI, then removing it is refused: the last voter
            List<Integer> others = new ArrayList<>(List.of(1, 2, 3, 4));
            others.remove(Integer.valueOf(leaderId));
            for (int id : others) {
                CliRun removed = CliRun.withEnv(atLeader, "cluster", "quorum", "remove-voter", Integer.toString(id));
                assertEquals(ExitCodes.OK, removed.exitCode(), removed::toString);
                assertEquals("node " + id + " is no longer a voter\n", removed.out(), removed::toString);
            }
            assertUnchanged(leader, List.of(leaderId));
            assertRefused(atLeader, leader, "the last voter", "remove-voter", Integer.toString(leaderId));
        } finally {
            cluster.close();
        }
    }

    /** Runs a voter change that must be refused: exit 1, one stderr line naming the reason, voters unchanged. */
    private static void assertRefused(Map<String, String> env, SpateNode leader, String why, String... args) {
        List<Integer> before = describe(leader).voters();
        List<String> full = new ArrayList<>(List.of("cluster", "quorum"));
        full.addAll(List.of(args));
        CliRun run = CliRun.withEnv(env, full.toArray(String[]::new));
        assertEquals(ExitCodes.FAILED, run.exitCode(), run::toString);
        assertEquals(1, run.errLines().length, run::toString);
        assertTrue(run.err().startsWith("spate: INVALID_REQUEST: node ") && run.err().contains(why), run::toString);
        assertEquals("", run.out(), run::toString);
        assertUnchanged(leader, before);
    }

    private static void assertUnchanged(SpateNode leader, List<Integer> voters) {
        assertEquals(voters, describe(leader).voters());
        assertEquals(voters, TestNode.await(((MetadataQuorum) leader.clusterMetadata().orElseThrow()).raft().quorumStatus())
                .voters().stream().map(e -> e.nodeId()).sorted().toList());
    }

    private static RaftVoterResponse voterCall(RawConnection raw, ApiKey key, int nodeId) {
        RawConnection.Response r = raw.call(key, new RaftVoterRequest(nodeId));
        assertEquals(ErrorCode.NONE, r.header().error(), r.header()::toString);
        RaftVoterResponse response = RaftVoterResponse.readFrom(r.body());
        assertEquals(0, r.body().readableBytes(), "the whole body read");
        // the code travels in error_code; the message is the reason alone
        assertTrue(response.errorMessage() == null || !response.errorMessage().startsWith(response.error().name()),
                response::toString);
        return response;
    }

    private static QuorumDescription describe(SpateNode node) {
        SpateAdmin admin = SpateAdmin.create(new AdminConfig().setBootstrapServers(node.address()));
        try {
            return Blocking.await(admin.describeQuorum(), WAIT);
        } finally {
            Blocking.await(admin.close(), WAIT);
        }
    }
}

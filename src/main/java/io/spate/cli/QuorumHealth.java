package io.spate.cli;

import io.spate.client.QuorumDescription;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The metadata quorum part of {@code spate cluster health}: the DescribeQuorum answer of the node the
 * CLI was pointed at, and of every node it could reach. Pure, so the verdict is tested without a
 * broker. Against a single node (the pointed node answers enabled=false) it plays
 * no part in the verdict and is not shown.
 *
 * <p>Not healthy when the pointed node does not hold the lease (it has not heard a majority of the
 * voters recently: it is cut off, and its metadata changes fail) or knows no leader: that node
 * cannot acknowledge a metadata change, whatever its partitions look like.
 *
 * @param pointed the pointed node's answer
 * @param nodes   one entry per node asked, by id
 */
record QuorumHealth(QuorumDescription pointed, List<NodeAnswer> nodes) {
    /** One node's answer, or why it gave none ({@code quorum} null, {@code error} set). */
    record NodeAnswer(int nodeId, QuorumDescription quorum, String error) {
    }

    QuorumHealth {
        nodes = List.copyOf(nodes);
    }

    boolean enabled() {
        return pointed.enabled();
    }

    /** True without the quorum, or when the pointed node holds the lease and knows a leader. */
    boolean healthy() {
        return !enabled() || (pointed.leaseHeld() && pointed.leaderId() >= 0);
    }

    /** Why it is not healthy, one line's worth; null when healthy. */
    String problem() {
        if (healthy()) {
            return null;
        }
        String why = !pointed.leaseHeld() ? "it has not heard a majority of voters " + ids(pointed.voters()) + " "
                + (pointed.lastContactAgeMs() < 0 ? "ever" : "for " + pointed.lastContactAgeMs() + " ms")
                : "it holds the lease but knows no leader";
        return "node " + pointed.nodeId() + " is not part of a metadata quorum: " + why + " (leader "
                + leader(pointed.leaderId()) + ", epoch " + pointed.leaderEpoch() + ")";
    }

    /**
     * {@code Quorum: node 2 holds the lease, leader 1, epoch 3, voters 1,2,3, learners 4, last contact 12 ms ago; nodes:
     * 1 leader 1 lease, 3 unreachable} (no learners part when there are none).
     */
    String line() {
        String self = "node " + pointed.nodeId() + (pointed.leaseHeld() ? " holds the lease" : " does not hold the lease")
                + ", leader " + leader(pointed.leaderId()) + ", epoch " + pointed.leaderEpoch() + ", voters "
                + ids(pointed.voters()) + (pointed.learners().isEmpty() ? "" : ", learners " + ids(pointed.learners()))
                + ", last contact " + (pointed.lastContactAgeMs() < 0 ? "never"
                : pointed.lastContactAgeMs() + " ms ago");
        String others = nodes.stream().map(n -> n.nodeId() + " " + (n.quorum() == null ? "unreachable"
                : "leader " + leader(n.quorum().leaderId()) + (n.quorum().leaseHeld() ? " lease" : " no lease")))
                .collect(Collectors.joining(", "));
        return "Quorum: " + self + (others.isEmpty() ? "" : "; nodes: " + others);
    }

    private static String leader(int id) {
        return id < 0 ? "none" : String.valueOf(id);
    }

    private static String ids(List<Integer> ids) {
        return ids.isEmpty() ? "-" : ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}

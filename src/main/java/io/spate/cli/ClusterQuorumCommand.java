package io.spate.cli;

import io.spate.client.QuorumDescription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code spate cluster quorum …}: the metadata quorum of a cluster: describe
 * it, add a voter, remove a voter (AddRaftVoter / RemoveRaftVoter, docs/protocol.md). A refusal prints
 * one line and exits {@link ExitCodes#FAILED}, as the other commands do.
 */
@Command(name = "quorum", description = "Describe the metadata quorum, add or remove a voter.",
        subcommands = {ClusterQuorumCommand.Describe.class, ClusterQuorumCommand.AddVoter.class,
                ClusterQuorumCommand.RemoveVoter.class})
final class ClusterQuorumCommand extends CommandGroup {

    @Command(name = "describe", description = "The metadata quorum as the node asked sees it: leader, term, voters, "
            + "learners; asked of the leader, also each member's last contact and lag.")
    static final class Describe extends CliCommand {
        @Override
        int run() {
            try (ClusterSession session = connect()) {
                QuorumDescription q = ClusterSession.await(session.admin().describeQuorum());
                if (json()) {
                    Json.print(io().out(), json(q));
                } else if (!q.enabled()) {
                    io().out().println("node " + q.nodeId() + " does not run the metadata quorum");
                } else {
                    text(q).forEach(io().out()::println);
                }
                return ExitCodes.OK;
            }
        }

        /**
         * {@code {"node", "enabled", "leader", "term", "leaseHeld", "lastContactAgeMs", "metadataEpoch",
         * "voters": [id], "learners": [id], "followers": [{"node", "lastContactAgeMs", "lag"}]}}; followers
         * is empty unless the node asked is the leader.
         */
        static com.fasterxml.jackson.databind.node.ObjectNode json(QuorumDescription q) {
            var o = Json.object().put("node", q.nodeId()).put("enabled", q.enabled()).put("leader", q.leaderId())
                    .put("term", q.leaderEpoch()).put("leaseHeld", q.leaseHeld())
                    .put("lastContactAgeMs", q.lastContactAgeMs()).put("metadataEpoch", q.metadataEpoch());
            q.voters().forEach(o.putArray("voters")::add);
            q.learners().forEach(o.putArray("learners")::add);
            var followers = o.putArray("followers");
            q.followers().forEach(f -> followers.addObject().put("node", f.nodeId())
                    .put("lastContactAgeMs", f.lastContactAgeMs()).put("lag", f.lag()));
            return o;
        }

        /**
         * The summary line, then one line per member: {@code voter 2  last contact 120 ms ago, 0 entries behind}
         * when the node asked is the leader (it alone knows), else {@code voter 2}.
         */
        static java.util.List<String> text(QuorumDescription q) {
            java.util.List<String> lines = new java.util.ArrayList<>();
            lines.add("leader: " + (q.leaderId() < 0 ? "none known" : "node " + q.leaderId())
                    + "  term: " + q.leaderEpoch() + "  voters: " + q.voters() + "  learners: " + q.learners()
                    + "  (asked node " + q.nodeId() + ", lease " + (q.leaseHeld() ? "held" : "NOT held") + ")");
            for (int id : q.voters()) {
                lines.add(member("voter", id, q));
            }
            for (int id : q.learners()) {
                lines.add(member("learner", id, q));
            }
            return lines;
        }

        private static String member(String kind, int id, QuorumDescription q) {
            String head = String.format("  %-7s %d", kind, id);
            if (id == q.leaderId() && q.nodeId() == id) {
                return head + "  leader (asked)";
            }
            return q.follower(id).map(f -> head + "  last contact " + (f.lastContactAgeMs() < 0 ? "never"
                            : f.lastContactAgeMs() + " ms ago") + ", " + (f.lag() < 0 ? "lag unknown"
                            : f.lag() + " entries behind"))
                    .orElse(head);
        }
    }

    @Command(name = "add-voter", description = "Make live node ID a voter of the metadata quorum (a learner is "
            + "promoted); answered once the change committed.")
    static final class AddVoter extends CliCommand {
        @Parameters(paramLabel = "ID", description = "The node id.")
        int node;

        @Override
        int run() {
            try (ClusterSession session = connect()) {
                ClusterSession.await(session.admin().addVoter(node));
                io().out().println("node " + node + " is a voter");
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "remove-voter", description = "Take voter ID out of the metadata quorum (it stops following "
            + "the metadata log: stop that node); answered once the change committed.")
    static final class RemoveVoter extends CliCommand {
        @Parameters(paramLabel = "ID", description = "The node id.")
        int node;

        @Override
        int run() {
            try (ClusterSession session = connect()) {
                ClusterSession.await(session.admin().removeVoter(node));
                io().out().println("node " + node + " is no longer a voter");
                return ExitCodes.OK;
            }
        }
    }
}

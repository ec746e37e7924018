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
            + "learners.")
    static final class Describe extends CliCommand {
        @Override
        int run() {
            try (ClusterSession session = connect()) {
                QuorumDescription q = ClusterSession.await(session.admin().describeQuorum());
                if (json()) {
                    var o = Json.object().put("node", q.nodeId()).put("enabled", q.enabled()).put("leader", q.leaderId())
                            .put("term", q.leaderEpoch()).put("leaseHeld", q.leaseHeld())
                            .put("lastContactAgeMs", q.lastContactAgeMs());
                    var voters = o.putArray("voters");
                    q.voters().forEach(voters::add);
                    Json.print(io().out(), o);
                } else if (!q.enabled()) {
                    io().out().println("node " + q.nodeId() + " does not run the metadata quorum");
                } else {
                    io().out().println("leader: " + (q.leaderId() < 0 ? "none known" : "node " + q.leaderId())
                            + "  term: " + q.leaderEpoch() + "  voters: " + q.voters() + "  (asked node " + q.nodeId()
                            + ", lease " + (q.leaseHeld() ? "held" : "NOT held") + ")");
                }
                return ExitCodes.OK;
            }
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

package io.spate.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code spate group delete GROUP}: deletes an empty group and its committed offsets. */
@Command(name = "delete", description = "Delete a consumer group and its committed offsets (only while it has no members).")
final class GroupDeleteCommand extends CliCommand {
    @Parameters(paramLabel = "GROUP", description = "The group's id.")
    String group;

    @Override
    int run() {
        try (ClusterSession session = connect()) {
            ClusterSession.await(session.admin().deleteGroup(group));
        }
        if (json()) {
            Json.print(io().out(), Json.object().put("group", group).put("deleted", true));
        } else {
            io().out().println("Deleted group " + group + ".");
        }
        return ExitCodes.OK;
    }
}

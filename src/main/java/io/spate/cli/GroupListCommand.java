package io.spate.cli;

import io.spate.client.GroupListing;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code spate group list}: every group of the cluster with its state and protocol type, sorted by id. */
@Command(name = "list", description = "List the consumer groups.")
final class GroupListCommand extends CliCommand {
    @Override
    int run() {
        List<GroupListing> groups;
        try (ClusterSession session = connect()) {
            groups = ClusterSession.await(session.admin().listGroups());
        }
        if (json()) {
            Json.print(io().out(), GroupViews.listJson(groups));
        } else {
            GroupViews.listTable(groups).print(io().out());
        }
        return ExitCodes.OK;
    }
}

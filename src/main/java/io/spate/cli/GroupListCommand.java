package io.spate.cli;

import io.spate.client.GroupListing;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spate group list [PATTERN…] [-r]}: the groups of the cluster (those the ids or patterns
 * match; all without) with their state and protocol type, sorted by id.
 */
@Command(name = "list", description = "List the consumer groups.")
final class GroupListCommand extends CliCommand {
    @Parameters(paramLabel = "PATTERN", arity = "0..*",
            description = "Only the groups with these ids or matching these globs ('billing-*'); "
                    + "regular expressions with -r.")
    List<String> patterns = new ArrayList<>();

    @Option(names = {"-r", "--regex"}, description = "Read each PATTERN as a regular expression.")
    boolean regex;

    @Override
    int run() {
        NameFilter filter = filter(patterns, regex);
        List<GroupListing> groups;
        try (ClusterSession session = connect()) {
            groups = ClusterSession.await(session.admin().listGroups()).stream()
                    .filter(g -> filter.matches(g.groupId())).toList();
        }
        if (json()) {
            Json.print(io().out(), GroupViews.listJson(groups));
        } else {
            GroupViews.listTable(groups).print(io().out());
        }
        return ExitCodes.OK;
    }
}

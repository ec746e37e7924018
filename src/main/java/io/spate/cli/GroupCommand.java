package io.spate.cli;

import io.spate.client.GroupListing;
import io.spate.client.SpateAdmin;
import io.spate.protocol.ErrorCode;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code spate group …}: the consumer-group subcommands; alone it prints its help. */
@Command(name = "group", description = "List, describe, reset the offsets of and delete consumer groups.",
        subcommands = {GroupListCommand.class, GroupDescribeCommand.class, GroupResetOffsetsCommand.class,
                GroupDeleteCommand.class})
final class GroupCommand extends CommandGroup {
    /**
     * The groups the ids and patterns select, sorted; blocks the CLI's thread. Literal ids are taken
     * as given (the command finds out whether they exist); patterns match the groups the cluster
     * lists; when nothing is selected at all the command fails.
     */
    static List<String> resolve(SpateAdmin admin, NameFilter filter) {
        if (!filter.hasPatterns()) {
            return filter.literals().stream().distinct().toList();
        }
        List<String> all = ClusterSession.await(admin.listGroups()).stream().map(GroupListing::groupId).toList();
        List<String> selected = filter.select(all, id -> true);
        if (selected.isEmpty()) {
            throw new CommandFailedException("no group matches " + String.join(", ", TopicCommand.quoted(filter.patterns())));
        }
        return selected;
    }

    /** The one wording of a missing group. */
    static RuntimeException doesNotExist(String group) {
        return ErrorCode.GROUP_ID_NOT_FOUND.exception("group '" + group + "' does not exist");
    }
}

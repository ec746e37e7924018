package io.spate.cli;

import io.spate.client.SpateAdmin;
import io.spate.protocol.ErrorCode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;

/** {@code spate topic …}: the topic subcommands; alone it prints its help. */
@Command(name = "topic", description = "Create, list, describe, alter and delete topics.",
        subcommands = {TopicCreateCommand.class, TopicListCommand.class, TopicDescribeCommand.class,
                TopicDeleteCommand.class, TopicAlterCommand.class, TopicAddPartitionsCommand.class})
final class TopicCommand extends CommandGroup {
    /**
     * The topics the names and patterns select, sorted; blocks the CLI's thread. A literal name must
     * exist ({@link #doesNotExist}); patterns match the topics that are not internal (an internal
     * topic is named in full); when nothing is selected at all the command fails.
     */
    static List<String> resolve(SpateAdmin admin, NameFilter filter) {
        Set<String> all = new HashSet<>(ClusterSession.await(admin.listTopics(true)));
        Set<String> external = new HashSet<>(ClusterSession.await(admin.listTopics(false)));
        for (String name : filter.literals()) {
            if (!all.contains(name)) {
                throw doesNotExist(name);
            }
        }
        List<String> selected = filter.select(external, external::contains);
        if (selected.isEmpty()) {
            throw new CommandFailedException("no topic matches " + String.join(", ", quoted(filter.patterns())));
        }
        return selected;
    }

    /** The one wording of a missing topic. */
    static RuntimeException doesNotExist(String topic) {
        return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.exception("topic '" + topic + "' does not exist");
    }

    static List<String> quoted(List<String> args) {
        return args.stream().map(a -> "'" + a + "'").toList();
    }
}

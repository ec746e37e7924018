package io.spate.cli;

import picocli.CommandLine.Command;

/** {@code spate topic …}: the topic subcommands; alone it is a usage error (a subcommand is required). */
@Command(name = "topic", description = "Create, list, describe, alter and delete topics.",
        subcommands = {TopicCreateCommand.class, TopicListCommand.class, TopicDescribeCommand.class,
                TopicDeleteCommand.class, TopicAlterCommand.class, TopicAddPartitionsCommand.class})
final class TopicCommand {
}

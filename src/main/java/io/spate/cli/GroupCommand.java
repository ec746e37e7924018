package io.spate.cli;

import picocli.CommandLine.Command;

/** {@code spate group …}: the consumer-group subcommands; alone it is a usage error (a subcommand is required). */
@Command(name = "group", description = "List, describe, reset the offsets of and delete consumer groups.",
        subcommands = {GroupListCommand.class, GroupDescribeCommand.class, GroupResetOffsetsCommand.class,
                GroupDeleteCommand.class})
final class GroupCommand {
}

package io.spate.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code spate topic delete NAME}: deletes the topic and its data. */
@Command(name = "delete", description = "Delete a topic and its data.")
final class TopicDeleteCommand extends CliCommand {
    @Parameters(paramLabel = "NAME", description = "The topic's name.")
    String name;

    @Override
    int run() {
        try (ClusterSession session = connect()) {
            ClusterSession.await(session.admin().deleteTopic(name));
        }
        if (json()) {
            Json.print(io().out(), Json.object().put("topic", name).put("deleted", true));
        } else {
            io().out().println("Deleted topic " + name + ".");
        }
        return ExitCodes.OK;
    }
}

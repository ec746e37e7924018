package io.spate.cli;

import io.spate.client.TopicDescription;
import java.util.Collection;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code spate topic list}: every topic, internal ones too, with its partition count and replication factor. */
@Command(name = "list", description = "List the topics.")
final class TopicListCommand extends CliCommand {
    @Override
    int run() {
        Collection<TopicDescription> topics;
        try (ClusterSession session = connect()) {
            List<String> names = ClusterSession.await(session.admin().listTopics(true));
            topics = names.isEmpty() ? List.of()
                    : ClusterSession.await(session.admin().describeTopics(names)).values();
        }
        if (json()) {
            Json.print(io().out(), TopicViews.listJson(topics));
        } else {
            TopicViews.listTable(topics).print(io().out());
        }
        return ExitCodes.OK;
    }
}

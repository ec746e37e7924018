package io.spate.cli;

import io.spate.client.TopicDescription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code spate topic describe NAME}: the topic's partitions (leader, epoch, replicas, ISR, log start
 * and end offsets, high watermark, size on disk, segments) and its configs.
 */
@Command(name = "describe", description = "Show a topic's partitions, their log state and its configs.")
final class TopicDescribeCommand extends CliCommand {
    @Parameters(paramLabel = "NAME", description = "The topic's name.")
    String name;

    @Override
    int run() {
        TopicDescription topic;
        try (ClusterSession session = connect()) {
            topic = ClusterSession.await(session.admin().describeTopic(name));
        }
        if (json()) {
            Json.print(io().out(), TopicViews.describeJson(topic));
        } else {
            io().out().print(TopicViews.describeText(topic));
        }
        return ExitCodes.OK;
    }
}

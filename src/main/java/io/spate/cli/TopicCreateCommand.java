package io.spate.cli;

import io.spate.client.NewTopic;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spate topic create NAME [--partitions N] [--replication-factor N] [--config k=v]…}. Without
 * --partitions or --replication-factor the cluster's defaults apply. Prints
 * {@code Created topic NAME.} or {@code {"topic": NAME, "created": true}}.
 */
@Command(name = "create", description = "Create a topic.")
final class TopicCreateCommand extends CliCommand {
    @Parameters(paramLabel = "NAME", description = "The topic's name.")
    String name;

    @Option(names = "--partitions", paramLabel = "N", description = "Number of partitions (default: the cluster's).")
    Integer partitions;

    @Option(names = "--replication-factor", paramLabel = "N",
            description = "Replicas per partition (default: the cluster's).")
    Short replicationFactor;

    @Option(names = "--config", paramLabel = "KEY=VALUE", description = "A topic config override; repeatable.")
    Map<String, String> configs = new LinkedHashMap<>();

    @Override
    int run() {
        if (partitions != null && partitions < 1) {
            throw usage("--partitions must be at least 1, was " + partitions);
        }
        if (replicationFactor != null && replicationFactor < 1) {
            throw usage("--replication-factor must be at least 1, was " + replicationFactor);
        }
        NewTopic topic = new NewTopic(name, partitions == null ? NewTopic.DEFAULT : partitions,
                replicationFactor == null ? (short) NewTopic.DEFAULT : replicationFactor, configs);
        try (ClusterSession session = connect()) {
            ClusterSession.await(session.admin().createTopics(List.of(topic)));
        }
        if (json()) {
            Json.print(io().out(), Json.object().put("topic", name).put("created", true));
        } else {
            io().out().println("Created topic " + name + ".");
        }
        return ExitCodes.OK;
    }
}

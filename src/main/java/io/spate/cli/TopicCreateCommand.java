package io.spate.cli;

import io.spate.client.NewTopic;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spate topic create NAME… [--partitions N] [--replication-factor N] [--config k=v]…}: one
 * request for every topic named, each with the same settings. Without --partitions or
 * --replication-factor the cluster's defaults apply. Prints {@code Created topic NAME.} per topic, or
 * {@code {"topic": NAME, "created": true}} (for several: {@code {"topics": [NAME…], "created": true}}).
 */
@Command(name = "create", description = "Create one or more topics.")
final class TopicCreateCommand extends CliCommand {
    @Parameters(paramLabel = "NAME", arity = "1..*", description = "The topics' names.")
    List<String> names;

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
        List<String> distinct = names.stream().distinct().toList();
        List<NewTopic> topics = distinct.stream().map(name -> new NewTopic(name,
                partitions == null ? NewTopic.DEFAULT : partitions,
                replicationFactor == null ? (short) NewTopic.DEFAULT : replicationFactor, configs)).toList();
        try (ClusterSession session = connect()) {
            ClusterSession.await(session.admin().createTopics(topics));
        }
        if (json()) {
            Json.print(io().out(), distinct.size() == 1
                    ? Json.object().put("topic", distinct.get(0)).put("created", true)
                    : TopicViews.namesJson(distinct).put("created", true));
        } else {
            distinct.forEach(name -> io().out().println("Created topic " + name + "."));
        }
        return ExitCodes.OK;
    }
}

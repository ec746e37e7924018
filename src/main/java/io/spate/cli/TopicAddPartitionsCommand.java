package io.spate.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spate topic add-partitions NAME --count N}: adds N partitions (as rpk's
 * {@code add-partitions --num}; Kafka's {@code --partitions} takes the new total instead). The new
 * total is the current count, read just before, plus N; if another client adds partitions in
 * between, the broker refuses a total that is not larger than the count it has.
 */
@Command(name = "add-partitions", description = "Add partitions to a topic.")
final class TopicAddPartitionsCommand extends CliCommand {
    @Parameters(paramLabel = "NAME", description = "The topic's name.")
    String name;

    @Option(names = "--count", paramLabel = "N", required = true, description = "How many partitions to add.")
    int count;

    @Override
    int run() {
        if (count < 1) {
            throw usage("--count must be at least 1, was " + count);
        }
        int total;
        try (ClusterSession session = connect()) {
            int current = ClusterSession.await(session.admin().describeTopic(name)).partitions().size();
            total = current + count;
            ClusterSession.await(session.admin().createPartitions(name, total));
        }
        if (json()) {
            Json.print(io().out(), Json.object().put("topic", name).put("added", count).put("partitions", total));
        } else {
            io().out().println("Added " + count + " partition" + (count == 1 ? "" : "s") + " to topic " + name
                    + "; it now has " + total + ".");
        }
        return ExitCodes.OK;
    }
}

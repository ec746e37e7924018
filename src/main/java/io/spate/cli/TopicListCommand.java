package io.spate.cli;

import io.spate.client.TopicDescription;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spate topic list [PATTERN…] [-r] [--internal]}: the topics with their partition count and
 * replication factor, those the names or patterns match (all without), internal ones only with
 * {@code --internal}.
 */
@Command(name = "list", description = "List the topics (internal ones with --internal).")
final class TopicListCommand extends CliCommand {
    @Parameters(paramLabel = "PATTERN", arity = "0..*",
            description = "Only the topics with these names or matching these globs ('orders*'); "
                    + "regular expressions with -r.")
    List<String> patterns = new ArrayList<>();

    @Option(names = {"-r", "--regex"}, description = "Read each PATTERN as a regular expression.")
    boolean regex;

    @Option(names = {"-i", "--internal"}, description = "Include internal topics (__consumer_offsets).")
    boolean internal;

    @Override
    int run() {
        NameFilter filter = filter(patterns, regex);
        Collection<TopicDescription> topics;
        try (ClusterSession session = connect()) {
            List<String> names = ClusterSession.await(session.admin().listTopics(internal)).stream()
                    .filter(filter::matches).toList();
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

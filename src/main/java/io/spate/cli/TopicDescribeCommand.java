package io.spate.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spate.client.TopicDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spate topic describe NAME… [-r]}: for each topic named or matched, its partitions (leader,
 * epoch, replicas, ISR, log start and end offsets, high watermark, size on disk, segments) and its
 * configs. One literal name gives one JSON document as before; several, or a pattern,
 * {@code {"topics": [document…]}}.
 */
@Command(name = "describe", description = "Show topics' partitions, their log state and their configs.")
final class TopicDescribeCommand extends CliCommand {
    @Parameters(paramLabel = "NAME", arity = "1..*",
            description = "Topic names, or globs ('orders*'; regular expressions with -r) matching topics that are "
                    + "not internal.")
    List<String> names = new ArrayList<>();

    @Option(names = {"-r", "--regex"}, description = "Read each NAME as a regular expression.")
    boolean regex;

    @Override
    int run() {
        NameFilter filter = filter(names, regex);
        List<TopicDescription> topics = new ArrayList<>();
        try (ClusterSession session = connect()) {
            List<String> selected = TopicCommand.resolve(session.admin(), filter);
            Map<String, TopicDescription> described = ClusterSession.await(session.admin().describeTopics(selected));
            selected.forEach(name -> topics.add(described.get(name)));
        }
        boolean one = !filter.hasPatterns() && topics.size() == 1;
        if (json()) {
            if (one) {
                Json.print(io().out(), TopicViews.describeJson(topics.get(0)));
            } else {
                ObjectNode doc = Json.object();
                ArrayNode array = doc.putArray("topics");
                topics.forEach(t -> array.add(TopicViews.describeJson(t)));
                Json.print(io().out(), doc);
            }
        } else {
            for (int i = 0; i < topics.size(); i++) {
                io().out().print((i == 0 ? "" : "\n") + TopicViews.describeText(topics.get(i)));
            }
        }
        return ExitCodes.OK;
    }
}

package io.spate.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spate topic delete NAME… [-r] [--yes]}: deletes the topics named and their data. Topics
 * selected by a pattern are deleted only with {@code --yes}: without it the command lists what the
 * patterns match and changes nothing (a dry run, as {@code group reset-offsets} without
 * {@code --execute}), because one wrong glob would delete topics nobody named.
 */
@Command(name = "delete", description = "Delete topics and their data; a pattern only lists what it matches, "
        + "unless --yes is given.")
final class TopicDeleteCommand extends CliCommand {
    @Parameters(paramLabel = "NAME", arity = "1..*",
            description = "Topic names, or globs ('tmp-*'; regular expressions with -r) matching topics that are "
                    + "not internal.")
    List<String> names = new ArrayList<>();

    @Option(names = {"-r", "--regex"}, description = "Read each NAME as a regular expression.")
    boolean regex;

    @Option(names = {"-y", "--yes"}, description = "Delete what the patterns match (without it, they only list it).")
    boolean yes;

    @Override
    int run() {
        NameFilter filter = filter(names, regex);
        List<String> selected;
        boolean execute = yes || !filter.hasPatterns();
        try (ClusterSession session = connect()) {
            selected = TopicCommand.resolve(session.admin(), filter);
            if (execute) {
                ClusterSession.await(session.admin().deleteTopics(selected));
            }
        }
        if (json()) {
            Json.print(io().out(), !filter.hasPatterns() && selected.size() == 1
                    ? Json.object().put("topic", selected.get(0)).put("deleted", true)
                    : TopicViews.namesJson(selected).put("deleted", execute));
        } else if (execute) {
            selected.forEach(name -> io().out().println("Deleted topic " + name + "."));
        } else {
            io().out().println("Would delete " + selected.size() + " topic" + (selected.size() == 1 ? "" : "s")
                    + " (matching " + String.join(", ", TopicCommand.quoted(filter.patterns())) + "):");
            selected.forEach(name -> io().out().println("  " + name));
            io().out().println("Dry run: nothing deleted. Add --yes to delete " + (selected.size() == 1 ? "it." : "them."));
        }
        return ExitCodes.OK;
    }
}

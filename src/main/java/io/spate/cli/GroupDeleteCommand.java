package io.spate.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spate.client.GroupDeletion;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.SpateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spate group delete GROUP… [-r] [--yes]}: deletes empty groups and their committed offsets.
 * Groups selected by a pattern are deleted only with {@code --yes}; without it the command lists
 * what the patterns match and changes nothing (as {@code topic delete}). Each group is deleted or
 * refused on its own (a group with members is refused): the deleted ones are printed, and the first
 * refusal fails the command (exit 1).
 */
@Command(name = "delete", description = "Delete consumer groups and their committed offsets (only groups without "
        + "members); a pattern only lists what it matches, unless --yes is given.")
final class GroupDeleteCommand extends CliCommand {
    @Parameters(paramLabel = "GROUP", arity = "1..*",
            description = "Group ids, or globs ('tmp-*'; regular expressions with -r).")
    List<String> groups = new ArrayList<>();

    @Option(names = {"-r", "--regex"}, description = "Read each GROUP as a regular expression.")
    boolean regex;

    @Option(names = {"-y", "--yes"}, description = "Delete what the patterns match (without it, they only list it).")
    boolean yes;

    @Override
    int run() {
        NameFilter filter = filter(groups, regex);
        boolean execute = yes || !filter.hasPatterns();
        List<String> selected;
        Map<String, GroupDeletion> deletions = Map.of();
        try (ClusterSession session = connect()) {
            selected = GroupCommand.resolve(session.admin(), filter);
            if (execute) {
                deletions = ClusterSession.await(session.admin().deleteGroups(selected));
            }
        }
        if (!execute) {
            printDryRun(filter, selected);
            return ExitCodes.OK;
        }
        Map<String, GroupDeletion> outcomes = deletions;
        List<String> deleted = selected.stream().filter(id -> outcomes.get(id).deleted()).toList();
        SpateException firstRefusal = selected.stream().map(outcomes::get).filter(d -> !d.deleted())
                .map(GroupDeleteCommand::refusal).findFirst().orElse(null);
        if (json()) {
            if (selected.size() == 1 && !filter.hasPatterns()) {
                if (firstRefusal == null) {
                    Json.print(io().out(), Json.object().put("group", selected.get(0)).put("deleted", true));
                }
            } else {
                ObjectNode doc = Json.object();
                ArrayNode array = doc.putArray("groups");
                for (String id : selected) {
                    SpateException refused = refusal(outcomes.get(id));
                    array.addObject().put("group", id).put("deleted", refused == null)
                            .put("error", refused == null ? null : Failures.describe(refused));
                }
                Json.print(io().out(), doc);
            }
        } else {
            deleted.forEach(id -> io().out().println("Deleted group " + id + "."));
            io().out().flush();
        }
        if (firstRefusal != null) {
            throw firstRefusal;
        }
        return ExitCodes.OK;
    }

    /** Why the group was not deleted, in the CLI's wording; null when it was. */
    private static SpateException refusal(GroupDeletion d) {
        if (d.deleted()) {
            return null;
        }
        if (d.error() == ErrorCode.GROUP_ID_NOT_FOUND) {
            return (SpateException) GroupCommand.doesNotExist(d.groupId());
        }
        return d.exception();
    }

    private void printDryRun(NameFilter filter, List<String> selected) {
        if (json()) {
            ObjectNode doc = Json.object();
            selected.forEach(doc.putArray("groups")::add);
            Json.print(io().out(), doc.put("deleted", false));
            return;
        }
        io().out().println("Would delete " + selected.size() + " group" + (selected.size() == 1 ? "" : "s")
                + " (matching " + String.join(", ", TopicCommand.quoted(filter.patterns())) + "):");
        selected.forEach(id -> io().out().println("  " + id));
        io().out().println("Dry run: nothing deleted. Add --yes to delete " + (selected.size() == 1 ? "it." : "them."));
    }
}

package io.spate.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spate topic alter NAME --set k=v… --delete k…}: sets and removes topic config overrides
 * in one request (a removed key falls back to the cluster's default). At least one change is
 * required, and a key may not be both set and deleted.
 */
@Command(name = "alter", description = "Set or delete topic config overrides.")
final class TopicAlterCommand extends CliCommand {
    @Parameters(paramLabel = "NAME", description = "The topic's name.")
    String name;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A config to set; repeatable.")
    Map<String, String> set = new LinkedHashMap<>();

    @Option(names = "--delete", paramLabel = "KEY", description = "A config override to remove; repeatable.")
    List<String> delete = new ArrayList<>();

    @Override
    int run() {
        if (set.isEmpty() && delete.isEmpty()) {
            throw usage("nothing to alter: give --set KEY=VALUE and/or --delete KEY");
        }
        Set<String> deleted = new LinkedHashSet<>(delete);
        for (String key : deleted) {
            if (set.containsKey(key)) {
                throw usage("config '" + key + "' is both set and deleted");
            }
        }
        try (ClusterSession session = connect()) {
            ClusterSession.await(session.admin().alterConfigs(name, set, deleted));
        }
        if (json()) {
            ObjectNode doc = Json.object().put("topic", name);
            ObjectNode setNode = doc.putObject("set");
            set.forEach(setNode::put);
            deleted.forEach(doc.putArray("deleted")::add);
            Json.print(io().out(), doc);
        } else {
            List<String> changes = new ArrayList<>();
            set.forEach((k, v) -> changes.add("set " + k + "=" + v));
            deleted.forEach(k -> changes.add("deleted " + k));
            io().out().println("Altered topic " + name + ": " + String.join(", ", changes) + ".");
        }
        return ExitCodes.OK;
    }
}

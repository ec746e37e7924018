package io.spate.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spate.client.PartitionInfo;
import io.spate.client.TopicConfigEntry;
import io.spate.client.TopicDescription;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * How {@code spate topic list} and {@code spate topic describe} show topics: as text tables and as
 * JSON documents. Pure functions of the client's values, so their form is tested without a broker.
 * A log field the leader could not report ({@link PartitionInfo#UNKNOWN}) shows as {@code -} in text
 * and {@code null} in JSON.
 */
final class TopicViews {
    private static final String[] SIZE_UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private TopicViews() {
    }

    /** One row per topic, sorted by name: NAME, PARTITIONS, REPLICAS (the replication factor), INTERNAL. */
    static Table listTable(Collection<TopicDescription> topics) {
        Table table = new Table("name", "partitions", "replicas", "internal");
        for (TopicDescription t : sorted(topics)) {
            table.row(t.name(), t.partitions().size(), replicationFactor(t), t.internal());
        }
        return table;
    }

    /** {@code {"topics": [{"name", "partitions", "replicationFactor", "internal"}]}}, sorted by name. */
    static ObjectNode listJson(Collection<TopicDescription> topics) {
        ObjectNode root = Json.object();
        ArrayNode array = root.putArray("topics");
        for (TopicDescription t : sorted(topics)) {
            array.addObject().put("name", t.name()).put("partitions", t.partitions().size())
                    .put("replicationFactor", replicationFactor(t)).put("internal", t.internal());
        }
        return root;
    }

    /** {@code {"topics": [NAME…]}}, in the order given. */
    static ObjectNode namesJson(List<String> names) {
        ObjectNode root = Json.object();
        names.forEach(root.putArray("topics")::add);
        return root;
    }

    /** Three sections: SUMMARY, CONFIGS (by name, with their source), PARTITIONS (with log state). */
    static String describeText(TopicDescription t) {
        StringBuilder out = new StringBuilder();
        out.append(section("SUMMARY"));
        Table summary = new Table("name", "value");
        summary.row("name", t.name());
        summary.row("internal", t.internal());
        summary.row("partitions", t.partitions().size());
        summary.row("replicas", replicationFactor(t));
        out.append(withoutHeader(summary.render()));
        out.append('\n').append(section("CONFIGS"));
        Table configs = new Table("key", "value", "source");
        for (TopicConfigEntry c : new TreeMap<>(t.configs()).values()) {
            configs.row(c.name(), c.value(), c.isDefault() ? "default" : "override");
        }
        out.append(configs.render());
        out.append('\n').append(section("PARTITIONS"));
        Table partitions = new Table("partition", "leader", "epoch", "replicas", "isr", "log-start-offset",
                "log-end-offset", "high-watermark", "size", "segments");
        for (PartitionInfo p : t.partitions()) {
            partitions.row(p.partition(), p.leader() < 0 ? "none" : p.leader(), p.leaderEpoch(), ids(p.replicas()),
                    ids(p.isr()), known(p.logStartOffset()), known(p.logEndOffset()), known(p.highWatermark()),
                    p.sizeBytes() < 0 ? null : humanBytes(p.sizeBytes()), p.segmentCount() < 0 ? null : p.segmentCount());
        }
        out.append(partitions.render());
        return out.toString();
    }

    /**
     * {@code {"name", "internal", "partitions": [{"partition", "leader", "leaderEpoch", "replicas", "isr",
     * "logStartOffset", "logEndOffset", "highWatermark", "sizeBytes", "segments"}],
     * "configs": {name: {"value", "default"}}}}.
     */
    static ObjectNode describeJson(TopicDescription t) {
        ObjectNode root = Json.object();
        root.put("name", t.name());
        root.put("internal", t.internal());
        root.put("replicationFactor", replicationFactor(t));
        ArrayNode partitions = root.putArray("partitions");
        for (PartitionInfo p : t.partitions()) {
            ObjectNode n = partitions.addObject();
            n.put("partition", p.partition());
            n.put("leader", p.leader());
            n.put("leaderEpoch", p.leaderEpoch());
            p.replicas().forEach(n.putArray("replicas")::add);
            p.isr().forEach(n.putArray("isr")::add);
            putKnown(n, "logStartOffset", p.logStartOffset());
            putKnown(n, "logEndOffset", p.logEndOffset());
            putKnown(n, "highWatermark", p.highWatermark());
            putKnown(n, "sizeBytes", p.sizeBytes());
            putKnown(n, "segments", p.segmentCount());
        }
        ObjectNode configs = root.putObject("configs");
        for (TopicConfigEntry c : new TreeMap<>(t.configs()).values()) {
            configs.putObject(c.name()).put("value", c.value()).put("default", c.isDefault());
        }
        return root;
    }

    /** The number of replicas of the topic's first partition (all have the same when created by Spate). */
    static int replicationFactor(TopicDescription t) {
        return t.partitions().isEmpty() ? 0 : t.partitions().get(0).replicas().size();
    }

    /** {@code 1536} as {@code 1.5 KiB}; below 1 KiB as {@code 512 B}. */
    static String humanBytes(long bytes) {
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < SIZE_UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, SIZE_UNITS[unit]);
    }

    private static List<TopicDescription> sorted(Collection<TopicDescription> topics) {
        return topics.stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
    }

    private static String ids(List<Integer> ids) {
        return String.join(",", ids.stream().map(String::valueOf).toList());
    }

    private static Long known(long value) {
        return value < 0 ? null : value;
    }

    private static void putKnown(ObjectNode node, String field, long value) {
        if (value < 0) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }

    private static String section(String title) {
        return title + "\n" + "=".repeat(title.length()) + "\n";
    }

    private static String withoutHeader(String table) {
        return table.substring(table.indexOf('\n') + 1);
    }
}

package io.spate.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a controller decision took out of ISRs, for its log line: for each node that left one or more
 * ISRs between two images, how many partitions and the first few of them (a node leaving thousands of
 * partitions makes one short line, not thousands).
 */
public final class IsrShrinks {
    /** Partitions named per node before "and N more". */
    public static final int NAMED = 5;

    private IsrShrinks() {
    }

    /**
     * One phrase per node that left an ISR from {@code before} to {@code after}, ascending by node id,
     * e.g. {@code node 3 left the ISR of 2 partition(s): orders-0, orders-1}; empty when no ISR lost a
     * node (topics and partitions only in one of the images are not counted).
     */
    public static String describe(MetadataImage before, MetadataImage after) {
        Map<Integer, List<String>> left = new TreeMap<>();
        new TreeMap<>(after.topics()).forEach((name, t) -> {
            TopicState old = before.topic(name);
            if (old == null) {
                return;
            }
            for (int p = 0; p < Math.min(old.partitions().size(), t.partitions().size()); p++) {
                List<Integer> now = t.partitions().get(p).isr();
                for (int node : old.partitions().get(p).isr()) {
                    if (!now.contains(node)) {
                        left.computeIfAbsent(node, k -> new ArrayList<>()).add(name + "-" + p);
                    }
                }
            }
        });
        StringBuilder sb = new StringBuilder();
        left.forEach((node, parts) -> {
            sb.append(sb.length() == 0 ? "" : "; ").append("node ").append(node).append(" left the ISR of ")
                    .append(parts.size()).append(" partition(s): ")
                    .append(String.join(", ", parts.subList(0, Math.min(NAMED, parts.size()))));
            if (parts.size() > NAMED) {
                sb.append(" and ").append(parts.size() - NAMED).append(" more");
            }
        });
        return sb.toString();
    }
}

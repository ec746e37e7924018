package io.spate.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A {@code --topic} argument of {@code spate group reset-offsets}: {@code TOPIC} for every partition
 * of the topic, or {@code TOPIC:P,P,…} for the partitions listed (Kafka's syntax).
 *
 * @param partitions the partitions asked for, sorted and without duplicates; empty = all
 */
record TopicSelection(String topic, List<Integer> partitions) {
    TopicSelection {
        partitions = List.copyOf(partitions);
    }

    /** True when the argument named no partitions: every partition of the topic is meant. */
    boolean allPartitions() {
        return partitions.isEmpty();
    }

    /** Parses {@code TOPIC} or {@code TOPIC:P,P,…}; {@link IllegalArgumentException} saying what is wrong. */
    static TopicSelection parse(String arg) {
        int colon = arg.lastIndexOf(':');
        String topic = colon < 0 ? arg : arg.substring(0, colon);
        if (topic.isBlank()) {
            throw new IllegalArgumentException("'" + arg + "' names no topic (expected TOPIC or TOPIC:P,P,...)");
        }
        if (colon < 0) {
            return new TopicSelection(topic, List.of());
        }
        TreeSet<Integer> partitions = new TreeSet<>();
        for (String p : arg.substring(colon + 1).split(",", -1)) {
            partitions.add(partition(arg, p.trim()));
        }
        return new TopicSelection(topic, new ArrayList<>(partitions));
    }

    private static int partition(String arg, String p) {
        try {
            int n = Integer.parseInt(p);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the whole argument
        }
        throw new IllegalArgumentException("'" + p + "' in '" + arg + "' is not a partition number "
                + "(expected TOPIC or TOPIC:P,P,...)");
    }
}

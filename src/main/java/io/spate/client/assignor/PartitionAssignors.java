package io.spate.client.assignor;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The built-in assignors by name, for the consumer's {@code partition.assignment.strategy}: a
 * comma-separated list in order of preference, each item a protocol name ("range", "roundrobin",
 * "sticky", "cooperative-sticky") or, so Kafka configs carry over, the class name of Kafka's
 * assignor (org.apache.kafka.clients.consumer.RangeAssignor and the like). Thread-safe.
 */
public final class PartitionAssignors {
    /** Kafka's default: range, with cooperative-sticky also offered so a group can switch in a rolling restart. */
    public static final String DEFAULT_STRATEGY = RangeAssignor.NAME + "," + CooperativeStickyAssignor.NAME;

    private static final String KAFKA_PACKAGE = "org.apache.kafka.clients.consumer.";
    private static final Map<String, Supplier<PartitionAssignor>> BY_NAME = Map.of(
            RangeAssignor.NAME, RangeAssignor::new,
            RoundRobinAssignor.NAME, RoundRobinAssignor::new,
            StickyAssignor.NAME, StickyAssignor::new,
            CooperativeStickyAssignor.NAME, CooperativeStickyAssignor::new);
    private static final Map<String, String> KAFKA_CLASSES = Map.of(
            KAFKA_PACKAGE + "RangeAssignor", RangeAssignor.NAME,
            KAFKA_PACKAGE + "RoundRobinAssignor", RoundRobinAssignor.NAME,
            KAFKA_PACKAGE + "StickyAssignor", StickyAssignor.NAME,
            KAFKA_PACKAGE + "CooperativeStickyAssignor", CooperativeStickyAssignor.NAME);
    private static final List<String> KNOWN = List.of(RangeAssignor.NAME, RoundRobinAssignor.NAME,
            StickyAssignor.NAME, CooperativeStickyAssignor.NAME);

    private PartitionAssignors() {
    }

    /**
     * A new assignor for a protocol name or Kafka class name (surrounding blanks ignored).
     *
     * @throws UnknownAssignorException for any other name
     */
    public static PartitionAssignor forName(String name) {
        String key = name.strip();
        Supplier<PartitionAssignor> s = BY_NAME.get(KAFKA_CLASSES.getOrDefault(key, key));
        if (s == null) {
            throw new UnknownAssignorException(name, KNOWN);
        }
        return s.get();
    }

    /**
     * The assignors of a comma-separated list, in its order; blank items are skipped, and a name
     * given twice (also as protocol name and class name) counts once, at its first place.
     *
     * @throws UnknownAssignorException     for an unknown name
     * @throws IllegalArgumentException if the list names no assignor
     */
    public static List<PartitionAssignor> fromConfig(String strategies) {
        Set<String> seen = new LinkedHashSet<>();
        List<PartitionAssignor> out = new ArrayList<>();
        for (String item : strategies.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            PartitionAssignor a = forName(item);
            if (seen.add(a.name())) {
                out.add(a);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("partition assignment strategy names no assignor: '" + strategies + "'");
        }
        return out;
    }

    /** The protocol names of the built-in assignors. */
    public static List<String> names() {
        return KNOWN;
    }
}

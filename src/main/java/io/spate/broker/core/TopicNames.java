package io.spate.broker.core;

import java.util.regex.Pattern;

/**
 * Kafka's rule for topic names (and for names that collide in metrics), the internal topics, and
 * the limits on partition counts.
 */
public final class TopicNames {
    /** The internal topic that holds consumer groups' committed offsets and group metadata. */
    public static final String CONSUMER_OFFSETS = "__consumer_offsets";
    /** The internal topic that holds the transaction coordinator's state of each transactional id. */
    public static final String TRANSACTION_STATE = "__transaction_state";
    public static final int MAX_NAME_LENGTH = 249;
    public static final int MAX_PARTITIONS = 10_000;
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");

    private TopicNames() {
    }

    /**
     * Whether {@code name} is a topic the node itself writes: clients may read it but never produce
     * to it, delete it or change its partition count.
     */
    public static boolean isInternal(String name) {
        return CONSUMER_OFFSETS.equals(name) || TRANSACTION_STATE.equals(name);
    }

    /**
     * The existing topic whose name collides with {@code name} in metric names, where {@code '.'} and
     * {@code '_'} are the same character (Kafka refuses such a topic, since both would report under
     * one metric name), or {@code null} when none does. {@code name} itself among the existing names
     * is not a collision (that is "already exists").
     */
    public static String collidingWith(String name, Iterable<String> existing) {
        String metric = metricName(name);
        for (String other : existing) {
            if (!other.equals(name) && metricName(other).equals(metric)) {
                return other;
            }
        }
        return null;
    }

    private static String metricName(String name) {
        return name.replace('.', '_');
    }

    /** Why {@code name} is not a legal topic name, or {@code null} when it is. */
    public static String invalidReason(String name) {
        if (name == null || name.isEmpty()) {
            return "topic name is empty";
        }
        if (name.equals(".") || name.equals("..")) {
            return "topic name cannot be '.' or '..'";
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return "topic name is longer than " + MAX_NAME_LENGTH + " characters";
        }
        if (!LEGAL.matcher(name).matches()) {
            return "topic name '" + name + "' has characters outside [a-zA-Z0-9._-]";
        }
        return null;
    }
}

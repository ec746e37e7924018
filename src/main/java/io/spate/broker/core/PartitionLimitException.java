package io.spate.broker.core;

/**
 * A change would make a node hold more partition replicas than {@code max.broker.partitions}.
 * Raised before any file is made; the change is refused whole.
 */
public final class PartitionLimitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param topic  the topic whose change was refused
     * @param held   the replicas the node holds now
     * @param adding the replicas the change would add to it
     * @param limit  {@code max.broker.partitions}
     */
    public PartitionLimitException(String topic, int held, int adding, int limit) {
        super(message(topic, "this node", held, adding, limit));
    }

    /** The one wording of the refusal, for a node ({@code "node 3"}) that would go over the limit. */
    public static String message(String topic, String node, int held, int adding, int limit) {
        return "topic '" + topic + "': " + node + " holds " + held + " partition replicas; " + adding
                + " more would exceed max.broker.partitions=" + limit;
    }
}

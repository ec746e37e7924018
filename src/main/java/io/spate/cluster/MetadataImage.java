package io.spate.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The cluster's metadata as one immutable document: every topic with its id, configs and partition
 * states, every node's registration, and an epoch that every change increments. It changes only by
 * compare-and-set on the whole document (old epoch → epoch + 1) committed through the metadata
 * quorum, and every node keeps the newest copy on disk.
 *
 * @param epoch  the number of changes made to the metadata since the cluster was created
 * @param topics every topic by name
 * @param nodes  every node's registration by node id (absent from images written before issue 15's
 *               registrations: read as none)
 * @param nextProducerId the first producer id of the next block a node may claim (issue 16); every
 *               id below it has been handed to some node. Absent from older images: read as 0
 * @param producerIdClaim the claim id of the last block given out ({@link #withProducerIdBlock}): two
 *               nodes that claim a block at the same epoch propose different images, so neither can
 *               take the other's committed image for its own (images are compared whole). Null before
 */
public record MetadataImage(long epoch, Map<String, TopicState> topics, Map<Integer, RegisteredNode> nodes,
                            long nextProducerId, String producerIdClaim) {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(TopicIdJson.MODULE);
    public static final MetadataImage EMPTY = new MetadataImage(0, Map.of());

    public MetadataImage {
        topics = Collections.unmodifiableMap(new TreeMap<>(topics));
        nodes = nodes == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(nodes));
        if (nextProducerId < 0) {
            throw new IllegalArgumentException("nextProducerId is 0 or more, was " + nextProducerId);
        }
    }

    /** An image without node registrations, before any producer id was given out. */
    public MetadataImage(long epoch, Map<String, TopicState> topics) {
        this(epoch, topics, Map.of(), 0, null);
    }

    public TopicState topic(String name) {
        return topics.get(name);
    }

    /** The next image: {@code change} applied to the topics, the epoch one higher. */
    public MetadataImage next(UnaryOperator<Map<String, TopicState>> change) {
        return new MetadataImage(epoch + 1, change.apply(new TreeMap<>(topics)), nodes, nextProducerId, producerIdClaim);
    }

    /** The next image with {@code node} registered under its id (replacing what was there). */
    public MetadataImage withNode(RegisteredNode node) {
        Map<Integer, RegisteredNode> next = new TreeMap<>(nodes);
        next.put(node.nodeId(), node);
        return new MetadataImage(epoch + 1, topics, next, nextProducerId, producerIdClaim);
    }

    /**
     * The next image with the block of {@code size} producer ids from {@link #nextProducerId} given
     * out under {@code claim} (unique to the caller's claim): the caller owns
     * {@code [nextProducerId, nextProducerId + size)} once this image commits.
     */
    public MetadataImage withProducerIdBlock(int size, String claim) {
        if (size < 1) {
            throw new IllegalArgumentException("a producer id block holds 1 id or more, was " + size);
        }
        return new MetadataImage(epoch + 1, topics, nodes, Math.addExact(nextProducerId, size), claim);
    }

    public MetadataImage withTopic(TopicState t) {
        return next(m -> {
            m.put(t.name(), t);
            return m;
        });
    }

    public MetadataImage withoutTopic(String name) {
        return next(m -> {
            m.remove(name);
            return m;
        });
    }

    /** How {@link #mapPartitions} changes one partition: returns it unchanged or a new state. */
    public interface PartitionChange {
        PartitionState apply(TopicState topic, PartitionState partition);
    }

    /** The next image with {@code change} applied to every partition, or this image if nothing changed. */
    public MetadataImage mapPartitions(PartitionChange change) {
        Map<String, TopicState> changed = new TreeMap<>();
        topics.forEach((name, t) -> {
            List<PartitionState> ps = new ArrayList<>(t.partitions().size());
            boolean any = false;
            for (PartitionState p : t.partitions()) {
                PartitionState q = change.apply(t, p);
                any |= !q.equals(p);
                ps.add(q);
            }
            if (any) {
                changed.put(name, t.withPartitions(ps));
            }
        });
        return changed.isEmpty() ? this : next(m -> {
            m.putAll(changed);
            return m;
        });
    }

    /** The partitions of every topic that list {@code nodeId} as a replica, as topic → partition numbers. */
    public Map<String, List<Integer>> replicasOf(int nodeId) {
        Map<String, List<Integer>> out = new TreeMap<>();
        topics.forEach((name, t) -> {
            List<Integer> ps = new ArrayList<>();
            for (int p = 0; p < t.partitions().size(); p++) {
                if (t.partitions().get(p).replicas().contains(nodeId)) {
                    ps.add(p);
                }
            }
            if (!ps.isEmpty()) {
                out.put(name, List.copyOf(ps));
            }
        });
        return out;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static MetadataImage fromJson(String json) {
        try {
            return JSON.readValue(json, MetadataImage.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a metadata image: " + e.getOriginalMessage(), e);
        }
    }
}

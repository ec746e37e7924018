package io.spate.cluster;

import io.spate.common.TopicId;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Topic ids in the cluster's metadata image: a new topic's id ({@link #fresh}), and the one-time
 * assignment of ids to the topics of an image written before topic ids ({@link #assignMissing}),
 * which the controller commits through the quorum (every node then reads the same id from the
 * image; none makes one up on its own).
 */
public final class TopicIds {
    private TopicIds() {
    }

    /** A random id no topic of {@code image} has (nor any of {@code alsoTaken}). */
    public static TopicId fresh(MetadataImage image, Set<TopicId> alsoTaken) {
        return TopicId.random(taken(image, alsoTaken)::contains);
    }

    /** Whether some topic of {@code image} has no id yet. */
    public static boolean anyMissing(MetadataImage image) {
        return image.topics().values().stream().anyMatch(t -> t.topicId() == null);
    }

    /**
     * The next image with a fresh id for every topic without one, or {@code image} itself when every
     * topic has one. (A controller decision: {@code live} is not used.)
     */
    public static MetadataImage assignMissing(MetadataImage image, Set<Integer> live) {
        if (!anyMissing(image)) {
            return image;
        }
        Set<TopicId> taken = taken(image, Set.of());
        Map<String, TopicState> given = new TreeMap<>();
        image.topics().forEach((name, t) -> {
            if (t.topicId() == null) {
                TopicId id = TopicId.random(taken::contains);
                taken.add(id);
                given.put(name, t.withTopicId(id));
            }
        });
        return image.next(m -> {
            m.putAll(given);
            return m;
        });
    }

    private static Set<TopicId> taken(MetadataImage image, Set<TopicId> alsoTaken) {
        Set<TopicId> taken = new HashSet<>(alsoTaken);
        image.topics().values().forEach(t -> {
            if (t.topicId() != null) {
                taken.add(t.topicId());
            }
        });
        return taken;
    }
}

package io.spate.broker.topic;

import io.spate.broker.core.ConfigChange;
import io.spate.broker.core.TopicCreation;
import io.spate.broker.core.TopicNames;
import io.spate.broker.core.TopicOutcome;
import io.spate.log.InvalidConfigException;
import io.spate.log.LogConfig;
import io.spate.protocol.ErrorCode;
import io.spate.broker.core.PartitionLimitException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The checks every topic admin request gets, alone or clustered, each answering the error a client
 * sees (null: the request may go ahead). Nothing here changes anything.
 */
final class TopicRequests {
    private TopicRequests() {
    }

    /**
     * A topic to create.
     *
     * @param exists    whether a topic of that name exists (or is earlier in the same request)
     * @param names     the topics that exist and those earlier in the same request, for the
     *                  metric-name collision check ({@link TopicNames#collidingWith})
     * @param maxReplicas the most replicas a topic can have now (the live nodes)
     */
    static TopicOutcome checkNew(TopicCreation t, Predicate<String> exists, Iterable<String> names,
                                int replicationFactor, int maxReplicas, LogConfig defaults) {
        String invalid = TopicNames.invalidReason(t.name());
        if (invalid != null) {
            return new TopicOutcome(t.name(), ErrorCode.INVALID_TOPIC_EXCEPTION, invalid);
        }
        if (exists.test(t.name())) {
            return new TopicOutcome(t.name(), ErrorCode.TOPIC_ALREADY_EXISTS, "topic '" + t.name() + "' already exists");
        }
        String collision = TopicNames.collidingWith(t.name(), names);
        if (collision != null) {
            return new TopicOutcome(t.name(), ErrorCode.INVALID_TOPIC_EXCEPTION, "topic '" + t.name()
                    + "' collides with existing topic '" + collision + "' ('.' and '_' are the same in metric names)");
        }
        if (t.partitions() != -1 && (t.partitions() < 1 || t.partitions() > TopicNames.MAX_PARTITIONS)) {
            return new TopicOutcome(t.name(), ErrorCode.INVALID_PARTITIONS,
                    "partitions must be in 1.." + TopicNames.MAX_PARTITIONS + ", got " + t.partitions());
        }
        if (replicationFactor < 1 || replicationFactor > maxReplicas) {
            return new TopicOutcome(t.name(), ErrorCode.INVALID_REPLICATION_FACTOR, "replication factor "
                    + replicationFactor + " is not in 1.." + maxReplicas + " (the available nodes)");
        }
        return checkConfigs(t.name(), t.configs(), defaults);
    }

    static TopicOutcome checkConfigs(String topic, Map<String, String> configs, LogConfig defaults) {
        try {
            LogConfig.from(configs, defaults);
            return null;
        } catch (InvalidConfigException e) {
            return new TopicOutcome(topic, ErrorCode.INVALID_CONFIG, e.getMessage());
        }
    }

    static TopicOutcome checkDelete(String name, boolean exists) {
        if (TopicNames.isInternal(name)) {
            return new TopicOutcome(name, ErrorCode.INVALID_TOPIC_EXCEPTION,
                    "topic '" + name + "' is internal and cannot be deleted");
        }
        return exists ? null : unknown(name);
    }

    /** @param current the topic's partition count now, or -1 when it does not exist */
    static TopicOutcome checkGrow(String name, int current, int total) {
        if (current < 0) {
            return unknown(name);
        }
        if (TopicNames.isInternal(name)) {
            // groups are mapped to its partitions by hash: a new count would orphan their offsets
            return new TopicOutcome(name, ErrorCode.INVALID_PARTITIONS,
                    "topic '" + name + "' is internal; its partition count is fixed");
        }
        if (total <= current || total > TopicNames.MAX_PARTITIONS) {
            return new TopicOutcome(name, ErrorCode.INVALID_PARTITIONS, "topic '" + name + "' has " + current
                    + " partitions; the new count must be larger and at most " + TopicNames.MAX_PARTITIONS + ", got " + total);
        }
        return null;
    }

    /** The overrides after {@code change}, or the error; {@code current} null = no such topic. */
    static Object merged(String name, Map<String, String> current, ConfigChange change, LogConfig defaults) {
        if (current == null) {
            return unknown(name);
        }
        Map<String, String> merged = new HashMap<>(current);
        change.delete().forEach(merged::remove);
        merged.putAll(change.set());
        for (String k : change.delete()) {
            if (!LogConfig.keys().contains(k)) {
                return new TopicOutcome(name, ErrorCode.INVALID_CONFIG, InvalidConfigException.unknownKey(k).getMessage());
            }
        }
        TopicOutcome bad = checkConfigs(name, merged, defaults);
        if (bad == null && TopicNames.isInternal(name)) {
            bad = checkInternal(name, merged, defaults);
        }
        return bad != null ? bad : Map.copyOf(merged);
    }

    /**
     * An internal topic must stay compact-only: with {@code delete} in its cleanup.policy (set, or
     * the node default once the override is removed) retention would erase committed offsets. Only
     * cleanup.policy is checked: {@link io.spate.log.LogConfig#deleteEnabled() retention.ms and
     * retention.bytes apply only with delete}, so they are inert on a compact-only topic.
     */
    private static TopicOutcome checkInternal(String name, Map<String, String> merged, LogConfig defaults) {
        String policy = LogConfig.from(merged, defaults).cleanupPolicy();
        if (policy.equals(LogConfig.CLEANUP_POLICY_COMPACT)) {
            return null;
        }
        return new TopicOutcome(name, ErrorCode.INVALID_CONFIG, LogConfig.CLEANUP_POLICY + " of internal topic '" + name
                + "' must stay " + LogConfig.CLEANUP_POLICY_COMPACT + "; this change would make it '" + policy
                + "' and let retention erase committed offsets");
    }

    /**
     * A change that would make {@code node} hold more than {@code limit} partition replicas
     * ({@code max.broker.partitions}): POLICY_VIOLATION, as Kafka answers a create its policy refuses.
     */
    static TopicOutcome checkLimit(String topic, String node, long held, long adding, int limit) {
        if (adding <= 0 || held + adding <= limit) {
            return null;
        }
        return new TopicOutcome(topic, ErrorCode.POLICY_VIOLATION,
                PartitionLimitException.message(topic, node, (int) held, (int) adding, limit));
    }

    /**
     * {@code results} with the topics that failed while being applied answered with their failure:
     * POLICY_VIOLATION for the partition limit, KAFKA_STORAGE_ERROR for a file that could not be made.
     */
    static List<TopicOutcome> withFailures(List<TopicOutcome> results, Map<String, Throwable> failed) {
        if (failed.isEmpty()) {
            return results;
        }
        return results.stream().map(r -> {
            Throwable err = failed.get(r.name());
            if (err == null || r.error() != ErrorCode.NONE) {
                return r;
            }
            return err instanceof PartitionLimitException
                    ? new TopicOutcome(r.name(), ErrorCode.POLICY_VIOLATION, err.getMessage())
                    : new TopicOutcome(r.name(), ErrorCode.KAFKA_STORAGE_ERROR, "cannot create the partitions of topic '"
                            + r.name() + "' (nothing of them was kept): " + err.getMessage());
        }).toList();
    }

    static TopicOutcome unknown(String name) {
        return new TopicOutcome(name, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "topic '" + name + "' does not exist");
    }

    /** Keys a request names twice (the later entries answer this). */
    static boolean seenBefore(Set<String> seen, String name) {
        return !seen.add(name);
    }
}

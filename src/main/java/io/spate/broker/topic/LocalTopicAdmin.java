package io.spate.broker.topic;

import io.spate.broker.core.ConfigChange;
import io.spate.broker.core.ElectionOutcome;
import io.spate.broker.core.ReassignmentOutcome;
import io.spate.broker.core.Topic;
import io.spate.broker.core.TopicAdmin;
import io.spate.broker.core.TopicCreation;
import io.spate.broker.core.TopicDefaults;
import io.spate.broker.core.TopicManager;
import io.spate.broker.core.TopicMetadata;
import io.spate.broker.core.TopicOutcome;
import io.spate.common.TopicId;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A single node's topic admin: requests are checked ({@link TopicRequests}), then applied to the
 * node's own logs by the {@link TopicManager}, which also keeps the catalogue on disk. A new topic
 * gets a fresh random id (KIP-516), kept in the catalogue for the topic's life. The node is
 * the only replica, so a replication factor above 1 is refused.
 */
public final class LocalTopicAdmin implements TopicAdmin {
    private final TopicManager topics;
    private final TopicDefaults defaults;
    private final int nodeId;

    public LocalTopicAdmin(TopicManager topics, TopicDefaults defaults, int nodeId) {
        this.topics = topics;
        this.defaults = defaults;
        this.nodeId = nodeId;
    }

    @Override
    public Future<List<TopicOutcome>> createTopics(List<TopicCreation> requests, boolean validateOnly) {
        return topics.serialized(() -> {
            List<TopicOutcome> results = new ArrayList<>();
            List<TopicMetadata> valid = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            Set<TopicId> ids = new HashSet<>(); // of the topics this request creates
            int held = topics.hostedPartitions();
            for (TopicCreation t : requests) {
                int rf = t.replicationFactor() == -1 ? defaults.replicationFactor() : t.replicationFactor();
                List<String> names = new ArrayList<>(seen);
                topics.topics().forEach(existing -> names.add(existing.name()));
                TopicOutcome error = TopicRequests.checkNew(t, n -> topics.topic(n) != null
                        || TopicRequests.seenBefore(seen, n), names, rf, 1, defaults.config());
                int count = t.partitions() == -1 ? defaults.partitions() : t.partitions();
                if (error == null) {
                    error = TopicRequests.checkLimit(t.name(), "this node", held, count, topics.maxPartitions());
                }
                if (error != null) {
                    results.add(error);
                } else {
                    held += count;
                    TopicId id = TopicId.random(i -> ids.contains(i) || topics.topicNameById(i) != null);
                    ids.add(id);
                    valid.add(new TopicMetadata(t.name(), id, count, t.configs()));
                    results.add(TopicOutcome.ok(t.name()));
                }
            }
            return validateOnly ? Future.succeededFuture(results)
                    : topics.openAll(valid).map(failed -> TopicRequests.withFailures(results, failed));
        });
    }

    @Override
    public Future<List<TopicOutcome>> deleteTopics(List<String> names) {
        return topics.serialized(() -> {
            List<TopicOutcome> results = new ArrayList<>();
            List<String> doomed = new ArrayList<>();
            for (String name : names) {
                TopicOutcome error = TopicRequests.checkDelete(name, topics.topic(name) != null && !doomed.contains(name));
                results.add(error != null ? error : TopicOutcome.ok(name));
                if (error == null) {
                    doomed.add(name);
                }
            }
            // the catalogue could not be written (a full disk): the topics stay, and each says why
            return topics.dropAll(doomed, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION).map(results)
                    .recover(e -> Future.succeededFuture(results.stream().map(r -> !doomed.contains(r.name())
                            || r.error() != ErrorCode.NONE ? r : new TopicOutcome(r.name(), ErrorCode.KAFKA_STORAGE_ERROR,
                            "topic " + r.name() + " not deleted, nothing changed: " + e.getMessage())).toList()));
        });
    }

    @Override
    public Future<List<TopicOutcome>> createPartitions(Map<String, Integer> newTotals, boolean validateOnly) {
        return topics.serialized(() -> {
            List<TopicOutcome> results = new ArrayList<>();
            Map<String, Integer> grow = new LinkedHashMap<>();
            int held = topics.hostedPartitions();
            for (Map.Entry<String, Integer> e : newTotals.entrySet()) {
                String name = e.getKey();
                int total = e.getValue();
                Topic t = topics.topic(name);
                TopicOutcome error = TopicRequests.checkGrow(name, t == null ? -1 : t.partitions().size(), total);
                int adding = error == null ? total - t.partitions().size() : 0;
                if (error == null) {
                    error = TopicRequests.checkLimit(name, "this node", held, adding, topics.maxPartitions());
                }
                results.add(error != null ? error : TopicOutcome.ok(name));
                if (error == null) {
                    held += adding;
                    grow.put(name, total);
                }
            }
            return validateOnly ? Future.succeededFuture(results)
                    : topics.reshapeAll(grow, (t, p) -> true).map(failed -> TopicRequests.withFailures(results, failed));
        });
    }

    @Override
    public Future<List<TopicOutcome>> alterConfigs(Map<String, ConfigChange> changes, boolean validateOnly) {
        return topics.serialized(() -> {
            List<TopicOutcome> results = new ArrayList<>();
            Map<String, Map<String, String>> apply = new LinkedHashMap<>();
            changes.forEach((name, change) -> {
                Topic t = topics.topic(name);
                Object merged = TopicRequests.merged(name, t == null ? null : t.metadata().configs(), change,
                        defaults.config());
                if (merged instanceof TopicOutcome error) {
                    results.add(error);
                } else {
                    @SuppressWarnings("unchecked")
                    Map<String, String> m = (Map<String, String>) merged;
                    apply.put(name, m);
                    results.add(TopicOutcome.ok(name));
                }
            });
            return validateOnly ? Future.succeededFuture(results) : topics.reconfigureAll(apply).map(results);
        });
    }

    /**
     * A single node holds the only replica of every partition: the one valid target is this node
     * itself, which changes nothing, and there is never a move to cancel.
     */
    @Override
    public Future<Map<TopicPartition, ReassignmentOutcome>> alterReassignments(Map<TopicPartition, List<Integer>> targets) {
        LocalTopicDirectory directory = new LocalTopicDirectory(topics, nodeId, "", () -> 0);
        Map<TopicPartition, ReassignmentOutcome> results = new LinkedHashMap<>();
        targets.forEach((tp, target) -> {
            ReassignmentOutcome error = ReassignmentRequests.check(directory.topic(tp.topic()), tp, target, Set.of(nodeId));
            results.put(tp, error != null ? error : ReassignmentRequests.ok(tp));
        });
        return Future.succeededFuture(results);
    }

    /**
     * A single node is the only, and so the preferred, replica of every partition, which it leads:
     * every existing partition is ELECTION_NOT_NEEDED (all of them when {@code partitions} is null).
     */
    @Override
    public Future<Map<TopicPartition, ElectionOutcome>> electPreferredLeaders(Set<TopicPartition> partitions) {
        LocalTopicDirectory directory = new LocalTopicDirectory(topics, nodeId, "", () -> 0);
        Set<TopicPartition> missing = partitions == null ? Set.of() : directory.missing(partitions);
        Map<TopicPartition, ElectionOutcome> results = new LinkedHashMap<>();
        for (TopicPartition tp : partitions == null ? directory.partitions() : partitions) {
            results.put(tp, missing.contains(tp) ? ElectionOutcome.unknown(tp, topics.topic(tp.topic()) != null)
                    : ElectionOutcome.NOT_NEEDED);
        }
        return Future.succeededFuture(results);
    }
}

package io.spate.broker;

import io.spate.log.InvalidConfigException;
import io.spate.log.LogConfig;
import io.spate.log.LogManager;
import io.spate.log.PartitionLog;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicResult;
import io.spate.protocol.TopicPartition;
import io.vertx.core.Future;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The node's topics: creates, deletes, grows and reconfigures them, and persists the catalogue.
 *
 * <p>Threading: every change runs on one admin context, one after the other (a change starts when
 * the previous one has finished), and its file work runs on a worker thread. The live view
 * ({@link #topic(String)}) is a concurrent map of immutable {@link Topic}s that any context may
 * read.
 */
public final class TopicManager {
    private final VertxInternal vertx;
    private final ContextInternal adminContext;
    private final LogManager logs;
    private final BrokerConfig config;
    private final MetadataStore store;
    private final ConcurrentHashMap<String, Topic> topics = new ConcurrentHashMap<>();
    private Future<?> tail = Future.succeededFuture(); // admin context only

    private TopicManager(VertxInternal vertx, BrokerConfig config, LogManager logs, MetadataStore store) {
        this.vertx = vertx;
        this.adminContext = vertx.createEventLoopContext();
        this.logs = logs;
        this.config = config;
        this.store = store;
    }

    /**
     * Opens the logs of the data directory, each recovered with its topic's settings from the
     * catalogue, and a writer for every partition the catalogue lists (blocking work on a worker).
     */
    public static Future<TopicManager> open(VertxInternal vertx, BrokerConfig config) {
        MetadataStore store = new MetadataStore(config.dataDir());
        return vertx.executeBlocking(() -> {
            Map<String, TopicMetadata> catalogue = new LinkedHashMap<>();
            Map<String, LogConfig> configs = new HashMap<>();
            for (TopicMetadata meta : store.load()) {
                catalogue.put(meta.name(), meta);
                configs.put(meta.name(), LogConfig.from(meta.configs(), config.topicDefaults()));
            }
            LogManager logs = LogManager.open(config.dataDir(), System::currentTimeMillis,
                    topic -> configs.getOrDefault(topic, config.topicDefaults()));
            TopicManager tm = new TopicManager(vertx, config, logs, store);
            try {
                for (TopicMetadata meta : catalogue.values()) {
                    List<PartitionWriter> writers = new ArrayList<>();
                    for (int p = 0; p < meta.partitions(); p++) {
                        writers.add(tm.openWriter(meta.name(), p, configs.get(meta.name())));
                    }
                    tm.topics.put(meta.name(), new Topic(meta, configs.get(meta.name()), writers));
                }
            } catch (RuntimeException e) {
                logs.close();
                throw e;
            }
            return tm;
        });
    }

    public Topic topic(String name) {
        return topics.get(name);
    }

    public Collection<Topic> topics() {
        return topics.values();
    }

    /** Runs {@code op} on the admin context after every change queued before it. */
    private <T> Future<T> serialized(Supplier<Future<T>> op) {
        return Future.<Future<T>>future(p -> adminContext.execute(() -> {
            Future<T> f = tail.transform(ignored -> op.get());
            tail = f;
            p.complete(f);
        })).compose(f -> f);
    }

    private <T> Future<T> blocking(Callable<T> work) {
        return adminContext.executeBlocking(work, false);
    }

    public Future<List<TopicResult>> createTopics(List<NewTopic> requests, boolean validateOnly) {
        return serialized(() -> {
            List<TopicResult> results = new ArrayList<>();
            Map<String, NewTopic> valid = new LinkedHashMap<>();
            Set<String> seen = new HashSet<>();
            for (NewTopic t : requests) {
                TopicResult error = validateNew(t, seen);
                seen.add(t.name());
                if (error != null) {
                    results.add(error);
                } else {
                    valid.put(t.name(), t);
                }
            }
            if (validateOnly || valid.isEmpty()) {
                valid.keySet().forEach(n -> results.add(TopicResult.ok(n)));
                return Future.succeededFuture(results);
            }
            return blocking(() -> {
                for (NewTopic t : valid.values()) {
                    int count = t.partitions() == -1 ? config.numPartitions() : t.partitions();
                    TopicMetadata meta = new TopicMetadata(t.name(), count, t.configs());
                    LogConfig lc = LogConfig.from(meta.configs(), config.topicDefaults());
                    List<PartitionWriter> writers = new ArrayList<>();
                    for (int p = 0; p < count; p++) {
                        writers.add(openWriter(t.name(), p, lc));
                    }
                    topics.put(t.name(), new Topic(meta, lc, writers));
                    results.add(TopicResult.ok(t.name()));
                }
                saveCatalogue();
                return results;
            });
        });
    }

    private TopicResult validateNew(NewTopic t, Set<String> seen) {
        String invalid = TopicNames.invalidReason(t.name());
        if (invalid != null) {
            return new TopicResult(t.name(), ErrorCode.INVALID_TOPIC_EXCEPTION, invalid);
        }
        if (topics.containsKey(t.name()) || seen.contains(t.name())) {
            return new TopicResult(t.name(), ErrorCode.TOPIC_ALREADY_EXISTS, "topic '" + t.name() + "' already exists");
        }
        if (t.partitions() != -1 && (t.partitions() < 1 || t.partitions() > TopicNames.MAX_PARTITIONS)) {
            return new TopicResult(t.name(), ErrorCode.INVALID_PARTITIONS,
                    "partitions must be in 1.." + TopicNames.MAX_PARTITIONS + ", got " + t.partitions());
        }
        if (t.replicationFactor() != -1 && t.replicationFactor() != 1) {
            return new TopicResult(t.name(), ErrorCode.INVALID_REPLICATION_FACTOR,
                    "replication factor " + t.replicationFactor() + " is larger than the 1 available node");
        }
        try {
            LogConfig.from(t.configs(), config.topicDefaults());
        } catch (InvalidConfigException e) {
            return new TopicResult(t.name(), ErrorCode.INVALID_CONFIG, e.getMessage());
        }
        return null;
    }

    public Future<List<TopicResult>> deleteTopics(List<String> names) {
        return serialized(() -> {
            List<TopicResult> results = new ArrayList<>();
            List<Topic> doomed = new ArrayList<>();
            for (String name : names) {
                Topic t = TopicNames.isInternal(name) ? null : topics.remove(name);
                if (TopicNames.isInternal(name)) {
                    results.add(new TopicResult(name, ErrorCode.INVALID_TOPIC_EXCEPTION,
                            "topic '" + name + "' is internal and cannot be deleted"));
                } else if (t == null) {
                    results.add(new TopicResult(name, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "topic '" + name + "' does not exist"));
                } else {
                    doomed.add(t);
                    results.add(TopicResult.ok(name));
                }
            }
            if (doomed.isEmpty()) {
                return Future.succeededFuture(results);
            }
            List<Future<Void>> closing = new ArrayList<>();
            doomed.forEach(t -> t.partitions().forEach(w -> closing.add(w.close(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION))));
            return Future.join(closing).transform(ignored -> blocking(() -> {
                saveCatalogue();
                for (Topic t : doomed) {
                    for (int p = 0; p < t.partitions().size(); p++) {
                        logs.delete(t.name(), p);
                    }
                }
                return results;
            }));
        });
    }

    public Future<List<TopicResult>> createPartitions(Map<String, Integer> newTotals, boolean validateOnly) {
        return serialized(() -> {
            List<TopicResult> results = new ArrayList<>();
            Map<Topic, Integer> grow = new LinkedHashMap<>();
            newTotals.forEach((name, total) -> {
                Topic t = topics.get(name);
                if (t == null) {
                    results.add(new TopicResult(name, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "topic '" + name + "' does not exist"));
                } else if (TopicNames.isInternal(name)) {
                    // groups are mapped to its partitions by hash: a new count would orphan their offsets
                    results.add(new TopicResult(name, ErrorCode.INVALID_PARTITIONS,
                            "topic '" + name + "' is internal; its partition count is fixed"));
                } else if (total <= t.partitions().size() || total > TopicNames.MAX_PARTITIONS) {
                    results.add(new TopicResult(name, ErrorCode.INVALID_PARTITIONS, "topic '" + name + "' has "
                            + t.partitions().size() + " partitions; the new count must be larger and at most "
                            + TopicNames.MAX_PARTITIONS + ", got " + total));
                } else {
                    grow.put(t, total);
                }
            });
            if (validateOnly || grow.isEmpty()) {
                grow.keySet().forEach(t -> results.add(TopicResult.ok(t.name())));
                return Future.succeededFuture(results);
            }
            return blocking(() -> {
                grow.forEach((t, total) -> {
                    List<PartitionWriter> writers = new ArrayList<>(t.partitions());
                    for (int p = t.partitions().size(); p < total; p++) {
                        writers.add(openWriter(t.name(), p, t.config()));
                    }
                    topics.put(t.name(), new Topic(t.metadata().withPartitions(total), t.config(), writers));
                    results.add(TopicResult.ok(t.name()));
                });
                saveCatalogue();
                return results;
            });
        });
    }

    /**
     * Sets and removes topic config overrides. The whole change of a topic is validated before any
     * of it applies.
     */
    public Future<List<TopicResult>> alterConfigs(Map<String, ConfigChange> changes, boolean validateOnly) {
        return serialized(() -> {
            List<TopicResult> results = new ArrayList<>();
            Map<Topic, TopicMetadata> apply = new LinkedHashMap<>();
            changes.forEach((name, change) -> {
                Topic t = topics.get(name);
                if (t == null) {
                    results.add(new TopicResult(name, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "topic '" + name + "' does not exist"));
                    return;
                }
                Map<String, String> merged = new HashMap<>(t.metadata().configs());
                change.delete().forEach(merged::remove);
                merged.putAll(change.set());
                try {
                    for (String k : change.delete()) {
                        if (!LogConfig.keys().contains(k)) {
                            throw InvalidConfigException.unknownKey(k);
                        }
                    }
                    LogConfig.from(merged, config.topicDefaults());
                    apply.put(t, t.metadata().withConfigs(merged));
                } catch (InvalidConfigException e) {
                    results.add(new TopicResult(name, ErrorCode.INVALID_CONFIG, e.getMessage()));
                }
            });
            if (validateOnly || apply.isEmpty()) {
                apply.keySet().forEach(t -> results.add(TopicResult.ok(t.name())));
                return Future.succeededFuture(results);
            }
            List<Future<Void>> updates = new ArrayList<>();
            apply.forEach((t, meta) -> {
                LogConfig lc = LogConfig.from(meta.configs(), config.topicDefaults());
                topics.put(t.name(), new Topic(meta, lc, t.partitions()));
                t.partitions().forEach(w -> updates.add(w.updateConfig(lc)));
                results.add(TopicResult.ok(t.name()));
            });
            return Future.all(updates).compose(ignored -> blocking(() -> {
                saveCatalogue();
                return results;
            }));
        });
    }

    /** Applies retention to every partition. */
    public Future<Void> applyRetention(long nowMs) {
        List<Future<Integer>> all = new ArrayList<>();
        topics.values().forEach(t -> t.partitions().forEach(w -> all.add(w.applyRetention(nowMs))));
        return Future.join(all).mapEmpty();
    }

    /** Checkpoints every partition (the node's checkpoint timer). */
    public Future<Void> checkpointAll() {
        List<Future<Void>> all = new ArrayList<>();
        topics.values().forEach(t -> t.partitions().forEach(w -> all.add(w.checkpoint())));
        return Future.join(all).mapEmpty();
    }

    /** Asks every partition to fsync what it has not yet (the node's flush timer). */
    public void flushAll() {
        topics.values().forEach(t -> t.partitions().forEach(PartitionWriter::flushSoon));
    }

    /** Closes every writer (answering what waits on them) and then the log manager. */
    public Future<Void> close() {
        return serialized(() -> {
            List<Future<Void>> all = new ArrayList<>();
            topics.values().forEach(t -> t.partitions().forEach(w -> all.add(w.close(ErrorCode.NOT_LEADER_OR_FOLLOWER))));
            return Future.join(all).transform(ignored -> blocking(() -> {
                logs.close();
                return null;
            }));
        });
    }

    /** On a worker thread, before the writer is published. */
    private PartitionWriter openWriter(String topic, int partition, LogConfig lc) {
        PartitionLog log = logs.get(topic, partition).orElseGet(() -> logs.create(topic, partition, lc));
        log.updateConfig(lc);
        // a single node commits what its recovered log holds: make it durable, then readable
        long end = log.flush();
        log.markFlushed(end);
        log.updateHighWatermark(end);
        return new PartitionWriter(new TopicPartition(topic, partition), vertx.createEventLoopContext(), log,
                config.flushPolicy());
    }

    private void saveCatalogue() {
        store.save(topics.values().stream().map(Topic::metadata).sorted((a, b) -> a.name().compareTo(b.name())).toList());
    }

    /**
     * One compaction pass over every partition whose topic has cleanup.policy compact (the cleaner
     * timer). Partitions are cleaned one after another, like Kafka's single cleaner thread, so at most
     * one pass's key map is in memory; a call while the previous round still runs does nothing. A
     * partition whose pass fails is logged and skipped.
     */
    public Future<Void> cleanAll() {
        if (!cleanerRunning.compareAndSet(false, true)) {
            return Future.succeededFuture();
        }
        Future<Void> chain = Future.succeededFuture();
        for (Topic t : topics.values()) {
            if (!t.config().compactEnabled()) {
                continue;
            }
            for (PartitionWriter w : t.partitions()) {
                chain = chain.compose(ignored -> w.clean().transform(ar -> {
                    if (ar.failed()) {
                        System.getLogger(TopicManager.class.getName()).log(System.Logger.Level.WARNING,
                                "compaction pass failed: " + ar.cause().getMessage());
                    }
                    return Future.<Void>succeededFuture();
                }));
            }
        }
        return chain.onComplete(ar -> cleanerRunning.set(false));
    }

    /** A cleanAll round is under way (rounds never overlap). */
    private final java.util.concurrent.atomic.AtomicBoolean cleanerRunning =
            new java.util.concurrent.atomic.AtomicBoolean();
}

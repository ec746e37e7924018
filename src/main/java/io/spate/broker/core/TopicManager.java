package io.spate.broker.core;

import io.spate.common.Time;
import io.spate.log.LogConfig;
import io.spate.log.LogManager;
import io.spate.log.PartitionLog;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.spate.transport.LoopContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private final Vertx vertx;
    private final LoopContext adminContext;
    private final LogManager logs;
    private final LogConfig topicDefaults;
    private final FlushPolicy flushPolicy;
    private final MetadataStore store;
    private final Time time;
    private final ConcurrentHashMap<String, Topic> topics = new ConcurrentHashMap<>();
    private Future<?> tail = Future.succeededFuture(); // admin context only

    private TopicManager(Vertx vertx, LogConfig topicDefaults, FlushPolicy flushPolicy, LogManager logs,
                         MetadataStore store, Time time) {
        this.vertx = vertx;
        this.adminContext = LoopContext.create(vertx);
        this.logs = logs;
        this.topicDefaults = topicDefaults;
        this.flushPolicy = flushPolicy;
        this.store = store;
        this.time = time;
    }

    /**
     * Opens the logs of the data directory, each recovered with its topic's settings from the
     * catalogue, and a writer for every partition the catalogue lists (blocking work on a worker).
     * The logs read the clock through {@code time}.
     */
    public static Future<TopicManager> open(Vertx vertx, Path dataDir, LogConfig topicDefaults, FlushPolicy flushPolicy,
                                            Time time) {
        return open(vertx, dataDir, topicDefaults, flushPolicy, time, null);
    }

    /**
     * As {@link #open(Vertx, Path, LogConfig, FlushPolicy, Time)}, with the catalogue given by the cluster's
     * metadata instead of the node's {@code meta/topics.json} (null: that file), which is then
     * neither read nor written.
     */
    public static Future<TopicManager> open(Vertx vertx, Path dataDir, LogConfig topicDefaults, FlushPolicy flushPolicy,
                                            Time time, List<TopicMetadata> clusterCatalogue) {
        MetadataStore store = clusterCatalogue == null ? new MetadataStore(dataDir) : null;
        return vertx.executeBlocking(() -> {
            Map<String, TopicMetadata> catalogue = new LinkedHashMap<>();
            Map<String, LogConfig> configs = new HashMap<>();
            for (TopicMetadata meta : store != null ? store.load() : clusterCatalogue) {
                catalogue.put(meta.name(), meta);
                configs.put(meta.name(), LogConfig.from(meta.configs(), topicDefaults));
            }
            LogManager logs = LogManager.open(dataDir, time,
                    topic -> configs.getOrDefault(topic, topicDefaults));
            TopicManager tm = new TopicManager(vertx, topicDefaults, flushPolicy, logs, store, time);
            try {
                for (TopicMetadata meta : catalogue.values()) {
                    List<PartitionWriter> writers = new ArrayList<>();
                    for (int p = 0; p < meta.partitions(); p++) {
                        writers.add(meta.hosts(p) ? tm.openWriter(meta.name(), p, configs.get(meta.name())) : null);
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
    public <T> Future<T> serialized(Supplier<Future<T>> op) {
        return Future.<Future<T>>future(p -> adminContext.execute(() -> {
            Future<T> f = tail.transform(ignored -> op.get());
            tail = f;
            p.complete(f);
        })).compose(f -> f);
    }

    private <T> Future<T> blocking(Callable<T> work) {
        return adminContext.executeBlocking(work, false);
    }

    /** Opens and publishes topics that are not live here yet (their hosted partitions), then saves the catalogue. */
    public Future<Void> openAll(List<TopicMetadata> metas) {
        if (metas.isEmpty()) {
            return Future.succeededFuture();
        }
        return blocking(() -> {
            for (TopicMetadata meta : metas) {
                LogConfig lc = LogConfig.from(meta.configs(), topicDefaults);
                List<PartitionWriter> writers = new ArrayList<>();
                for (int p = 0; p < meta.partitions(); p++) {
                    writers.add(meta.hosts(p) ? openWriter(meta.name(), p, lc) : null);
                }
                topics.put(meta.name(), new Topic(meta, lc, writers));
            }
            saveCatalogue();
            return null;
        });
    }

    /**
     * Unpublishes topics, answers what waits on their writers with {@code error}, deletes their
     * logs: UNKNOWN_TOPIC_OR_PARTITION for a deleted topic, NOT_LEADER_OR_FOLLOWER for one whose
     * replicas all moved to other nodes.
     */
    public Future<Void> dropAll(List<String> names, ErrorCode error) {
        List<Topic> doomed = new ArrayList<>();
        names.forEach(n -> {
            Topic t = topics.remove(n);
            if (t != null) {
                doomed.add(t);
            }
        });
        if (doomed.isEmpty()) {
            return Future.succeededFuture();
        }
        List<Future<Void>> closing = new ArrayList<>();
        doomed.forEach(t -> t.hosted().forEach(w -> closing.add(w.close(error))));
        return Future.join(closing).transform(ignored -> blocking(() -> {
            saveCatalogue();
            for (Topic t : doomed) {
                for (int p = 0; p < t.partitions().size(); p++) {
                    if (t.partition(p) != null) {
                        logs.delete(t.name(), p);
                    }
                }
            }
            return null;
        }));
    }

    /**
     * Gives topics a new partition count (never fewer) and the partitions this node holds as
     * {@code hosted} says: opens the partitions newly held (a new partition, or a replica moved here),
     * and unpublishes, closes (answering what waits on them with NOT_LEADER_OR_FOLLOWER) and deletes
     * the replicas no longer held (moved to other nodes).
     */
    public Future<Void> reshapeAll(Map<String, Integer> newTotals, java.util.function.BiPredicate<String, Integer> hosted) {
        if (newTotals.isEmpty()) {
            return Future.succeededFuture();
        }
        return blocking(() -> {
            List<PartitionWriter> removed = new ArrayList<>();
            newTotals.forEach((name, total) -> {
                Topic t = topics.get(name);
                List<PartitionWriter> writers = new ArrayList<>(total);
                List<Integer> held = t.metadata().hosted() == null ? null : new ArrayList<>();
                for (int p = 0; p < total; p++) {
                    PartitionWriter old = t.partition(p);
                    boolean here = hosted.test(name, p);
                    writers.add(!here ? null : old != null ? old : openWriter(name, p, t.config()));
                    if (here && held != null) {
                        held.add(p);
                    }
                    if (!here && old != null) {
                        removed.add(old);
                    }
                }
                topics.put(name, new Topic(t.metadata().withPartitions(total, held), t.config(), writers));
            });
            saveCatalogue();
            return removed;
        }).compose(removed -> {
            List<Future<Void>> closing = new ArrayList<>();
            removed.forEach(w -> closing.add(w.close(ErrorCode.NOT_LEADER_OR_FOLLOWER)));
            return Future.join(closing).transform(ignored -> blocking(() -> {
                removed.forEach(w -> logs.delete(w.topicPartition().topic(), w.topicPartition().partition()));
                return null;
            }));
        });
    }

    /** Gives topics new config overrides (already validated) and their writers the new settings. */
    public Future<Void> reconfigureAll(Map<String, Map<String, String>> overrides) {
        if (overrides.isEmpty()) {
            return Future.succeededFuture();
        }
        List<Future<Void>> updates = new ArrayList<>();
        overrides.forEach((name, configs) -> {
            Topic t = topics.get(name);
            LogConfig lc = LogConfig.from(configs, topicDefaults);
            topics.put(name, new Topic(t.metadata().withConfigs(configs), lc, t.partitions()));
            t.hosted().forEach(w -> updates.add(w.updateConfig(lc)));
        });
        return Future.all(updates).compose(ignored -> blocking(() -> {
            saveCatalogue();
            return null;
        }));
    }

    /** Applies retention to every partition. */
    public Future<Void> applyRetention(long nowMs) {
        List<Future<Integer>> all = new ArrayList<>();
        topics.values().forEach(t -> t.hosted().forEach(w -> all.add(w.applyRetention(nowMs))));
        return Future.join(all).mapEmpty();
    }

    /** Checkpoints every partition (the node's checkpoint timer). */
    public Future<Void> checkpointAll() {
        List<Future<Void>> all = new ArrayList<>();
        topics.values().forEach(t -> t.hosted().forEach(w -> all.add(w.checkpoint())));
        return Future.join(all).mapEmpty();
    }

    /** Asks every partition to fsync what it has not yet (the node's flush timer). */
    public void flushAll() {
        topics.values().forEach(t -> t.hosted().forEach(PartitionWriter::flushSoon));
    }

    /** Closes every writer (answering what waits on them) and then the log manager. */
    public Future<Void> close() {
        return serialized(() -> {
            List<Future<Void>> all = new ArrayList<>();
            topics.values().forEach(t -> t.hosted().forEach(w -> all.add(w.close(ErrorCode.NOT_LEADER_OR_FOLLOWER))));
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
        if (store != null && !log.isOffline()) {
            // a single node commits what its recovered log holds: make it durable, then readable. A
            // clustered replica does not: what is committed is for the ISR to say (its leader's high
            // watermark, or the followers' progress once it leads)
            long end = log.flush();
            log.markFlushed(end);
            log.updateHighWatermark(end);
        }
        return new PartitionWriter(new TopicPartition(topic, partition), LoopContext.create(vertx), log,
                flushPolicy, store != null, time);
    }

    private void saveCatalogue() {
        if (store == null) {
            return; // clustered: the cluster's metadata is the catalogue
        }
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
            for (PartitionWriter w : t.hosted()) {
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

    /** The log settings of a topic without overrides. */
    public LogConfig topicDefaults() {
        return topicDefaults;
    }
}

package io.spate.broker.core;

import io.spate.common.Time;
import io.spate.common.TopicId;
import io.spate.log.LogConfig;
import io.spate.log.LogManager;
import io.spate.log.PartitionLog;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.spate.transport.LoopContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
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
 * the previous one has finished), and its file work runs on the manager's own small worker pool
 * ({@value #ADMIN_WORKER_THREADS} threads), never on the node's worker pool, whose threads the
 * fsyncs of produce requests wait for: a create or delete of thousands of partitions must not
 * queue ahead of them. The live view ({@link #topic(String)}) is a concurrent map of immutable
 * {@link Topic}s that any context may read.
 *
 * <p>Creating partitions is all or nothing per topic: if a partition cannot be made (an I/O error,
 * no file descriptors left, the node's partition limit), the directories this change made for
 * the topic are removed again, the topic stays as it was in memory and in the catalogue, and the
 * failure is answered. A topic becomes visible only after the catalogue that names it is on disk.
 */
public final class TopicManager {
    private static final System.Logger LOG = System.getLogger(TopicManager.class.getName());
    private final Vertx vertx;
    private final LoopContext adminContext;
    private final LogManager logs;
    private final LogConfig topicDefaults;
    private final FlushPolicy flushPolicy;
    private final MetadataStore store;
    private final Time time;
    private final WorkerExecutor adminWorkers;
    private final int maxPartitions;
    private final ConcurrentHashMap<String, Topic> topics = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<TopicId, String> namesById = new ConcurrentHashMap<>(); // of topics with an id
    private Future<?> tail = Future.succeededFuture(); // admin context only
    private final RateLimitedWarning failedCheckpoints;

    /** Threads of the admin's file work: enough to overlap two closes, few enough to leave the pool to fsyncs. */
    static final int ADMIN_WORKER_THREADS = 2;

    private TopicManager(Vertx vertx, LogConfig topicDefaults, FlushPolicy flushPolicy, LogManager logs,
                         MetadataStore store, Time time, int maxPartitions) {
        this.vertx = vertx;
        this.maxPartitions = maxPartitions;
        this.adminWorkers = vertx.createSharedWorkerExecutor("spate-admin-" + System.identityHashCode(this),
                ADMIN_WORKER_THREADS);
        this.adminContext = LoopContext.create(vertx);
        this.logs = logs;
        this.topicDefaults = topicDefaults;
        this.flushPolicy = flushPolicy;
        this.store = store;
        this.time = time;
        this.failedCheckpoints = new RateLimitedWarning(TopicManager.class, time);
    }

    /**
     * Opens the logs of the data directory, each recovered with its topic's settings from the
     * catalogue, and a writer for every partition the catalogue lists (blocking work on a worker).
     * The logs read the clock through {@code time}.
     */
    public static Future<TopicManager> open(Vertx vertx, Path dataDir, LogConfig topicDefaults, FlushPolicy flushPolicy,
                                            Time time, int maxPartitions) {
        return open(vertx, dataDir, topicDefaults, flushPolicy, time, maxPartitions, null);
    }

    /**
     * As {@link #open(Vertx, Path, LogConfig, FlushPolicy, Time, int)}, with the catalogue given by the cluster's
     * metadata instead of the node's {@code meta/topics.json} (null: that file), which is then
     * neither read nor written.
     *
     * <p>Only the directories of partitions the catalogue holds here are opened. A single node
     * quarantines the others ({@code <data.dir>/quarantine/}); a clustered node leaves them closed
     * where they are, since its copy of the cluster's metadata may be older than the cluster's and
     * a later image may give the replica back to it (see {@link LogManager.Unnamed}).
     *
     * @param maxPartitions {@code max.broker.partitions}: the most partition replicas this node holds
     */
    public static Future<TopicManager> open(Vertx vertx, Path dataDir, LogConfig topicDefaults, FlushPolicy flushPolicy,
                                            Time time, int maxPartitions, List<TopicMetadata> clusterCatalogue) {
        MetadataStore store = clusterCatalogue == null ? new MetadataStore(dataDir) : null;
        return vertx.executeBlocking(() -> {
            Map<String, TopicMetadata> catalogue = new LinkedHashMap<>();
            Map<String, LogConfig> configs = new HashMap<>();
            for (TopicMetadata meta : store != null ? store.loadWithTopicIds() : clusterCatalogue) {
                catalogue.put(meta.name(), meta);
                configs.put(meta.name(), LogConfig.from(meta.configs(), topicDefaults));
            }
            LogManager logs = LogManager.open(dataDir, time, topic -> configs.getOrDefault(topic, topicDefaults),
                    (topic, p) -> catalogue.containsKey(topic) && p < catalogue.get(topic).partitions()
                            && catalogue.get(topic).hosts(p),
                    store != null ? LogManager.Unnamed.QUARANTINE : LogManager.Unnamed.LEAVE_CLOSED);
            TopicManager tm = new TopicManager(vertx, topicDefaults, flushPolicy, logs, store, time, maxPartitions);
            try {
                for (TopicMetadata meta : catalogue.values()) {
                    List<PartitionWriter> writers = new ArrayList<>();
                    for (int p = 0; p < meta.partitions(); p++) {
                        writers.add(meta.hosts(p) ? tm.openWriter(meta.name(), p, configs.get(meta.name()), new ArrayList<>()) : null);
                    }
                    tm.publish(new Topic(meta, configs.get(meta.name()), writers));
                }
                if (tm.hostedPartitions() > maxPartitions) {
                    // opened all the same: refusing to serve what the node already holds helps no one
                    LOG.log(System.Logger.Level.WARNING, "this node holds " + tm.hostedPartitions()
                            + " partition replicas, more than max.broker.partitions=" + maxPartitions
                            + "; new ones are refused until it holds fewer");
                }
            } catch (RuntimeException e) {
                logs.close();
                tm.adminWorkers.close();
                throw e;
            }
            return tm;
        });
    }

    public Topic topic(String name) {
        return topics.get(name);
    }

    /**
     * The name of the live topic with id {@code id}, or null when none has it. A clustered node's
     * topics carry no id here (the cluster's metadata image has them): always null there.
     */
    public String topicNameById(TopicId id) {
        return id == null ? null : namesById.get(id);
    }

    /** Makes {@code t} visible (by name, and by id if it has one). */
    private void publish(Topic t) {
        if (t.metadata().topicId() != null) {
            namesById.put(t.metadata().topicId(), t.name());
        }
        topics.put(t.name(), t);
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

    /** Runs {@code work} on the admin's worker pool; the Future completes on the admin context. */
    private <T> Future<T> blocking(Callable<T> work) {
        Promise<T> done = adminContext.promise();
        adminContext.execute(() -> adminWorkers.executeBlocking(work, false).onComplete(done));
        return done.future();
    }

    /** The partition replicas this node holds now (every hosted partition of every live topic). */
    public int hostedPartitions() {
        int n = 0;
        for (Topic t : topics.values()) {
            n += t.hosted().size();
        }
        return n;
    }

    /** {@code max.broker.partitions}: the most partition replicas this node may hold. */
    public int maxPartitions() {
        return maxPartitions;
    }

    /**
     * Opens and publishes topics that are not live here yet (their hosted partitions), each all or
     * nothing, then saves the catalogue. Answers the topics that could not be opened, with why (an
     * I/O failure, or more partitions than {@code max.broker.partitions}); nothing of those is left
     * on disk or in memory. If the catalogue cannot be written, none of them is kept and the Future
     * fails.
     */
    public Future<Map<String, Throwable>> openAll(List<TopicMetadata> metas) {
        if (metas.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        return blocking(() -> {
            Map<String, Throwable> failed = new LinkedHashMap<>();
            List<Topic> opened = new ArrayList<>();
            List<PartitionWriter> made = new ArrayList<>();
            int held = hostedPartitions();
            for (TopicMetadata meta : metas) {
                LogConfig lc = LogConfig.from(meta.configs(), topicDefaults);
                List<PartitionWriter> writers = new ArrayList<>();
                List<PartitionWriter> madeHere = new ArrayList<>();
                try {
                    int wanted = 0;
                    for (int p = 0; p < meta.partitions(); p++) {
                        wanted += meta.hosts(p) ? 1 : 0;
                    }
                    checkLimit(meta.name(), held, wanted);
                    for (int p = 0; p < meta.partitions(); p++) {
                        writers.add(meta.hosts(p) ? openWriter(meta.name(), p, lc, madeHere) : null);
                    }
                    held += wanted;
                    made.addAll(madeHere);
                    opened.add(new Topic(meta, lc, writers));
                } catch (RuntimeException e) {
                    undo(madeHere, e);
                    failed.put(meta.name(), e);
                    LOG.log(System.Logger.Level.ERROR, "cannot create topic '" + meta.name() + "': " + e.getMessage()
                            + "; what was made for it is removed again", e);
                }
            }
            if (opened.isEmpty()) {
                return failed;
            }
            Map<String, Topic> next = new HashMap<>(topics);
            opened.forEach(t -> next.put(t.name(), t));
            try {
                saveCatalogue(next.values());
            } catch (RuntimeException e) {
                undo(made, e);
                throw e;
            }
            opened.forEach(this::publish); // visible once the catalogue naming them is durable
            return failed;
        });
    }

    /** Refuses {@code adding} more replicas when the node holds {@code held} already. */
    private void checkLimit(String topic, int held, int adding) {
        if (adding > 0 && held + adding > maxPartitions) {
            throw new PartitionLimitException(topic, held, adding, maxPartitions);
        }
    }

    /**
     * Deletes the logs made by a change that failed (newest first); a log that cannot be removed is
     * reported with the failure. Worker thread; the writers were never published.
     */
    private void undo(List<PartitionWriter> made, RuntimeException cause) {
        for (int i = made.size() - 1; i >= 0; i--) {
            TopicPartition tp = made.get(i).topicPartition();
            try {
                logs.delete(tp.topic(), tp.partition());
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }

    /**
     * Unpublishes topics, answers what waits on their writers with {@code error}, deletes their
     * logs: UNKNOWN_TOPIC_OR_PARTITION for a deleted topic, NOT_LEADER_OR_FOLLOWER for one whose
     * replicas all moved to other nodes.
     *
     * <p>The catalogue without them is written first: if that fails (a full disk), the Future fails and
     * nothing changed — the topics stay published, open and on disk, as the catalogue still says — so
     * memory and disk never disagree (a topic gone from memory but still in the catalogue would come
     * back at the next start). Once it is written the delete completes; a log directory that cannot be
     * removed is logged and left, renamed for deletion, to the next start.
     */
    public Future<Void> dropAll(List<String> names, ErrorCode error) {
        List<String> present = names.stream().filter(topics::containsKey).distinct().toList();
        if (present.isEmpty()) {
            return Future.succeededFuture();
        }
        List<TopicMetadata> remaining = topics.values().stream().map(Topic::metadata)
                .filter(m -> !present.contains(m.name())).toList();
        return blocking(() -> {
            saveCatalogue(remaining);
            return null;
        }).compose(saved -> {
            List<Topic> doomed = new ArrayList<>();
            present.forEach(n -> {
                Topic t = topics.remove(n);
                if (t != null && t.metadata().topicId() != null) {
                    namesById.remove(t.metadata().topicId(), n);
                }
                if (t != null) {
                    doomed.add(t);
                }
            });
            List<Future<Void>> closing = new ArrayList<>();
            doomed.forEach(t -> t.hosted().forEach(w -> closing.add(w.closeForDeletion(error, adminWorkers))));
            return Future.join(closing).transform(ignored -> blocking(() -> {
                List<String> hosted = new ArrayList<>();
                for (Topic t : doomed) {
                    for (int p = 0; p < t.partitions().size(); p++) {
                        if (t.partition(p) != null) {
                            hosted.add(t.name() + "-" + p);
                        }
                    }
                }
                deleteLogs(hosted);
                return null;
            }));
        });
    }

    /**
     * Deletes the logs of dropped partitions ({@code <topic>-<partition>}); a failure is logged (what is
     * left is removed, or set aside, at the next start).
     */
    private void deleteLogs(List<String> partitions) {
        try {
            logs.deleteAll(partitions);
        } catch (RuntimeException e) {
            System.getLogger(TopicManager.class.getName()).log(System.Logger.Level.WARNING,
                    "deleting the logs of " + partitions.size() + " partitions failed; what is left stays: " + e.getMessage());
        }
    }

    /**
     * Gives topics a new partition count (never fewer) and the partitions this node holds as
     * {@code hosted} says: opens the partitions newly held (a new partition, or a replica moved here),
     * and unpublishes, closes (answering what waits on them with NOT_LEADER_OR_FOLLOWER) and deletes
     * the replicas no longer held (moved to other nodes). Each topic's change is all or nothing, as
     * in {@link #openAll}: answers the topics left as they were, with why.
     */
    public Future<Map<String, Throwable>> reshapeAll(Map<String, Integer> newTotals,
                                                     java.util.function.BiPredicate<String, Integer> hosted) {
        if (newTotals.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        Map<String, Throwable> failed = new LinkedHashMap<>();
        return blocking(() -> {
            List<PartitionWriter> removed = new ArrayList<>();
            List<PartitionWriter> made = new ArrayList<>();
            Map<String, Topic> changed = new LinkedHashMap<>();
            int count = hostedPartitions();
            for (Map.Entry<String, Integer> e : newTotals.entrySet()) {
                String name = e.getKey();
                int total = e.getValue();
                Topic t = topics.get(name);
                List<PartitionWriter> writers = new ArrayList<>(total);
                List<Integer> held = t.metadata().hosted() == null ? null : new ArrayList<>();
                List<PartitionWriter> madeHere = new ArrayList<>();
                List<PartitionWriter> removedHere = new ArrayList<>();
                try {
                    int adding = 0;
                    for (int p = 0; p < total; p++) {
                        adding += hosted.test(name, p) && t.partition(p) == null ? 1 : 0;
                    }
                    checkLimit(name, count, adding);
                    for (int p = 0; p < total; p++) {
                        PartitionWriter old = t.partition(p);
                        boolean here = hosted.test(name, p);
                        writers.add(!here ? null : old != null ? old : openWriter(name, p, t.config(), madeHere));
                        if (here && held != null) {
                            held.add(p);
                        }
                        if (!here && old != null) {
                            removedHere.add(old);
                        }
                    }
                    count += adding - removedHere.size();
                    made.addAll(madeHere);
                    removed.addAll(removedHere);
                    changed.put(name, new Topic(t.metadata().withPartitions(total, held), t.config(), writers));
                } catch (RuntimeException err) {
                    undo(madeHere, err);
                    failed.put(name, err);
                    LOG.log(System.Logger.Level.ERROR, "cannot give topic '" + name + "' " + total + " partitions: "
                            + err.getMessage() + "; what was made for it is removed again", err);
                }
            }
            if (changed.isEmpty()) {
                return removed;
            }
            Map<String, Topic> next = new HashMap<>(topics);
            next.putAll(changed);
            try {
                saveCatalogue(next.values());
            } catch (RuntimeException err) {
                undo(made, err);
                throw err;
            }
            topics.putAll(changed);
            return removed;
        }).compose(removed -> {
            List<Future<Void>> closing = new ArrayList<>();
            removed.forEach(w -> closing.add(w.closeForDeletion(ErrorCode.NOT_LEADER_OR_FOLLOWER, adminWorkers)));
            return Future.join(closing).transform(ignored -> blocking(() -> {
                logs.deleteAll(removed.stream().map(w -> w.topicPartition().topic() + "-" + w.topicPartition().partition())
                        .toList());
                return (Map<String, Throwable>) failed;
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
            saveCatalogue(topics.values());
            return null;
        }));
    }

    /** Applies retention to every partition. */
    public Future<Void> applyRetention(long nowMs) {
        List<Future<Integer>> all = new ArrayList<>();
        topics.values().forEach(t -> t.hosted().forEach(w -> all.add(w.applyRetention(nowMs))));
        return Future.join(all).mapEmpty();
    }

    /**
     * Forgets, in every partition, the idempotent producers not updated for {@code expirationMs}
     * (the node's producer-expiration timer).
     */
    public Future<Void> expireProducers(long nowMs, long expirationMs) {
        List<Future<Integer>> all = new ArrayList<>();
        topics.values().forEach(t -> t.hosted().forEach(w -> all.add(w.expireProducers(nowMs, expirationMs))));
        return Future.join(all).mapEmpty();
    }

    /**
     * Checkpoints every partition (the node's checkpoint timer). Checkpoints that cannot be written (a
     * full disk) leave their partitions serving; one warning line per round says how many failed and
     * why (at most every {@link RateLimitedWarning#INTERVAL_MS}), one line when all succeed again.
     */
    public Future<Void> checkpointAll() {
        List<Future<Void>> all = new ArrayList<>();
        topics.values().forEach(t -> t.hosted().forEach(w -> all.add(w.checkpoint())));
        return Future.join(all).transform(ignored -> {
            List<Throwable> failed = all.stream().filter(Future::failed).map(Future::cause).toList();
            if (failed.isEmpty()) {
                failedCheckpoints.ended("checkpoints of every partition are written again");
                return Future.succeededFuture();
            }
            failedCheckpoints.occurred("checkpoints of " + failed.size() + " of " + all.size() + " partitions not"
                    + " written; their old checkpoints stay and the next round tries again; first: "
                    + failed.get(0).getMessage());
            return Future.failedFuture(failed.get(0));
        });
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
            return Future.join(all).transform(ignored -> this.<Void>blocking(() -> {
                logs.close();
                return null;
            })).onComplete(ar -> adminWorkers.close());
        });
    }

    /**
     * On a worker thread, before the writer is published. A log whose directory this call made is
     * added to {@code made}, so that a failure later in the same change can remove it again (a
     * directory that was there before, a clustered replica's, is never removed by an undo).
     */
    private PartitionWriter openWriter(String topic, int partition, LogConfig lc, List<PartitionWriter> made) {
        boolean fresh = logs.get(topic, partition).isEmpty() && !logs.exists(topic, partition);
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
        PartitionWriter w = new PartitionWriter(new TopicPartition(topic, partition), LoopContext.create(vertx), log,
                flushPolicy, store != null, time);
        if (fresh) {
            made.add(w);
        }
        return w;
    }

    private void saveCatalogue(Collection<Topic> all) {
        saveCatalogue(all.stream().map(Topic::metadata).toList());
    }

    private void saveCatalogue(List<TopicMetadata> catalogue) {
        if (store == null) {
            return; // clustered: the cluster's metadata is the catalogue
        }
        store.save(catalogue.stream().sorted((a, b) -> a.name().compareTo(b.name())).toList());
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

package io.spate.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.spate.transport.LoopContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * {@link ClusterMetadata} in the Hazelcast map {@code spate.metadata} (one key, the image as JSON),
 * guarded by split-brain protection. At start a node offers its disk copy: the map keeps the image
 * with the highest epoch, so after a full cluster stop the newest copy any node has wins.
 *
 * <p>Threading: map calls block and run on workers; the entry listener hops to the metadata
 * context, which keeps {@link #current()}, saves the disk copy (on a worker, newest first) and
 * tells the listeners.
 */
public final class HazelcastClusterMetadata implements ClusterMetadata {
    static final String MAP = HazelcastSetup.MAP_PREFIX + "metadata";
    static final String KEY = "image";
    private static final int MAX_ATTEMPTS = 20;
    private static final System.Logger LOG = System.getLogger(HazelcastClusterMetadata.class.getName());

    private final Vertx vertx;
    private final LoopContext context;
    private final IMap<String, String> map;
    private final HazelcastInstance hz;
    private final MetadataImageFile file;
    private final List<Consumer<MetadataImage>> listeners = new CopyOnWriteArrayList<>();
    private volatile MetadataImage current;
    private UUID registration;
    private UUID lifecycleRegistration;
    private UUID membershipRegistration;
    private boolean saving; // metadata context only
    private long savedEpoch; // metadata context only

    private HazelcastClusterMetadata(Vertx vertx, HazelcastInstance hz, MetadataImageFile file, MetadataImage disk) {
        this.vertx = vertx;
        this.context = LoopContext.create(vertx);
        this.map = hz.getMap(MAP);
        this.hz = hz;
        this.file = file;
        this.current = disk;
        this.savedEpoch = disk.epoch();
    }

    /** Loads the disk copy, offers it to the cluster, follows the map from then on. */
    public static Future<HazelcastClusterMetadata> start(Vertx vertx, HazelcastInstance hz, Path dataDir) {
        MetadataImageFile file = new MetadataImageFile(dataDir);
        return vertx.executeBlocking(() -> {
            HazelcastClusterMetadata m = new HazelcastClusterMetadata(vertx, hz, file, file.load());
            m.registration = m.map.addEntryListener(m.new Listener(), KEY, true);
            m.lifecycleRegistration = hz.getLifecycleService().addLifecycleListener(e -> {
                if (e.getState() == LifecycleEvent.LifecycleState.MERGED) {
                    m.reconcile();
                }
            });
            // see reconcile()
            m.membershipRegistration = hz.getCluster().addMembershipListener(new MembershipListener() {
                @Override
                public void memberAdded(MembershipEvent e) {
                    // a joining member brings nothing newer than the map (it offers its copy itself)
                }

                @Override
                public void memberRemoved(MembershipEvent e) {
                    m.reconcile();
                }
            });
            m.offer();
            return m;
        });
    }

    /** Blocking: raises the map's image to this node's copy if that is newer (or the map has none), else adopts the map's. */
    private void offer() {
        MetadataImage mine = current;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            String json = map.get(KEY);
            MetadataImage theirs = json == null ? null : MetadataImage.fromJson(json);
            if (theirs != null && theirs.epoch() >= mine.epoch()) {
                context.runOnContext(v -> seen(theirs));
                return;
            }
            if (restore(json, theirs, mine)) {
                return;
            }
        }
        throw new IllegalStateException("the cluster metadata kept changing while this node offered its copy");
    }

    /**
     * Blocking: puts {@code mine} in place of the map's image {@code json} ({@code theirs}, older; or
     * none), by compare-and-set; false if the map changed meanwhile. Every image a node holds was in
     * the map once, written with a majority, and epochs only grow, so the highest is the newest. Used
     * at start (a full cluster restart) and whenever the map has lost its image or holds an older one:
     * Hazelcast loses a partition whose owner and backups all die, which happens when a member is
     * killed while a healed split's partitions still migrate (seen: "partitionId=N is completely
     * lost" right after the controller's kill -9), and a change built on the empty map would have
     * dropped every topic.
     */
    private boolean restore(String json, MetadataImage theirs, MetadataImage mine) {
        boolean done = json == null ? map.putIfAbsent(KEY, mine.toJson()) == null : map.replace(KEY, json, mine.toJson());
        if (done && mine.epoch() > 0) {
            LOG.log(System.Logger.Level.WARNING, "the cluster metadata in Hazelcast was "
                    + (theirs == null ? "missing" : "older (epoch " + theirs.epoch() + ")")
                    + ": restored this node's copy, epoch " + mine.epoch());
        }
        return done;
    }

    /**
     * Brings the map and this node's image together (retried every second while the map refuses):
     * after a split-brain heals this member's side was merged into the other, and the map holds the
     * other side's image, which no entry event announced here; after a member left, whose entry
     * event of a last change may have died with it, or with whom the map's image was lost.
     */
    private void reconcile() {
        vertx.<Void>executeBlocking(() -> {
            offer();
            return null;
        }, false).onFailure(e -> vertx.setTimer(1000, id -> context.runOnContext(w -> reconcile())));
    }

    private final class Listener implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String> {
        @Override
        public void entryAdded(EntryEvent<String, String> e) {
            MetadataImage image = MetadataImage.fromJson(e.getValue());
            context.runOnContext(v -> seen(image));
        }

        @Override
        public void entryUpdated(EntryEvent<String, String> e) {
            entryAdded(e);
        }
    }

    /** Metadata context: adopts an image if it is newer than the current one. */
    private void seen(MetadataImage image) {
        if (image.epoch() < current.epoch() || image.equals(current)) {
            return; // an equal epoch with other content: the map's copy is the cluster's
        }
        current = image;
        saveNewest();
        listeners.forEach(l -> l.accept(image));
    }

    private void saveNewest() {
        if (saving || current.epoch() == savedEpoch) {
            return;
        }
        saving = true;
        MetadataImage toSave = current;
        vertx.<Void>executeBlocking(() -> {
            file.save(toSave);
            return null;
        }).onComplete(ar -> context.runOnContext(v -> {
            saving = false;
            if (ar.succeeded()) {
                savedEpoch = toSave.epoch();
            }
            saveNewest();
        }));
    }

    @Override
    public MetadataImage current() {
        return current;
    }

    @Override
    public Future<MetadataImage> update(UnaryOperator<MetadataImage> change) {
        Future<MetadataImage> stored = vertx.executeBlocking(() -> {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                String json = map.get(KEY);
                MetadataImage base = json == null ? MetadataImage.EMPTY : MetadataImage.fromJson(json);
                MetadataImage mine = current;
                if (base.epoch() < mine.epoch()) {
                    restore(json, json == null ? null : base, mine); // never build on a lost or older image
                    continue;
                }
                MetadataImage next = change.apply(base);
                if (next == base) {
                    return base;
                }
                if (next.epoch() != base.epoch() + 1) {
                    throw new IllegalStateException("a change must move the epoch by one: " + base.epoch()
                            + " -> " + next.epoch());
                }
                boolean swapped = json == null ? map.putIfAbsent(KEY, next.toJson()) == null
                        : map.replace(KEY, json, next.toJson());
                if (swapped) {
                    return next;
                }
            }
            throw new IllegalStateException("the cluster metadata changed concurrently " + MAX_ATTEMPTS + " times");
        }, false);
        return stored.compose(image -> {
            io.vertx.core.Promise<MetadataImage> adopted = context.promise();
            context.runOnContext(v -> {
                seen(image);
                adopted.complete(image);
            });
            return adopted.future();
        });
    }

    @Override
    public void onChange(Consumer<MetadataImage> listener) {
        listeners.add(listener);
    }

    /** Stops following the map and saves the newest image seen, if it is not on disk yet. */
    @Override
    public Future<Void> close() {
        try {
            map.removeEntryListener(registration);
            if (lifecycleRegistration != null) {
                hz.getLifecycleService().removeLifecycleListener(lifecycleRegistration);
            }
            if (membershipRegistration != null) {
                hz.getCluster().removeMembershipListener(membershipRegistration);
            }
        } catch (RuntimeException e) {
            // the member is already gone
        }
        io.vertx.core.Promise<Void> done = context.promise();
        context.runOnContext(v -> {
            MetadataImage last = current;
            if (last.epoch() == savedEpoch) {
                done.complete();
                return;
            }
            vertx.<Void>executeBlocking(() -> {
                file.save(last);
                return null;
            }).onComplete(done);
        });
        return done.future();
    }
}

package io.spate.cluster.raft;

import io.spate.cluster.ClusterMetadata;
import io.spate.cluster.ControllerRole;
import io.spate.cluster.MetadataImage;
import io.spate.cluster.MetadataImageFile;
import io.spate.common.Time;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A clustered node's part in the metadata quorum, built and started
 * in one place: {@link RaftClusterMetadata} on a {@link FileRaftStore} under
 * {@code <data.dir>/meta/raft/}, {@link RaftCodec}, {@link EventBusRaftTransport} (reachable = the
 * live node ids cluster membership sees), {@link VertxRaftExecutor} and an
 * {@link EventBusProposalForwarder}. It is the node's {@link ClusterMetadata} and, through
 * {@link #controllerRole()}, says whether this node is the controller (the Raft leader).
 *
 * <p>Start: while the quorum's image is the empty one (a new quorum, or a cluster upgraded from the
 * Hazelcast-held metadata), its leader imports the newest of the voters' disk copies
 * ({@link MetadataImageFile}, what today's nodes keep; see {@link UpgradeImport}), or an empty image
 * at epoch 1 when none has one. A voter with a restored Raft state waits until it applied at least
 * the epoch of its disk copy (the newest image it had seen), any other until it applied epoch 1 or
 * more (the import). Either way the start completes only then, so the node never opens its topics on
 * an older image, and no change is made before the import; it fails after {@code startTimeout}
 * (no majority of the voters up).
 *
 * <p>It keeps writing the disk copy on every image newer than the one on disk (tools and an
 * operator may read it; it is also what an import would take), on a worker, in order.
 *
 * <p>Threading: see {@link RaftClusterMetadata}; the disk copy is written on a worker, ordered.
 */
public final class MetadataQuorum implements ClusterMetadata {
    /** How long a follower waits for the leader's answer to a forwarded proposal. */
    public static final Duration FORWARD_REPLY_TIMEOUT = Duration.ofSeconds(3);
    private static final System.Logger LOG = System.getLogger(MetadataQuorum.class.getName());
    private static final long CATCH_UP_POLL_MS = 20;

    private final Vertx vertx;
    private final RaftClusterMetadata metadata;
    private final EventBusRaftTransport transport;
    private final EventBusProposalForwarder forwarder;
    private final MetadataImageFile diskCopy;
    private final LeaseFence fence;
    private final LearnerEnrollment enrollment;
    private final VoterChanges voterChanges;
    private final UpgradeImport upgradeImport;
    private volatile boolean leaderAtLastCheck;
    private long savedEpoch; // the metadata context only (listeners run there)
    private Future<Void> saving = Future.succeededFuture();

    private MetadataQuorum(Vertx vertx, RaftClusterMetadata metadata, EventBusRaftTransport transport,
                           EventBusProposalForwarder forwarder, MetadataImageFile diskCopy, long savedEpoch,
                           QuorumOptions options, MetadataImage ownCopy, LearnerEnrollment enrollment,
                           VoterChanges voterChanges) {
        this.vertx = vertx;
        this.upgradeImport = new UpgradeImport(vertx, metadata, ownCopy, options.importWait());
        this.enrollment = enrollment;
        this.voterChanges = voterChanges;
        this.fence = new LeaseFence(vertx, metadata::quorumStatus, LeaseFence.periodFor(options.lease()));
        this.metadata = metadata;
        this.transport = transport;
        this.forwarder = forwarder;
        this.diskCopy = diskCopy;
        this.savedEpoch = savedEpoch;
    }

    /** Where a node's Raft log and snapshots live. */
    public static Path raftDir(Path dataDir) {
        return dataDir.resolve("meta").resolve("raft");
    }

    /**
     * Builds and starts this node's member of the quorum whose initial voters are {@code voters}
     * (used only when this node's Raft state is new); see the class comment. A node that is not one of
     * them starts outside the group and follows the log once the leader adds it as a learner
     * ({@link LearnerEnrollment}).
     *
     * @param liveNodes    the node ids whose processes are present now (cluster membership's view,
     *                     {@link io.spate.cluster.ClusterMembership#presentNodes}: a node follows the
     *                     quorum before its registration is committed)
     * @param startTimeout how long the start may wait for the quorum to reach this node's image
     */
    public static Future<MetadataQuorum> start(Vertx vertx, int nodeId, List<Integer> voters, Path dataDir,
                                               Supplier<? extends Collection<Integer>> liveNodes, QuorumOptions options,
                                               Duration startTimeout, Time time) {
        SpateEndpoint self = new SpateEndpoint(nodeId);
        List<SpateEndpoint> endpoints = voters.stream().map(SpateEndpoint::new).toList();
        if (endpoints.isEmpty()) {
            return Future.failedFuture(new IllegalArgumentException("cluster.voters names no voter"));
        }
        IntPredicate live = id -> liveNodes.get().contains(id);
        RaftCodec codec = new RaftCodec();
        MetadataImageFile diskCopy = new MetadataImageFile(dataDir);
        record Opened(FileRaftStore store, MetadataImage disk) {
        }
        return vertx.executeBlocking(() -> {
            try {
                return new Opened(FileRaftStore.open(raftDir(dataDir), codec, codec.modelFactory()), diskCopy.load());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the metadata quorum's files in " + raftDir(dataDir), e);
            }
        }).compose(opened -> {
            boolean fresh = opened.store().restoredState().isEmpty();
            EventBusRaftTransport transport = new EventBusRaftTransport(vertx, RaftClusterMetadata.GROUP_ID, self, codec,
                    live, time);
            EventBusProposalForwarder forwarder = new EventBusProposalForwarder(vertx, codec, FORWARD_REPLY_TIMEOUT);
            RaftClusterMetadata metadata;
            try {
                metadata = RaftClusterMetadata.create(vertx, self, endpoints, transport, opened.store(),
                        opened.store().restoredState(), codec.modelFactory(), forwarder, options, Clock.systemUTC());
            } catch (RuntimeException e) {
                closeQuietly(opened.store());
                return Future.failedFuture(e);
            }
            // a new Raft state: the disk copy follows the quorum's image from its first one on (it may be
            // another voter's copy, older than this one's; this one's was offered to the import)
            MetadataQuorum quorum = new MetadataQuorum(vertx, metadata, transport, forwarder, diskCopy,
                    fresh ? 0 : opened.disk().epoch(), options, opened.disk(), new LearnerEnrollment(vertx, metadata,
                    liveNodes, options.heartbeatPeriod()), new VoterChanges(vertx, metadata, live, options.proposalTimeout()));
            metadata.onChange(quorum::save);
            LOG.log(System.Logger.Level.INFO, "metadata quorum: node " + nodeId + ", initial voters " + voters + ", "
                    + (fresh ? "new Raft state" : "Raft state restored") + " in " + raftDir(dataDir)
                    + ", disk copy at epoch " + opened.disk().epoch());
            return transport.start(metadata.raftNode()::handle)
                    .compose(v -> forwarder.serve(metadata))
                    .compose(v -> quorum.voterChanges.serve())
                    .compose(v -> quorum.upgradeImport.serve())
                    .compose(v -> metadata.start())
                    .onSuccess(v -> quorum.upgradeImport.start())
                    .compose(v -> quorum.catchUp(fresh, opened.disk(), startTimeout))
                    .map(v -> {
                        quorum.fence.start();
                        quorum.enrollment.start();
                        return quorum;
                    })
                    .recover(err -> quorum.close().transform(ignored -> Future.failedFuture(err)));
        });
    }

    /**
     * Waits until this node applied an image at least as new as its disk copy (a restored Raft state),
     * or the quorum's first image (the import; the leader's {@link UpgradeImport} chooses it).
     */
    private Future<Void> catchUp(boolean fresh, MetadataImage disk, Duration timeout) {
        if (!fresh && disk.epoch() > 0) {
            return awaitEpoch(disk.epoch(), timeout, "this node's last image");
        }
        return awaitEpoch(1, timeout, "the quorum's first image, imported from the voters' disk copies").onSuccess(v -> {
            MetadataImage now = metadata.current();
            if (fresh && disk.epoch() > 0 && !now.equals(disk)) {
                LOG.log(System.Logger.Level.WARNING, "metadata quorum: this node's disk copy at epoch " + disk.epoch()
                        + " is not the quorum's image (epoch " + now.epoch() + "): "
                        + (disk.epoch() > now.epoch() ? "it was not among the copies imported (this node started after "
                        + "the import), and the quorum's image replaces it" : "a newer copy was imported"));
            }
        });
    }

    private Future<Void> awaitEpoch(long epoch, Duration timeout, String what) {
        Promise<Void> done = Promise.promise();
        long deadline = System.nanoTime() + timeout.toNanos();
        vertx.setPeriodic(0, CATCH_UP_POLL_MS, id -> {
            if (metadata.current().epoch() >= epoch) {
                vertx.cancelTimer(id);
                done.tryComplete();
            } else if (System.nanoTime() > deadline) {
                vertx.cancelTimer(id);
                done.tryFail(new IllegalStateException("the metadata quorum did not reach epoch " + epoch + " (" + what
                        + ") within " + timeout.toMillis() + " ms; is a majority of cluster.voters "
                        + metadata.voters() + " up? this node is at epoch " + metadata.current().epoch()));
            }
        });
        return done.future();
    }

    /** Metadata context: the disk copy follows every newer image, written in order on a worker. */
    private void save(MetadataImage image) {
        if (image.epoch() <= savedEpoch) {
            return;
        }
        savedEpoch = image.epoch();
        saving = saving.transform(ignored -> vertx.executeBlocking(() -> {
            diskCopy.save(image);
            return null;
        }, true)).onFailure(err -> LOG.log(System.Logger.Level.WARNING, "cannot write the metadata disk copy at epoch "
                + image.epoch() + " (the quorum's log still has it)", err)).mapEmpty();
    }

    /** The controller is the Raft leader; Hazelcast's live-node view still feeds its decisions. */
    public ControllerRole controllerRole() {
        return new ControllerRole() {
            @Override
            public Future<Boolean> acting() {
                return metadata.quorumStatus().map(s -> leaderAtLastCheck = s.isLeader())
                        .otherwise(err -> leaderAtLastCheck = false);
            }

            @Override
            public boolean stillActing() {
                return leaderAtLastCheck;
            }

            @Override
            public void onAcquired(Runnable listener) {
                metadata.onLeadership(listener);
            }
        };
    }

    /**
     * Whether this node is fenced now (it lost the quorum's lease): what its partition leaders ask
     * at every write; see {@link LeaseFence}.
     */
    public LeaseFence fence() {
        return fence;
    }

    /**
     * Makes live node {@code nodeId} a voter (a learner is promoted; a node outside the group joins as a
     * voter at once), through the leader; answered once committed, with the voters after it. Fails with
     * {@link VoterChangeException}; see {@link VoterChanges}.
     */
    public Future<List<Integer>> addVoter(int nodeId) {
        return voterChanges.change(nodeId, true);
    }

    /**
     * Takes voter {@code nodeId} out of the group (MicroRaft's REMOVE_MEMBER: it no longer follows the
     * log; its node should be stopped), through the leader; answered once committed, with the voters
     * after it. Fails with {@link VoterChangeException}; see {@link VoterChanges}.
     */
    public Future<List<Integer>> removeVoter(int nodeId) {
        return voterChanges.change(nodeId, false);
    }

    /** The quorum's member on this node (status, leader, voters, learners). */
    public RaftClusterMetadata raft() {
        return metadata;
    }

    /** How many Raft messages this node's transport dropped (undecodable or unencodable). */
    public long droppedMessages() {
        return transport.droppedCount();
    }

    @Override
    public MetadataImage current() {
        return metadata.current();
    }

    @Override
    public Future<MetadataImage> update(UnaryOperator<MetadataImage> change) {
        return metadata.update(change);
    }

    @Override
    public void onChange(Consumer<MetadataImage> listener) {
        metadata.onChange(listener);
    }

    /** Stops taking forwarded proposals, terminates the Raft node (its store closes) and the transport. */
    @Override
    public Future<Void> close() {
        fence.stop();
        enrollment.stop();
        return upgradeImport.stop().transform(ignored -> voterChanges.stop()).transform(ignored -> forwarder.stop())
                .transform(ignored -> metadata.close())
                .transform(ignored -> transport.stop())
                .transform(ignored -> saving.otherwiseEmpty());
    }

    private static void closeQuietly(FileRaftStore store) {
        try {
            store.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the Raft store failed", e);
        }
    }

}

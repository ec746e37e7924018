package io.spate.cluster.raft;

import io.spate.cluster.MetadataImage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one-time import of the metadata a cluster of today's layout kept (each node's
 * {@code meta/cluster.json}, {@link io.spate.cluster.MetadataImageFile}) into a quorum whose image is
 * still the empty one, taking the <em>newest</em> copy (highest epoch), not the first to commit.
 *
 * <p>How: every voter answers, at {@code spate.raft.<group>.<node>.disk-copy}, with the copy it had
 * when it started (epoch 0: "I have none"). The Raft leader, while the image it applied is epoch 0,
 * asks every voter until each answered or {@link QuorumOptions#importWait()} passed; if at least a
 * majority answered it proposes {@link MetadataCommand.Import} of the newest copy among the answers
 * (or of an empty image at epoch 1 when all had none, which closes the import just the same), else it
 * tries again. Why nothing acknowledged is lost: a node completes its start only once it applied an
 * image of epoch &ge; 1 ({@link MetadataQuorum}), so no change is computed, proposed or acknowledged
 * before the import committed; the state machine applies an import only to the empty image, so
 * exactly one import ever applies (a second leader's, or a late copy, finds epoch &gt; 0 and is
 * refused), and it can never overwrite a later change. What it cannot do: a copy on a voter that is
 * not up within the wait while a majority is, is not considered (logged on that node when it starts).
 *
 * <p>Threading: the check runs on a Vert.x timer; one collection at a time ({@code collecting}).
 */
final class UpgradeImport {
    /** How often a voter checks whether it leads a quorum still waiting for its import, and asks again. */
    static final Duration CHECK_PERIOD = Duration.ofMillis(200);
    private static final System.Logger LOG = System.getLogger(UpgradeImport.class.getName());

    private final Vertx vertx;
    private final RaftClusterMetadata metadata;
    private final MetadataImage ownCopy;
    private final Duration wait;
    private final AtomicBoolean collecting = new AtomicBoolean();
    private MessageConsumer<String> consumer;
    private long timer = -1;
    private volatile boolean stopped;

    UpgradeImport(Vertx vertx, RaftClusterMetadata metadata, MetadataImage ownCopy, Duration wait) {
        this.vertx = vertx;
        this.metadata = metadata;
        this.ownCopy = ownCopy;
        this.wait = wait;
    }

    static String address(int nodeId) {
        return EventBusRaftTransport.address(RaftClusterMetadata.GROUP_ID, nodeId) + ".disk-copy";
    }

    /** Answers other voters' leaders with this node's copy (as it was at start). */
    Future<Void> serve() {
        consumer = vertx.eventBus().consumer(address(metadata.self().nodeId()), msg -> msg.reply(ownCopy.toJson()));
        return consumer.completion();
    }

    /** Starts checking whether this node leads a quorum that has not imported yet. */
    void start() {
        timer = vertx.setPeriodic(CHECK_PERIOD.toMillis(), id -> check());
    }

    Future<Void> stop() {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        return consumer == null ? Future.succeededFuture() : consumer.unregister();
    }

    private void check() {
        if (stopped || metadata.current().epoch() != 0 || !metadata.leader().equals(Optional.of(metadata.self()))
                || !collecting.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + wait.toNanos();
        List<SpateEndpoint> voters = new ArrayList<>(metadata.voters());
        voters.sort(Comparator.comparingInt(SpateEndpoint::nodeId));
        List<Future<Optional<MetadataImage>>> asked = voters.stream().map(v -> v.equals(metadata.self())
                ? Future.succeededFuture(Optional.of(ownCopy)) : ask(v, deadline)).toList();
        Future.join(asked).onComplete(ar -> {
            Map<Integer, MetadataImage> copies = new TreeMap<>();
            for (int i = 0; i < voters.size(); i++) {
                int id = voters.get(i).nodeId();
                asked.get(i).result().ifPresent(copy -> copies.put(id, copy));
            }
            decide(voters.size(), copies).onComplete(done -> collecting.set(false));
        });
    }

    /** Proposes the newest of {@code copies} if a majority of the {@code voterCount} voters answered. */
    private Future<Void> decide(int voterCount, Map<Integer, MetadataImage> copies) {
        String told = describe(copies);
        if (stopped || metadata.current().epoch() != 0) {
            return Future.succeededFuture();
        }
        if (copies.size() < voterCount / 2 + 1) {
            LOG.log(System.Logger.Level.WARNING, "metadata quorum: only " + copies.size() + " of " + voterCount
                    + " voters told their disk copies within " + wait.toMillis() + " ms (" + told
                    + "); a majority is needed before the first image is chosen: asking again");
            return Future.succeededFuture();
        }
        MetadataImage newest = copies.values().stream().max(Comparator.comparingLong(MetadataImage::epoch)).orElseThrow();
        MetadataImage imported = newest.epoch() > 0 ? newest : new MetadataImage(1, Map.of());
        return metadata.propose(new MetadataCommand.Import(imported)).map(answer -> {
            LOG.log(System.Logger.Level.INFO, "metadata quorum: " + (answer instanceof ProposalResult.Applied
                    ? (newest.epoch() > 0 ? "imported the newest disk copy, epoch " + newest.epoch()
                    : "no voter had a disk copy: the quorum starts empty at epoch 1")
                    : "an import committed already (the quorum is at epoch " + answer.image().epoch() + ")")
                    + "; copies told: " + told + (copies.size() < voterCount ? " (" + (voterCount - copies.size())
                    + " voter(s) did not answer within " + wait.toMillis() + " ms)" : ""));
            return (Void) null;
        }).recover(err -> {
            LOG.log(System.Logger.Level.INFO, "metadata quorum: the import of epoch " + imported.epoch()
                    + " was not committed here (" + err + "); the leader tries again");
            return Future.succeededFuture();
        });
    }

    /** A voter's copy, asked again until it answers or {@code deadline} passes (then empty). */
    private Future<Optional<MetadataImage>> ask(SpateEndpoint voter, long deadline) {
        Promise<Optional<MetadataImage>> result = Promise.promise();
        askOnce(voter, deadline, result);
        return result.future();
    }

    private void askOnce(SpateEndpoint voter, long deadline, Promise<Optional<MetadataImage>> result) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (stopped || left <= 0) {
            result.complete(Optional.empty());
            return;
        }
        vertx.eventBus().<String>request(address(voter.nodeId()), "", new DeliveryOptions().setSendTimeout(
                Math.max(1, Math.min(left, 2_000)))).onComplete(ar -> {
                    if (ar.succeeded()) {
                        try {
                            result.complete(Optional.of(MetadataImage.fromJson(ar.result().body())));
                        } catch (RuntimeException e) {
                            LOG.log(System.Logger.Level.WARNING, "node " + voter.nodeId() + " told an unreadable disk copy",
                                    e);
                            result.complete(Optional.empty());
                        }
                    } else {
                        // not up yet (no handler), or slow: ask again until the deadline
                        vertx.setTimer(CHECK_PERIOD.toMillis(), t -> askOnce(voter, deadline, result));
                    }
                });
    }

    private static String describe(Map<Integer, MetadataImage> copies) {
        StringBuilder sb = new StringBuilder();
        copies.forEach((id, copy) -> sb.append(sb.length() == 0 ? "" : ", ").append("node ").append(id).append(": ")
                .append(copy.epoch() == 0 ? "none" : "epoch " + copy.epoch()));
        return sb.length() == 0 ? "none" : sb.toString();
    }
}

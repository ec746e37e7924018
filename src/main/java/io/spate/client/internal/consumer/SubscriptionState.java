package io.spate.client.internal.consumer;

import io.spate.client.ConsumerRebalanceListener;
import io.spate.client.OffsetAndMetadata;
import io.spate.client.OffsetResetStrategy;
import io.spate.client.internal.network.NetworkClient;
import io.spate.protocol.TopicPartition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a consumer reads (internal): how it got its partitions ({@link Mode}: assigned by the user,
 * or by its group from a topic list or a pattern), the rebalance listener, and the partitions
 * themselves with their fetch states — the map the {@link Fetcher} works on.
 *
 * <p>Modes: NONE → USER_ASSIGNED (assign) or AUTO_TOPICS / AUTO_PATTERN (subscribe); back to NONE by
 * unsubscribe (or assign of nothing); USER_ASSIGNED and the AUTO modes exclude each other
 * ({@link IllegalStateException}).
 *
 * <p>Threading: {@link #setMode}, {@link #setUserAssignment}, {@link #mode()}, {@link #assignment()},
 * {@link #groupTopics()} and {@link #stateOf} may be called from any thread (the mode and a snapshot of the assignment are volatile); everything else
 * on the consumer's context.
 */
public final class SubscriptionState {
    enum Mode { NONE, USER_ASSIGNED, AUTO_TOPICS, AUTO_PATTERN }

    private final Map<TopicPartition, PartitionFetchState> partitions;
    private final Fetcher fetcher;
    private final NetworkClient network;
    private final OffsetResetStrategy resetStrategy;
    private volatile Mode mode = Mode.NONE;
    /** Immutable copy of {@link #partitions}, replaced on every change, for readers on other threads. */
    private volatile Map<TopicPartition, PartitionFetchState> snapshot = Map.of();
    /** The assigned partitions as the application sees them: set at once by assign(), else by publish. */
    private volatile Set<TopicPartition> assignmentView = Set.of();
    private Set<String> topics = Set.of();
    private Pattern pattern;
    private ConsumerRebalanceListener listener = ConsumerRebalanceListener.NONE;
    /** The topics the member asks for in its group: the list, or the pattern's matches. */
    private volatile Set<String> groupTopics = Set.of();

    public SubscriptionState(Map<TopicPartition, PartitionFetchState> partitions, Fetcher fetcher, NetworkClient network,
                             OffsetResetStrategy resetStrategy) {
        this.partitions = partitions;
        this.fetcher = fetcher;
        this.network = network;
        this.resetStrategy = resetStrategy;
    }

    /** Moves to {@code next} (any thread); refuses to mix assign() and subscribe(). */
    synchronized void setMode(Mode next) {
        boolean user = mode == Mode.USER_ASSIGNED || next == Mode.USER_ASSIGNED;
        if (next != Mode.NONE && mode != Mode.NONE && mode != next && user) {
            throw new IllegalStateException("assign() and subscribe() exclude each other: call unsubscribe() first");
        }
        mode = next;
    }

    Mode mode() {
        return mode;
    }

    boolean isGroupManaged() {
        Mode m = mode;
        return m == Mode.AUTO_TOPICS || m == Mode.AUTO_PATTERN;
    }

    Set<TopicPartition> assignment() {
        return assignmentView;
    }

    /** The user's assign() (any thread): the new assignment is visible at once, applied on the context. */
    void setUserAssignment(Set<TopicPartition> tps) {
        setMode(tps.isEmpty() ? Mode.NONE : Mode.USER_ASSIGNED);
        assignmentView = Set.copyOf(tps);
    }

    /** The state of an assigned partition (any thread; its position and high watermark are volatile). */
    PartitionFetchState stateOf(TopicPartition tp) {
        return snapshot.get(tp);
    }

    void subscribe(Collection<String> topicList, ConsumerRebalanceListener l) {
        topics = Set.copyOf(topicList);
        pattern = null;
        groupTopics = topics;
        listener = l;
        network.addTopics(topics);
    }

    void subscribe(Pattern p, ConsumerRebalanceListener l) {
        topics = Set.of();
        pattern = p;
        listener = l;
        network.trackAllTopics();
        matchPattern();
    }

    /** The topic names, copied; IllegalArgumentException for a null or blank one. */
    static Set<String> checkTopics(Collection<String> topicList) {
        for (String t : topicList) {
            if (t == null || t.isBlank()) {
                throw new IllegalArgumentException("topic names must not be null or blank: " + topicList);
            }
        }
        return Set.copyOf(topicList);
    }

    /** The user's seek: the next record handed out from {@code tp} is the one at {@code offset}. */
    void seek(TopicPartition tp, long offset) {
        PartitionFetchState st = partitions.get(tp);
        if (st != null) {
            st.seek(offset);
            fetcher.discard(tp);
            fetcher.wakeup();
        }
    }

    /** seekToBeginning / seekToEnd: the partitions look their position up again. */
    void seekToReset(Collection<TopicPartition> tps, OffsetResetStrategy strategy) {
        for (TopicPartition tp : tps) {
            PartitionFetchState st = partitions.get(tp);
            if (st != null) {
                st.transitionToAwaitingReset(strategy, true);
                fetcher.discard(tp);
            }
        }
        fetcher.wakeup();
    }

    void clearSubscription() {
        topics = Set.of();
        pattern = null;
        groupTopics = Set.of();
        listener = ConsumerRebalanceListener.NONE;
    }

    /** The topic names the user gave to subscribe(), empty for a pattern. */
    Set<String> subscribedTopics() {
        return topics;
    }

    ConsumerRebalanceListener listener() {
        return listener;
    }

    Set<String> groupTopics() {
        return groupTopics;
    }

    /**
     * Matches the pattern against the metadata's topics (internal topics excluded); true when the
     * matches changed. Always false for a topic list.
     */
    boolean matchPattern() {
        if (pattern == null) {
            return false;
        }
        Set<String> matched = new TreeSet<>();
        network.metadata().topics().forEach((name, t) -> {
            if (!t.internal() && pattern.matcher(name).matches()) {
                matched.add(name);
            }
        });
        if (matched.equals(groupTopics)) {
            return false;
        }
        groupTopics = Set.copyOf(matched);
        return true;
    }

    /** The user's assign(): exactly these partitions; kept ones keep their position. */
    void assignManual(Collection<TopicPartition> tps, boolean fromCommitted) {
        Set<TopicPartition> next = Set.copyOf(tps);
        List<TopicPartition> gone = new ArrayList<>();
        for (TopicPartition tp : partitions.keySet()) {
            if (!next.contains(tp)) {
                gone.add(tp);
            }
        }
        // no publish in between: the user's assign() already shows the new assignment, and an
        // intermediate view without the kept and new partitions would make position() or seek() fail
        drop(gone);
        add(tps, fromCommitted);
    }

    /**
     * Adds partitions (those already present are left alone); with {@code fromCommitted} they wait
     * in INITIALIZING for the committed offset, else they start per auto.offset.reset. Returns the
     * added ones.
     */
    List<TopicPartition> add(Collection<TopicPartition> tps, boolean fromCommitted) {
        List<TopicPartition> added = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (TopicPartition tp : tps) {
            if (!partitions.containsKey(tp)) {
                partitions.put(tp, fromCommitted ? PartitionFetchState.awaitingCommitted(resetStrategy)
                        : new PartitionFetchState(resetStrategy));
                added.add(tp);
            }
            names.add(tp.topic());
        }
        network.addTopics(names);
        publish();
        fetcher.wakeup();
        return added;
    }

    /** Stops fetching and handing out these partitions; their positions stay for a last commit. */
    void startRevoking(Collection<TopicPartition> tps) {
        for (TopicPartition tp : tps) {
            PartitionFetchState st = partitions.get(tp);
            if (st != null) {
                st.transitionToRevoking();
                fetcher.discard(tp);
            }
        }
    }

    void remove(Collection<TopicPartition> tps) {
        if (drop(tps)) {
            publish();
        }
    }

    /** Removes without publishing; whether anything was there. */
    private boolean drop(Collection<TopicPartition> tps) {
        boolean any = false;
        for (TopicPartition tp : tps) {
            if (partitions.remove(tp) != null) {
                fetcher.discard(tp);
                any = true;
            }
        }
        return any;
    }

    /** Applies committed offsets (null value or absent: none) to the partitions still INITIALIZING. */
    void applyCommitted(Collection<TopicPartition> tps, Map<TopicPartition, OffsetAndMetadata> committed) {
        for (TopicPartition tp : tps) {
            PartitionFetchState st = partitions.get(tp);
            if (st != null && st.state() == PartitionFetchState.State.INITIALIZING) {
                OffsetAndMetadata om = committed.get(tp);
                st.transitionFromCommitted(om == null ? null : om.offset());
            }
        }
        fetcher.wakeup();
    }

    /** The partitions still INITIALIZING among {@code tps}. */
    List<TopicPartition> initializing(Collection<TopicPartition> tps) {
        List<TopicPartition> out = new ArrayList<>();
        for (TopicPartition tp : tps) {
            PartitionFetchState st = partitions.get(tp);
            if (st != null && st.state() == PartitionFetchState.State.INITIALIZING) {
                out.add(tp);
            }
        }
        return out;
    }

    /** Every owned partition, in a stable order. */
    List<TopicPartition> owned() {
        return new ArrayList<>(new TreeSet<>(partitions.keySet()));
    }

    /** The positions to commit: every partition (of {@code among}, or all when null) with one. */
    Map<TopicPartition, OffsetAndMetadata> committablePositions(Collection<TopicPartition> among) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (Iterator<Map.Entry<TopicPartition, PartitionFetchState>> it = partitions.entrySet().iterator();
             it.hasNext(); ) {
            Map.Entry<TopicPartition, PartitionFetchState> e = it.next();
            if ((among == null || among.contains(e.getKey())) && e.getValue().hasCommittablePosition()) {
                out.put(e.getKey(), new OffsetAndMetadata(e.getValue().position()));
            }
        }
        return out;
    }

    private void publish() {
        snapshot = Map.copyOf(partitions);
        if (mode() != Mode.USER_ASSIGNED) {
            // with assign() the user's latest call is the assignment (set at once on the caller's thread);
            // the context applying an earlier call must not show that one again
            assignmentView = Set.copyOf(partitions.keySet());
        }
    }
}

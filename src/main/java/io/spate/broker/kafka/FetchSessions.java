package io.spate.broker.kafka;

import io.spate.broker.core.FetchPosition;
import io.spate.broker.core.PartitionRead;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Incremental fetch sessions (KIP-227), one cache per node: a consumer opens a session with a full
 * Fetch (session id 0, epoch 0) and then sends only what changed (partitions added or moved,
 * partitions forgotten) with the next epoch; the node answers only the partitions with news (records,
 * a changed high watermark, last stable offset or log start, or an error).
 *
 * <p>Requests by (session id, epoch): (0, -1) is a sessionless full fetch; (any, 0) closes the named
 * session, if any, and opens a new one; (id, -1) closes session {@code id} and is answered as
 * sessionless; (id, n &gt; 0) is incremental: an unknown id gets FETCH_SESSION_ID_NOT_FOUND, an epoch
 * other than the session's next one INVALID_FETCH_SESSION_EPOCH, and the client starts over with a
 * full fetch. At most {@code maxSessions} are kept; when full, the least recently used one is evicted
 * (its next incremental fetch gets FETCH_SESSION_ID_NOT_FOUND), as Kafka's cache does. Thread-safe:
 * connections on every event loop share it.
 */
final class FetchSessions {
    static final int FINAL_EPOCH = -1;
    static final int INITIAL_EPOCH = 0;

    private final int maxSessions;
    /** Access-ordered: the eldest is the least recently used. */
    private final LinkedHashMap<Integer, Session> sessions = new LinkedHashMap<>(16, 0.75f, true);

    FetchSessions(int maxSessions) {
        this.maxSessions = maxSessions;
    }

    /** A partition as the session last answered it, and where the client reads it from. */
    static final class Entry {
        FetchPosition position;
        long highWatermark = -1;
        long lastStableOffset = -1;
        long logStartOffset = -1;

        Entry(FetchPosition position) {
            this.position = position;
        }
    }

    /** One client's session: its partitions in the order they were added, and the epoch it expects next. */
    static final class Session {
        final int id;
        int nextEpoch = 1;
        final LinkedHashMap<TopicPartition, Entry> partitions = new LinkedHashMap<>();

        Session(int id) {
            this.id = id;
        }
    }

    /** What a Fetch request resolves to: the positions to read and how to shape the answer, or an error. */
    record Context(Session session, boolean incremental, Map<TopicPartition, FetchPosition> positions, ErrorCode error) {
        int sessionId() {
            return session == null ? 0 : session.id;
        }
    }

    /**
     * Resolves a request: {@code changed} are the partitions it names (with their positions), {@code forgotten}
     * those it drops (incremental requests only).
     */
    synchronized Context open(int sessionId, int epoch, Map<TopicPartition, FetchPosition> changed,
                              Iterable<TopicPartition> forgotten) {
        if (epoch == INITIAL_EPOCH || epoch == FINAL_EPOCH) {
            if (sessionId != 0) {
                sessions.remove(sessionId);
            }
            if (epoch == FINAL_EPOCH) {
                return new Context(null, false, changed, ErrorCode.NONE);
            }
            Session s = new Session(newId());
            changed.forEach((tp, p) -> s.partitions.put(tp, new Entry(p)));
            if (maxSessions > 0) {
                if (sessions.size() >= maxSessions) {
                    Iterator<Integer> eldest = sessions.keySet().iterator();
                    eldest.next();
                    eldest.remove();
                }
                sessions.put(s.id, s);
            }
            return new Context(maxSessions > 0 ? s : null, false, changed, ErrorCode.NONE);
        }
        Session s = sessions.get(sessionId);
        if (s == null) {
            return new Context(null, false, Map.of(), ErrorCode.FETCH_SESSION_ID_NOT_FOUND);
        }
        synchronized (s) {
            if (epoch != s.nextEpoch) {
                return new Context(null, false, Map.of(), ErrorCode.INVALID_FETCH_SESSION_EPOCH);
            }
            s.nextEpoch = s.nextEpoch == Integer.MAX_VALUE ? 1 : s.nextEpoch + 1;
            forgotten.forEach(s.partitions::remove);
            changed.forEach((tp, p) -> {
                Entry e = s.partitions.get(tp);
                if (e == null) {
                    s.partitions.put(tp, new Entry(p));
                } else {
                    e.position = p;
                }
            });
            Map<TopicPartition, FetchPosition> all = new LinkedHashMap<>();
            s.partitions.forEach((tp, e) -> all.put(tp, e.position));
            return new Context(s, true, all, ErrorCode.NONE);
        }
    }

    /**
     * Whether a read belongs in the answer, and records what it answered: always in a full answer;
     * in an incremental one only with records, an error, or a changed high watermark, last stable
     * offset or log start offset.
     */
    static boolean answer(Context context, TopicPartition tp, PartitionRead read) {
        if (context.session() == null) {
            return true;
        }
        synchronized (context.session()) {
            Entry e = context.session().partitions.get(tp);
            if (e == null) {
                return !context.incremental();
            }
            boolean news = read.sizeInBytes() > 0 || read.error() != ErrorCode.NONE
                    || read.highWatermark() != e.highWatermark || read.lastStableOffset() != e.lastStableOffset
                    || read.logStartOffset() != e.logStartOffset;
            e.highWatermark = read.highWatermark();
            e.lastStableOffset = read.lastStableOffset();
            e.logStartOffset = read.logStartOffset();
            return !context.incremental() || news;
        }
    }

    private int newId() {
        int id;
        do {
            id = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
        } while (sessions.containsKey(id));
        return id;
    }

    synchronized int size() {
        return sessions.size();
    }
}

package io.spate.txn;

import java.util.List;

/**
 * The coordinator's periodic work: aborting transactions open longer than their timeout (with an
 * epoch bump, so the producer that left them is fenced: Kafka's abortTimedOutTransactions), and
 * removing ids idle for {@code transactional.id.expiration.ms} (a tombstone in the topic). Only on
 * the coordinator's context.
 */
final class TxnMaintenance {
    private static final System.Logger LOG = System.getLogger(TxnMaintenance.class.getName());

    private final TxnConfig config;
    private final TxnRegistry registry;
    private final TxnStore store;
    private final TxnRequests requests;

    TxnMaintenance(TxnConfig config, TxnRegistry registry, TxnStore store, TxnRequests requests) {
        this.config = config;
        this.registry = registry;
        this.store = store;
        this.requests = requests;
    }

    /** Starts aborting every Ongoing transaction older than its timeout as of {@code nowMs}; how many. */
    int abortTimedOut(long nowMs) {
        int n = 0;
        for (TxnEntry e : List.copyOf(registry.all())) {
            TxnMetadata m = e.current;
            if (e.durable && e.pending == null && m.state() == TxnState.ONGOING && m.txnStartMs() + m.txnTimeoutMs() < nowMs) {
                LOG.log(System.Logger.Level.INFO, "aborting the transaction of '" + e.id() + "' (producer id "
                        + m.producerId() + ", epoch " + m.producerEpoch() + "): open for " + (nowMs - m.txnStartMs())
                        + " ms, its timeout is " + m.txnTimeoutMs() + " ms");
                requests.fenceAndAbort(e);
                n++;
            }
        }
        return n;
    }

    /** Starts removing every idle id not updated for transactional.id.expiration.ms as of {@code nowMs}; how many. */
    int expireIds(long nowMs) {
        int n = 0;
        for (TxnEntry e : List.copyOf(registry.all())) {
            TxnMetadata m = e.current;
            if (e.durable && e.pending == null && m.state().isIdle() && m.lastUpdateMs() + config.idExpirationMs() <= nowMs) {
                store.write(e, m.toDead(nowMs)).onComplete(ar -> LOG.log(System.Logger.Level.INFO, ar.succeeded()
                        ? "transactional id '" + e.id() + "' expired (unused since " + m.lastUpdateMs() + ")"
                        : "could not expire transactional id '" + e.id() + "': " + ar.cause().getMessage()));
                n++;
            }
        }
        return n;
    }
}

package io.spate.txn;

import io.spate.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** DescribeTransactions and ListTransactions over the loaded ids. Only on the coordinator's context. */
final class TxnQueries {
    private final TxnRegistry registry;

    TxnQueries(TxnRegistry registry) {
        this.registry = registry;
    }

    TxnDescription describe(String id) {
        if (id == null || id.isEmpty()) {
            return TxnDescription.error(id == null ? "" : id, ErrorCode.INVALID_REQUEST);
        }
        ErrorCode status = registry.status(id);
        if (status != ErrorCode.NONE) {
            return TxnDescription.error(id, status);
        }
        TxnEntry e = registry.get(id);
        return e == null || !e.durable ? TxnDescription.error(id, ErrorCode.TRANSACTIONAL_ID_NOT_FOUND)
                : TxnDescription.of(e.current);
    }

    /**
     * @param states      wire state names to keep (empty: all); unknown ones are reported back
     * @param producerIds producer ids to keep (empty: all)
     * @param durationMs  -1, or keep only transactions open for at least this long as of {@code nowMs}
     */
    TxnListing list(List<String> states, Set<Long> producerIds, long durationMs, long nowMs) {
        List<String> unknown = new ArrayList<>();
        Set<TxnState> wanted = java.util.EnumSet.noneOf(TxnState.class);
        for (String s : states) {
            TxnState st = TxnState.forWireName(s);
            if (st == null) {
                unknown.add(s);
            } else {
                wanted.add(st);
            }
        }
        if (registry.anyLoading()) {
            return new TxnListing(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, unknown, List.of());
        }
        List<TxnListing.Listed> out = new ArrayList<>();
        boolean anyKnownStateAsked = !states.isEmpty() && !wanted.isEmpty();
        for (TxnEntry e : registry.all()) {
            TxnMetadata m = e.current;
            if (!e.durable || (!states.isEmpty() && (!anyKnownStateAsked || !wanted.contains(m.state())))
                    || (!producerIds.isEmpty() && !producerIds.contains(m.producerId()))
                    || (durationMs >= 0 && (m.txnStartMs() < 0 || m.state().isIdle() || nowMs - m.txnStartMs() < durationMs))) {
                continue;
            }
            out.add(new TxnListing.Listed(m.transactionalId(), m.producerId(), m.state()));
        }
        out.sort(Comparator.comparing(TxnListing.Listed::transactionalId));
        return new TxnListing(ErrorCode.NONE, unknown, out);
    }
}

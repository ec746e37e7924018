package io.spate.txn;

import io.spate.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The partitions of {@code __transaction_state} this coordinator serves and the transactional ids
 * of each. A partition is absent (NOT_COORDINATOR), loading (COORDINATOR_LOAD_IN_PROGRESS) or
 * loaded; each load is a new {@link Load}, so work begun under an older load (a write, markers)
 * can tell it no longer owns the id. Only on the coordinator's context.
 */
final class TxnRegistry {
    /** One load of one partition, with the coordinator epoch (the partition's leader epoch) it serves under. */
    static final class Load {
        final int partition;
        final int coordinatorEpoch;
        boolean loaded;
        final Map<String, TxnEntry> entries = new HashMap<>();

        Load(int partition, int coordinatorEpoch) {
            this.partition = partition;
            this.coordinatorEpoch = coordinatorEpoch;
        }
    }

    private final Load[] loads;

    TxnRegistry(int partitionCount) {
        this.loads = new Load[partitionCount];
    }

    int partitionCount() {
        return loads.length;
    }

    /** Kafka's rule: {@code Utils.abs(transactionalId.hashCode()) % partitions}, abs being {@code & 0x7fffffff}. */
    int partitionFor(String transactionalId) {
        return (transactionalId.hashCode() & 0x7fffffff) % loads.length;
    }

    Load load(int partition) {
        return loads[partition];
    }

    void load(int partition, Load load) {
        loads[partition] = load;
    }

    /** NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS or NONE for the id's partition. */
    ErrorCode status(String transactionalId) {
        Load l = loads[partitionFor(transactionalId)];
        return l == null ? ErrorCode.NOT_COORDINATOR : l.loaded ? ErrorCode.NONE : ErrorCode.COORDINATOR_LOAD_IN_PROGRESS;
    }

    /** The id's entry, or null (also when its partition is not loaded). */
    TxnEntry get(String transactionalId) {
        Load l = loads[partitionFor(transactionalId)];
        return l == null || !l.loaded ? null : l.entries.get(transactionalId);
    }

    /** Whether {@code e} is still the entry its id has here (its partition was not unloaded or reloaded since). */
    boolean owns(TxnEntry e) {
        Load l = loads[e.owner.partition];
        return l == e.owner && l.loaded && l.entries.get(e.id()) == e;
    }

    /** Every entry of every loaded partition. */
    List<TxnEntry> all() {
        List<TxnEntry> out = new ArrayList<>();
        for (Load l : loads) {
            if (l != null && l.loaded) {
                out.addAll(l.entries.values());
            }
        }
        return out;
    }

    boolean anyLoading() {
        for (Load l : loads) {
            if (l != null && !l.loaded) {
                return true;
            }
        }
        return false;
    }
}

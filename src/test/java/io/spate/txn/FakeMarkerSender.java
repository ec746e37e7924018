package io.spate.txn;

import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Markers recorded instead of sent: each partition answers NONE unless the test set another error
 * for it (or holds every answer). Thread-safe.
 */
final class FakeMarkerSender implements TxnMarkerSender {
    private final List<TxnMarker> sent = new ArrayList<>();
    private final Map<TopicPartition, ErrorCode> errors = new LinkedHashMap<>();
    private boolean unreachable;

    @Override
    public synchronized Future<Map<TopicPartition, ErrorCode>> send(TxnMarker marker) {
        sent.add(marker);
        if (unreachable) {
            return Future.failedFuture(ErrorCode.NETWORK_EXCEPTION.exception("injected: leader unreachable"));
        }
        Map<TopicPartition, ErrorCode> out = new LinkedHashMap<>();
        marker.partitions().forEach(tp -> out.put(tp, errors.getOrDefault(tp, ErrorCode.NONE)));
        return Future.succeededFuture(out);
    }

    synchronized void fail(TopicPartition tp, ErrorCode error) {
        if (error == null) {
            errors.remove(tp);
        } else {
            errors.put(tp, error);
        }
    }

    synchronized void unreachable(boolean value) {
        unreachable = value;
    }

    synchronized List<TxnMarker> sent() {
        return List.copyOf(sent);
    }
}

package io.spate.broker.wire;

import io.spate.broker.core.Broker;
import io.spate.common.Time;
import io.spate.group.GroupCoordinator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.Function;
import java.util.function.IntSupplier;

/** The native protocol's listener: a {@link RequestListener} whose connections answer as requests complete. */
public final class NativeListener {
    private NativeListener() {
    }

    /**
     * @param broker       the request logic, given the bound port (known once the socket is bound)
     * @param transactions the transaction coordinator serving InitProducerId with a transactional id
     *                     and the transaction APIs (null: they are refused)
     */
    public static Future<RequestListener> start(Vertx vertx, Function<IntSupplier, Broker> broker, GroupCoordinator groups,
                                                io.spate.txn.TransactionCoordinator transactions, ListenerOptions options,
                                                RequestListener.Shared shared, Time time) {
        return RequestListener.start(vertx, "native",
                port -> new NativeFrames(new NativeRequestHandler(broker.apply(port), groups, transactions)),
                false, options, shared, time);
    }
}

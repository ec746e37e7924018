package io.spate.broker.core;

import io.spate.protocol.ErrorCode;
import java.util.List;

/** One partition's answer to DescribeProducers: its producers, or why there are none. */
public record DescribedProducers(ErrorCode error, String errorMessage, List<ProducerDescription> producers) {
    /** Every producer {@code state} holds (the partition's owner context reads it). */
    static DescribedProducers of(io.spate.log.ProducerStateManager state) {
        return new DescribedProducers(ErrorCode.NONE, null, state.entries().stream()
                .map(e -> new ProducerDescription(e.producerId(), e.epoch(), e.lastSequence(), e.lastTimestamp(),
                        e.coordinatorEpoch(), e.currentTxnFirstOffset())).toList());
    }

    public static DescribedProducers failed(ErrorCode error, String message) {
        return new DescribedProducers(error, message, List.of());
    }
}

package io.spate.broker.core;

import io.spate.protocol.ErrorCode;
import java.util.List;

/** One partition's answer to DescribeProducers: its producers, or why there are none. */
public record DescribedProducers(ErrorCode error, String errorMessage, List<ProducerDescription> producers) {
    public static DescribedProducers failed(ErrorCode error, String message) {
        return new DescribedProducers(error, message, List.of());
    }
}

package io.spate.txn;

/** A producer's identity on the wire: its id and epoch (a higher epoch fences the lower ones). */
public record ProducerIdAndEpoch(long producerId, short epoch) {
}

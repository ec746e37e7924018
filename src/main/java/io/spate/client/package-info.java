/**
 * Spate's Java client: {@link io.spate.client.SpateProducer}, {@link io.spate.client.SpateConsumer}
 * and {@link io.spate.client.SpateAdmin}, their configs and the values they take and give.
 *
 * <p>It is the library {@code io.spate:spate-client} ({@code target/spate-client.jar}; {@code mvn
 * install} installs it with its POM), which depends on {@code io.vertx:vertx-core} and, at run
 * time, on lz4-java, snappy-java and zstd-jni for compressed batches. The README shows a complete
 * program and both ways to depend on it.
 *
 * <h2>Which calls block</h2>
 * <ul>
 * <li><b>Futures.</b> Every call that talks to the cluster returns a Vert.x {@link io.vertx.core.Future}
 *     at once and never blocks: {@code send}, {@code flush}, {@code partitionsFor}, every
 *     {@code SpateAdmin} call, the consumer's {@code commitAsync}, {@code pollAsync},
 *     {@code committed}, {@code position}, {@code offsetsForTimes}, {@code beginningOffsets},
 *     {@code endOffsets}, {@code unsubscribe}, and {@code close} of all three. Compose them, or wait
 *     for one with {@link io.spate.client.Blocking#await}. Where Kafka's namesake blocks
 *     ({@code flush}, {@code close}, {@code partitionsFor}, {@code committed}, {@code position}),
 *     this one returns a Future: ignoring it does not wait.</li>
 * <li><b>Blocking.</b> Exactly three calls block the calling thread, those of Kafka's consumer
 *     loop, each the blocking form of a Future-returning twin named {@code …Async}:
 *     {@link io.spate.client.SpateConsumer#poll(java.time.Duration)} ({@code pollAsync}),
 *     {@link io.spate.client.SpateConsumer#commitSync()} and {@code commitSync(Map)}
 *     ({@code commitAsync}); and {@link io.spate.client.Blocking#await} blocks on any Future.
 *     Each throws {@link java.lang.IllegalStateException} on a Vert.x thread (an event loop, so
 *     also in a rebalance listener or a Future's callback), where blocking would stall the very
 *     context that must complete the wait.</li>
 * <li><b>At once.</b> Calls that only change or read the client's own state neither block nor
 *     return a Future: {@code assign}, {@code subscribe}, {@code seek}, {@code seekToBeginning},
 *     {@code seekToEnd}, {@code pause}, {@code resume}, {@code fetch}, {@code handler},
 *     {@code assignment}, {@code subscription}, {@code currentLag}, {@code groupMetadata}. Changes
 *     are queued on the client's context in call order, so a poll after a seek sees the seek.</li>
 * </ul>
 *
 * <p>Errors: a failed Future (or the exception of a blocking call) carries a
 * {@link io.spate.protocol.SpateException} with the broker's {@link io.spate.protocol.ErrorCode};
 * misuse — a bad argument, a call in the wrong state, a consumer call that needs a group without
 * {@code group.id} — throws at the call.
 *
 * <p>Threading: every method may be called from any thread. Each client has one event-loop
 * context of its own (on its own Vert.x instance, or on the caller's), where its state lives and
 * its Futures and handlers complete.
 *
 * <p>The machinery is in {@code io.spate.client.internal.*} (not API: it may change at any time);
 * the partition assignors are in {@link io.spate.client.assignor}.
 */
package io.spate.client;

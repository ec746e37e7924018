package io.spate.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.FetchRequest;
import io.spate.protocol.FetchResponse;
import io.spate.protocol.FrameParser;
import io.spate.protocol.Frames;
import io.spate.protocol.InitProducerIdResponse;
import io.spate.protocol.ListOffsetsRequest;
import io.spate.protocol.ListOffsetsResponse;
import io.spate.protocol.Message;
import io.spate.protocol.MetadataRequest;
import io.spate.protocol.MetadataResponse;
import io.spate.protocol.ProduceRequest;
import io.spate.protocol.ProduceResponse;
import io.spate.protocol.RequestHeader;
import io.spate.protocol.ResponseHeader;
import io.spate.protocol.TopicPartition;
import io.spate.record.Record;
import io.spate.record.RecordBatch;
import io.spate.transport.SocketIo;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * A tiny broker for client tests: a Vert.x NetServer on 127.0.0.1, port 0, that speaks the
 * protocol with the real codecs. By default it answers Metadata (every known topic led by this
 * node), Produce (appends batches to an in-memory log, stamping base offsets), Fetch (whole stored
 * batches from the one holding the offset) and ListOffsets; a test replaces any handler with
 * {@link #on} to inject errors, delays, silence or disconnects. Handlers run on the server's
 * event loop; the collections are thread-safe so tests may read them.
 *
 * <p>Idempotent producers: InitProducerId answers a new producer id at epoch 0, and Produce follows
 * the broker's contract for a batch with a producer id (Kafka 2.5+): per partition and producer id
 * the epoch and the last 5 batches' sequence ranges; a lower epoch is INVALID_PRODUCER_EPOCH, a higher
 * one must start at sequence 0, a batch equal to a cached one is a duplicate (answered NONE with its
 * first base offset, not appended), any other must follow the last sequence, else
 * OUT_OF_ORDER_SEQUENCE_NUMBER; an unknown producer id may start anywhere; the partition's data must
 * be exactly that one batch, else INVALID_RECORD.
 *
 * <p>Transactions: Fetch and ListOffsets are read and answered in the request's version; a version 1
 * Fetch answer lists those {@link #abortedTransactions} of the partition that overlap the fetched
 * range (ABORT marker at or after the fetch offset), as a broker reads them from its transaction
 * index, and gives the log end as last stable offset. The
 * transaction APIs are served by {@link FakeTransactions}, installed on top.
 */
public final class FakeBroker {
    public interface Handler {
        void handle(Request request);
    }

    /** One received request; respond (now or later, in any order), stay silent, or close. */
    public final class Request {
        public final RequestHeader header;
        public final ByteBuf body;
        public final NetSocket socket;

        public Request(RequestHeader header, ByteBuf body, NetSocket socket) {
            this.header = header;
            this.body = body;
            this.socket = socket;
        }

        public void respond(Message message) {
            write(socket, new ResponseHeader(header.correlationId(), ErrorCode.NONE, null), message);
        }

        public void respondError(ErrorCode error, String message) {
            write(socket, new ResponseHeader(header.correlationId(), error, message), null);
        }
    }

    public final int nodeId;
    public final List<Request> received = new CopyOnWriteArrayList<>();
    public final Map<String, Integer> topics = new ConcurrentHashMap<>();
    public final Map<TopicPartition, List<ByteBuffer>> log = new ConcurrentHashMap<>();
    private final Map<ApiKey, Handler> handlers = new ConcurrentHashMap<>();
    private final List<NetSocket> sockets = new CopyOnWriteArrayList<>();
    private final Vertx vertx;
    private volatile Function<List<String>, MetadataResponse> metadata = this::defaultMetadata;
    private NetServer server;
    /** Per partition, per producer id: its epoch and last 5 batches (guarded by this). */
    private final Map<TopicPartition, Map<Long, ProducerEntry>> producers = new HashMap<>();
    private final AtomicLong nextProducerId = new AtomicLong(1000);
    /** Idempotent batches answered as duplicates (not appended again). */
    public final AtomicInteger duplicates = new AtomicInteger();
    /** Idempotent batches refused with OUT_OF_ORDER_SEQUENCE_NUMBER. */
    public final AtomicInteger outOfOrder = new AtomicInteger();
    /** Per partition, the aborted transactions a version 1 Fetch answer lists when they overlap it. */
    public final Map<TopicPartition, List<Aborted>> abortedTransactions = new ConcurrentHashMap<>();

    /** An aborted transaction of a partition: its producer, first offset and ABORT marker's offset. */
    public record Aborted(long producerId, long firstOffset, long lastOffset) {
    }
    /** The isolation level of each ListOffsets request received, in order. */
    public final List<Byte> listOffsetsIsolation = new CopyOnWriteArrayList<>();

    private record BatchMeta(int firstSeq, int lastSeq, long baseOffset) {
    }

    private static final class ProducerEntry {
        short epoch;
        final Deque<BatchMeta> last = new ArrayDeque<>();
    }

    private FakeBroker(Vertx vertx, int nodeId) {
        this.vertx = vertx;
        this.nodeId = nodeId;
        handlers.put(ApiKey.METADATA, r -> r.respond(metadata.apply(MetadataRequest.readFrom(r.body.duplicate()).topics())));
        handlers.put(ApiKey.PRODUCE, this::produceDefault);
        handlers.put(ApiKey.FETCH, this::fetch);
        handlers.put(ApiKey.LIST_OFFSETS, this::listOffsets);
        handlers.put(ApiKey.INIT_PRODUCER_ID, r -> r.respond(new InitProducerIdResponse(ErrorCode.NONE, null,
                nextProducerId.getAndIncrement(), (short) 0)));
    }

    public static FakeBroker start(Vertx vertx, int nodeId) {
        FakeBroker b = new FakeBroker(vertx, nodeId);
        b.server = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0));
        b.server.connectHandler(b::accept);
        Blocking.await(b.server.listen(), Duration.ofSeconds(10));
        return b;
    }

    public int port() {
        return server.actualPort();
    }

    public String address() {
        return "127.0.0.1:" + port();
    }

    public FakeBroker topic(String name, int partitions) {
        topics.put(name, partitions);
        return this;
    }

    public void on(ApiKey key, Handler handler) {
        handlers.put(key, handler);
    }

    /** Replaces the Metadata answer: a function of the asked topics (null = all). */
    public void metadata(Function<List<String>, MetadataResponse> supplier) {
        metadata = supplier;
    }

    public List<Request> requests(ApiKey key) {
        return received.stream().filter(r -> r.header.apiKey() == key).toList();
    }

    public void closeConnections() {
        sockets.forEach(NetSocket::close);
    }

    public void stop() {
        Blocking.await(server.close(), Duration.ofSeconds(10));
    }

    private void accept(NetSocket socket) {
        sockets.add(socket);
        FrameParser parser = new FrameParser(FrameParser.DEFAULT_MAX_FRAME_BYTES, frame -> {
            RequestHeader header = RequestHeader.readFrom(frame);
            Request r = new Request(header, Unpooled.copiedBuffer(frame), socket);
            received.add(r);
            Handler h = handlers.get(header.apiKey());
            if (h == null) {
                r.respondError(ErrorCode.UNSUPPORTED_VERSION, "fake broker has no " + header.apiKey());
            } else {
                h.handle(r);
            }
        });
        socket.handler(buf -> parser.feed(SocketIo.byteBuf(buf)));
        socket.closeHandler(v -> parser.release());
    }

    private static void write(NetSocket socket, ResponseHeader header, Message body) {
        ByteBuf frame = Frames.encodeResponse(ByteBufAllocator.DEFAULT, header, body);
        byte[] bytes = new byte[frame.readableBytes()];
        frame.readBytes(bytes);
        frame.release();
        socket.write(io.vertx.core.buffer.Buffer.buffer(bytes));
    }

    /** This node alone, leading every partition of every known topic; unknown asked topics get an error. */
    public MetadataResponse defaultMetadata(List<String> asked) {
        return metadataFor(asked, List.of(this), tp -> nodeId);
    }

    /** Metadata listing {@code nodes}, with {@code leader.apply(tp)} leading each partition. */
    public MetadataResponse metadataFor(List<String> asked, List<FakeBroker> nodes, ToIntFunction<TopicPartition> leader) {
        List<MetadataResponse.Broker> brokers = new ArrayList<>();
        for (FakeBroker n : nodes) {
            brokers.add(new MetadataResponse.Broker(n.nodeId, "127.0.0.1", n.port(), null));
        }
        List<MetadataResponse.TopicMetadata> out = new ArrayList<>();
        for (String t : asked == null ? List.copyOf(topics.keySet()) : asked) {
            Integer count = topics.get(t);
            if (count == null) {
                out.add(new MetadataResponse.TopicMetadata(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, t, false, List.of()));
                continue;
            }
            List<MetadataResponse.PartitionMetadata> parts = new ArrayList<>();
            for (int p = 0; p < count; p++) {
                int l = leader.applyAsInt(new TopicPartition(t, p));
                parts.add(new MetadataResponse.PartitionMetadata(ErrorCode.NONE, p, l, 0, List.of(l), List.of(l)));
            }
            out.add(new MetadataResponse.TopicMetadata(ErrorCode.NONE, t, false, parts));
        }
        return new MetadataResponse(brokers, "fake-cluster", nodes.get(0).nodeId, out);
    }

    /** Appends one batch (bytes copied) at the log end, stamping its base offset; returns the base offset. */
    public synchronized long append(TopicPartition tp, ByteBuffer batch) {
        List<ByteBuffer> batches = log.computeIfAbsent(tp, k -> new CopyOnWriteArrayList<>());
        long base = endOffset(tp);
        ByteBuffer copy = ByteBuffer.allocate(batch.remaining()).put(batch.duplicate()).flip();
        copy.putLong(RecordBatch.BASE_OFFSET_OFFSET, base);
        batches.add(copy);
        return base;
    }

    public long endOffset(TopicPartition tp) {
        List<ByteBuffer> batches = log.getOrDefault(tp, List.of());
        if (batches.isEmpty()) {
            return 0;
        }
        return new RecordBatch(batches.get(batches.size() - 1), 0).nextOffset();
    }

    /** Every record appended to a partition, in offset order. */
    public List<Record> records(TopicPartition tp) {
        List<Record> out = new ArrayList<>();
        for (ByteBuffer b : log.getOrDefault(tp, List.of())) {
            out.addAll(new RecordBatch(b, 0).records());
        }
        return out;
    }

    /** The default Produce answer: append every batch, answer with base offsets (none for acks=0). */
    public void produceDefault(Request r) {
        ProduceRequest req = ProduceRequest.readFrom(r.body.duplicate());
        List<ProduceResponse.TopicResponse> topicsOut = new ArrayList<>();
        for (ProduceRequest.TopicData t : req.topics()) {
            List<ProduceResponse.PartitionResponse> parts = new ArrayList<>();
            for (ProduceRequest.PartitionData p : t.partitions()) {
                parts.add(appendPartition(new TopicPartition(t.name(), p.partition()), p.records().nioBuffer()));
            }
            topicsOut.add(new ProduceResponse.TopicResponse(t.name(), parts));
        }
        if (req.acks() != 0) {
            r.respond(new ProduceResponse(topicsOut));
        }
    }

    /**
     * A partition's data of a Produce request, appended as the broker would (the idempotence contract
     * for a batch with a producer id); the partition's answer.
     */
    public synchronized ProduceResponse.PartitionResponse appendPartition(TopicPartition tp, ByteBuffer bytes) {
        List<RecordBatch> batches = new ArrayList<>();
        RecordBatch.batches(bytes).forEach(batches::add);
        boolean idempotent = batches.stream().anyMatch(b -> b.producerId() >= 0);
        if (idempotent && batches.size() != 1) {
            return answer(tp, ErrorCode.INVALID_RECORD, tp + ": an idempotent batch must be alone", -1);
        }
        if (idempotent) {
            RecordBatch b = batches.get(0);
            int first = b.baseSequence();
            int last = (int) ((first + (long) b.lastOffsetDelta()) % (Integer.MAX_VALUE + 1L));
            ProducerEntry e = producers.computeIfAbsent(tp, k -> new HashMap<>()).get(b.producerId());
            if (e != null) {
                if (b.producerEpoch() < e.epoch) {
                    return answer(tp, ErrorCode.INVALID_PRODUCER_EPOCH, tp + ": epoch " + b.producerEpoch()
                            + " < " + e.epoch, -1);
                }
                if (b.producerEpoch() > e.epoch) {
                    if (first != 0) {
                        outOfOrder.incrementAndGet();
                        return answer(tp, ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, tp + ": new epoch starts at " + first, -1);
                    }
                } else {
                    for (BatchMeta m : e.last) {
                        if (m.firstSeq() == first && m.lastSeq() == last) {
                            duplicates.incrementAndGet();
                            return answer(tp, ErrorCode.NONE, null, m.baseOffset());
                        }
                    }
                    int expected = e.last.isEmpty() ? 0 : (int) ((e.last.peekLast().lastSeq() + 1L) % (Integer.MAX_VALUE + 1L));
                    if (first != expected) {
                        outOfOrder.incrementAndGet();
                        return answer(tp, ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, tp + ": sequence " + first
                                + ", expected " + expected, -1);
                    }
                }
            }
            long base = append(tp, bytes.duplicate().position(b.position()).limit(b.position() + b.sizeInBytes()).slice());
            if (e == null || b.producerEpoch() > e.epoch) {
                e = new ProducerEntry();
                e.epoch = b.producerEpoch();
                producers.get(tp).put(b.producerId(), e);
            }
            e.last.addLast(new BatchMeta(first, last, base));
            if (e.last.size() > 5) {
                e.last.removeFirst();
            }
            return answer(tp, ErrorCode.NONE, null, base);
        }
        long base = -1;
        for (RecordBatch b : batches) {
            ByteBuffer one = bytes.duplicate();
            one.position(b.position()).limit(b.position() + b.sizeInBytes());
            long o = append(tp, one.slice());
            base = base < 0 ? o : base;
        }
        return answer(tp, ErrorCode.NONE, null, base);
    }

    private static ProduceResponse.PartitionResponse answer(TopicPartition tp, ErrorCode error, String message, long base) {
        return new ProduceResponse.PartitionResponse(tp.partition(), error, message, base, -1, 0);
    }

    /** Forgets every producer's state (as after producer.id.expiration.ms): any sequence is taken next. */
    public synchronized void forgetProducers() {
        producers.clear();
    }

    /**
     * A Produce handler that checks batches as a topic's {@code max.message.bytes} does: a partition
     * whose data holds a batch above {@code maxBatchBytes} is refused whole with MESSAGE_TOO_LARGE
     * (the broker's message, naming the partition), the others are appended as by default.
     */
    public Handler refusingBatchesAbove(int maxBatchBytes) {
        return r -> {
            ProduceRequest req = ProduceRequest.readFrom(r.body.duplicate());
            List<ProduceResponse.TopicResponse> topicsOut = new ArrayList<>();
            for (ProduceRequest.TopicData t : req.topics()) {
                List<ProduceResponse.PartitionResponse> parts = new ArrayList<>();
                for (ProduceRequest.PartitionData p : t.partitions()) {
                    TopicPartition tp = new TopicPartition(t.name(), p.partition());
                    ByteBuffer bytes = p.records().nioBuffer();
                    String refused = null;
                    for (RecordBatch b : RecordBatch.batches(bytes)) {
                        if (refused == null && b.sizeInBytes() > maxBatchBytes) {
                            refused = tp + ": invalid batch at position " + b.position() + " (TOO_LARGE): batch of "
                                    + b.sizeInBytes() + " bytes exceeds the limit of " + maxBatchBytes;
                        }
                    }
                    parts.add(refused == null ? appendPartition(tp, bytes)
                            : answer(tp, ErrorCode.MESSAGE_TOO_LARGE, refused, -1));
                }
                topicsOut.add(new ProduceResponse.TopicResponse(t.name(), parts));
            }
            r.respond(new ProduceResponse(topicsOut));
        };
    }

    private void fetch(Request r) {
        answerFetch(r, FetchRequest.readFrom(r.body.duplicate(), r.header.apiVersion()), true);
    }

    private void answerFetch(Request r, FetchRequest req, boolean mayWait) {
        List<FetchResponse.TopicData> out = new ArrayList<>();
        for (FetchRequest.TopicData t : req.topics()) {
            List<FetchResponse.PartitionData> parts = new ArrayList<>();
            for (FetchRequest.PartitionData p : t.partitions()) {
                TopicPartition tp = new TopicPartition(t.name(), p.partition());
                FetchResponse.PartitionData d = fetchPartition(tp, p.fetchOffset(), p.partitionMaxBytes());
                if (req.version() >= 1) {
                    d = new FetchResponse.PartitionData(d.partition(), d.error(), d.errorMessage(), d.highWatermark(),
                            d.logStartOffset(), d.records(), d.highWatermark(),
                            abortedTransactions.getOrDefault(tp, List.of()).stream()
                                    .filter(a -> a.lastOffset() >= p.fetchOffset())
                                    .map(a -> new FetchResponse.AbortedTransaction(a.producerId(), a.firstOffset()))
                                    .toList());
                }
                parts.add(d);
            }
            out.add(new FetchResponse.TopicData(t.name(), parts));
        }
        boolean empty = out.stream().flatMap(t -> t.partitions().stream())
                .allMatch(p -> p.error() == ErrorCode.NONE && (p.records() == null || !p.records().isReadable()));
        if (empty && mayWait && req.maxWaitMs() > 0) {
            // long poll, simplified: look once more after max_wait_ms and answer with what is there
            vertx.setTimer(req.maxWaitMs(), id -> answerFetch(r, req, false));
            return;
        }
        r.respond(new FetchResponse(out, req.version()));
    }

    public FetchResponse.PartitionData fetchPartition(TopicPartition tp, long offset, int maxBytes) {
        long end = endOffset(tp);
        if (!topics.containsKey(tp.topic())) {
            return new FetchResponse.PartitionData(tp.partition(), ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, null, -1, -1, null);
        }
        if (offset < 0 || offset > end) {
            return new FetchResponse.PartitionData(tp.partition(), ErrorCode.OFFSET_OUT_OF_RANGE,
                    "offset " + offset + " not in [0, " + end + "]", end, 0, null);
        }
        ByteBuf records = Unpooled.buffer();
        for (ByteBuffer b : log.getOrDefault(tp, List.of())) {
            RecordBatch batch = new RecordBatch(b, 0);
            if (batch.nextOffset() <= offset) {
                continue;
            }
            if (records.isReadable() && records.readableBytes() + b.remaining() > maxBytes) {
                break;
            }
            records.writeBytes(b.duplicate());
        }
        return new FetchResponse.PartitionData(tp.partition(), ErrorCode.NONE, null, end, 0, records);
    }

    private void listOffsets(Request r) {
        ListOffsetsRequest req = ListOffsetsRequest.readFrom(r.body.duplicate(), r.header.apiVersion());
        listOffsetsIsolation.add(req.isolationLevel());
        List<ListOffsetsResponse.TopicResponse> out = new ArrayList<>();
        for (ListOffsetsRequest.TopicData t : req.topics()) {
            List<ListOffsetsResponse.PartitionResponse> parts = new ArrayList<>();
            for (ListOffsetsRequest.PartitionData p : t.partitions()) {
                TopicPartition tp = new TopicPartition(t.name(), p.partition());
                long offset;
                long ts = -1;
                if (p.timestamp() == ListOffsetsRequest.EARLIEST_TIMESTAMP) {
                    offset = 0;
                } else if (p.timestamp() == ListOffsetsRequest.LATEST_TIMESTAMP) {
                    offset = endOffset(tp);
                } else {
                    offset = -1;
                    for (Record rec : records(tp)) {
                        if (rec.timestamp() >= p.timestamp()) {
                            offset = rec.offset();
                            ts = rec.timestamp();
                            break;
                        }
                    }
                }
                parts.add(new ListOffsetsResponse.PartitionResponse(p.partition(), ErrorCode.NONE, null, ts, offset));
            }
            out.add(new ListOffsetsResponse.TopicResponse(t.name(), parts));
        }
        r.respond(new ListOffsetsResponse(out));
    }
}

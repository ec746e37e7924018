import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * The ceiling of a Kafka producer on this machine, for scripts/bench/compare-kafka.sh: a "broker"
 * that speaks just enough of Kafka's protocol for kafka-producer-perf-test (ApiVersions, Metadata,
 * InitProducerId, Produce) and stores nothing. Every Produce is answered at once with made-up
 * offsets, so a perf run against it measures what the client alone can send when the broker costs
 * nothing: no broker, Kafka's or Spate's, can make the same client go faster on the same cores.
 * Every topic asked for exists with {@code PARTITIONS} partitions, all led by this node.
 *
 * <p>Run with kafka-clients on the class path (the jar cache of scripts/ci/fetch-kafka.sh):
 * {@code java -cp "$KAFKA/lib/*" scripts/bench/NullKafkaBroker.java PORT [PARTITIONS]}. It prints
 * {@code null broker ready on 127.0.0.1:PORT} and serves until killed. A connection per thread,
 * blocking I/O, answers in request order. Loopback only.
 */
public final class NullKafkaBroker {
    private static final int NODE_ID = 0;

    private final int port;
    private final int partitions;
    private final Map<String, Uuid> topicIds = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> logEnds = new ConcurrentHashMap<>();
    private final AtomicLong producerIds = new AtomicLong(1000);

    private NullKafkaBroker(int port, int partitions) {
        this.port = port;
        this.partitions = partitions;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: NullKafkaBroker PORT [PARTITIONS]");
            System.exit(2);
        }
        new NullKafkaBroker(Integer.parseInt(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 3).serve();
    }

    private void serve() throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", port));
            System.out.println("null broker ready on 127.0.0.1:" + port);
            while (true) {
                SocketChannel ch = server.accept();
                ch.socket().setTcpNoDelay(true);
                Thread t = new Thread(() -> connection(ch), "conn-" + ch.socket().getPort());
                t.setDaemon(true);
                t.start();
            }
        }
    }

    private void connection(SocketChannel ch) {
        try (ch) {
            ByteBuffer size = ByteBuffer.allocate(4);
            while (true) {
                size.clear();
                readFully(ch, size);
                ByteBuffer frame = ByteBuffer.allocate(size.flip().getInt());
                readFully(ch, frame);
                frame.flip();
                RequestHeader header = RequestHeader.parse(frame);
                ApiMessage body = AbstractRequest.parseRequest(header.apiKey(), header.apiVersion(), new ByteBufferAccessor(frame)).request.data();
                ApiMessage answer = answer(header.apiKey(), body);
                if (answer != null) {
                    write(ch, header, answer);
                }
            }
        } catch (EOFException closed) {
            // the client went away
        } catch (IOException | RuntimeException e) {
            System.err.println("connection closed: " + e);
        }
    }

    private ApiMessage answer(ApiKeys key, ApiMessage body) {
        return switch (key) {
            case API_VERSIONS -> apiVersions();
            case METADATA -> metadata((MetadataRequestData) body);
            case INIT_PRODUCER_ID -> new InitProducerIdResponseData()
                    .setProducerId(producerIds.getAndIncrement()).setProducerEpoch((short) 0);
            case PRODUCE -> produce((ProduceRequestData) body);
            default -> throw new IllegalStateException("not served: " + key);
        };
    }

    private static ApiVersionsResponseData apiVersions() {
        ApiVersionsResponseData out = new ApiVersionsResponseData();
        for (ApiKeys key : List.of(ApiKeys.API_VERSIONS, ApiKeys.METADATA, ApiKeys.INIT_PRODUCER_ID)) {
            out.apiKeys().add(new ApiVersionsResponseData.ApiVersion().setApiKey(key.id)
                    .setMinVersion(key.oldestVersion()).setMaxVersion(key.latestVersion()));
        }
        // Produce 13 names topics by id only; 12 keeps this sink's bookkeeping by name
        out.apiKeys().add(new ApiVersionsResponseData.ApiVersion().setApiKey(ApiKeys.PRODUCE.id)
                .setMinVersion((short) 3).setMaxVersion((short) 12));
        return out;
    }

    private MetadataResponseData metadata(MetadataRequestData req) {
        MetadataResponseData out = new MetadataResponseData().setClusterId("null-broker").setControllerId(NODE_ID);
        out.brokers().add(new MetadataResponseData.MetadataResponseBroker()
                .setNodeId(NODE_ID).setHost("127.0.0.1").setPort(port));
        if (req.topics() == null) {
            return out;
        }
        for (MetadataRequestData.MetadataRequestTopic t : req.topics()) {
            MetadataResponseData.MetadataResponseTopic topic = new MetadataResponseData.MetadataResponseTopic()
                    .setName(t.name()).setTopicId(topicIds.computeIfAbsent(t.name(), n -> Uuid.randomUuid()));
            for (int p = 0; p < partitions; p++) {
                topic.partitions().add(new MetadataResponseData.MetadataResponsePartition().setPartitionIndex(p)
                        .setLeaderId(NODE_ID).setLeaderEpoch(0).setReplicaNodes(List.of(NODE_ID))
                        .setIsrNodes(List.of(NODE_ID)));
            }
            out.topics().add(topic);
        }
        return out;
    }

    private ApiMessage produce(ProduceRequestData req) {
        ProduceResponseData out = new ProduceResponseData();
        for (ProduceRequestData.TopicProduceData t : req.topicData()) {
            ProduceResponseData.TopicProduceResponse topic = new ProduceResponseData.TopicProduceResponse().setName(t.name());
            for (ProduceRequestData.PartitionProduceData p : t.partitionData()) {
                long records = 0;
                for (RecordBatch batch : ((MemoryRecords) p.records()).batches()) {
                    records += batch.lastOffset() - batch.baseOffset() + 1;
                }
                long base = logEnds.computeIfAbsent(t.name() + "-" + p.index(), k -> new AtomicLong()).getAndAdd(records);
                topic.partitionResponses().add(new ProduceResponseData.PartitionProduceResponse()
                        .setIndex(p.index()).setBaseOffset(base).setLogAppendTimeMs(-1).setLogStartOffset(0));
            }
            out.responses().add(topic);
        }
        return req.acks() == 0 ? null : out;
    }

    private static void write(SocketChannel ch, RequestHeader header, ApiMessage body) throws IOException {
        short version = header.apiVersion();
        short headerVersion = header.apiKey().responseHeaderVersion(version);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        ResponseHeaderData responseHeader = new ResponseHeaderData().setCorrelationId(header.correlationId());
        int size = responseHeader.size(cache, headerVersion) + body.size(cache, version);
        ByteBuffer out = ByteBuffer.allocate(4 + size).putInt(size);
        ByteBufferAccessor accessor = new ByteBufferAccessor(out);
        responseHeader.write(accessor, cache, headerVersion);
        body.write(accessor, cache, version);
        out.flip();
        while (out.hasRemaining()) {
            ch.write(out);
        }
    }

    private static void readFully(SocketChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                throw new EOFException();
            }
        }
    }
}

package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spate.client.FakeBroker;
import io.spate.client.FakeTransactions;
import io.spate.protocol.ApiKey;
import io.spate.protocol.DescribeConfigsResponse;
import io.spate.protocol.DescribeProducersResponse;
import io.spate.protocol.DescribeTransactionsResponse;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.ListTransactionsRequest;
import io.spate.protocol.ListTransactionsResponse;
import io.spate.protocol.PartitionErrors;
import io.spate.protocol.TopicPartition;
import io.spate.protocol.TopicPartitions;
import io.spate.protocol.WriteTxnMarkersRequest;
import io.spate.protocol.WriteTxnMarkersResponse;
import io.spate.record.CompressionType;
import io.spate.record.RecordBatch;
import io.spate.record.RecordBatchBuilder;
import io.spate.testing.Eventually;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The transaction parts of the CLI against a {@link FakeBroker} with {@link FakeTransactions}:
 * {@code produce --transactional-id/--transaction-size}, {@code consume --isolation-level},
 * {@code transactions list|describe|abort}, their options, text, JSON and errors.
 */
@Timeout(60)
class TransactionsCliTest {
    private static final TopicPartition TP = new TopicPartition("orders", 0);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Vertx vertx = Vertx.vertx();
    private FakeBroker broker;
    private FakeTransactions txns;

    @BeforeEach
    void start() {
        broker = FakeBroker.start(vertx, 1).topic("orders", 1);
        txns = FakeTransactions.install(broker);
        // what produce, consume and abort ask before they start (the topic's description)
        broker.on(ApiKey.DESCRIBE_CONFIGS, r -> r.respond(new DescribeConfigsResponse(List.of(
                new DescribeConfigsResponse.TopicConfigs("orders", ErrorCode.NONE, null, List.of())))));
    }

    @AfterEach
    void stop() throws Exception {
        broker.stop();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private Map<String, String> env() {
        return Map.of(SpateCli.BOOTSTRAP_ENV, broker.address());
    }

    private CliRun spate(String... args) {
        return CliRun.withEnv(env(), args);
    }

    /** Data records between markers, in log order: [2, 2, 1] = three transactions of 2, 2 and 1 records. */
    private List<Integer> transactionSizes() {
        List<Integer> sizes = new ArrayList<>();
        int open = 0;
        for (ByteBuffer b : broker.log.getOrDefault(TP, List.of())) {
            RecordBatch batch = new RecordBatch(b, 0);
            if (batch.isControl()) {
                sizes.add(open);
                open = 0;
            } else {
                assertTrue(batch.isTransactional());
                open += batch.recordCount();
            }
        }
        assertEquals(0, open, "every record is in a committed transaction");
        return sizes;
    }

    @Test
    void produceCommitsEveryTransactionSizeLinesAndAtTheEnd() throws Exception {
        CliRun run = CliRun.withInput("a\nb\nc\nd\ne\n", env(), "produce", "orders", "--transactional-id", "loader",
                "--transaction-size", "2", "--json");
        assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
        JsonNode out = JSON.readTree(run.out());
        assertEquals(5, out.get("records").asLong());
        assertEquals(3, out.get("transactions").asLong());
        assertEquals(List.of(2, 2, 1), transactionSizes());
        assertEquals(3, txns.events.stream().filter("end commit"::equals).count());
    }

    @Test
    void aPauseInTheInputNeverCommits() throws Exception {
        PipedOutputStream feed = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(feed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliIo cliIo = new CliIo(in, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env());
        CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> SpateCli.run(cliIo, "produce", "orders",
                "--transactional-id", "slow", "--transaction-size", "10"));
        feed.write("1\n2\n3\n".getBytes(StandardCharsets.UTF_8));
        feed.flush();
        Eventually.eventually(Duration.ofSeconds(10), "the transaction started",
                () -> txns.events.stream().anyMatch(e -> e.startsWith("add orders")));
        Thread.sleep(500); // the input pauses: nothing is committed meanwhile
        assertTrue(broker.requests(ApiKey.END_TXN).isEmpty(), "a pause committed: " + txns.events);
        feed.write("4\n".getBytes(StandardCharsets.UTF_8));
        feed.close();
        assertEquals(ExitCodes.OK, code.get(20, TimeUnit.SECONDS), err.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(4), transactionSizes());
    }

    @Test
    void transactionOptionsAreChecked() {
        CliRun alone = spate("produce", "orders", "--transaction-size", "5");
        assertEquals(ExitCodes.USAGE, alone.exitCode(), alone.toString());
        assertTrue(alone.err().contains("--transaction-size needs --transactional-id"), alone.toString());
        CliRun zero = spate("produce", "orders", "--transactional-id", "x", "--transaction-size", "0");
        assertEquals(ExitCodes.USAGE, zero.exitCode(), zero.toString());
        assertTrue(zero.err().contains("--transaction-size must be >= 1"), zero.toString());
        CliRun acks = spate("produce", "orders", "--transactional-id", "x", "--acks", "1");
        assertEquals(ExitCodes.USAGE, acks.exitCode(), acks.toString());
        assertTrue(acks.err().contains("transactional.id needs acks=all"), acks.toString());
        CliRun isolation = spate("consume", "orders", "--isolation-level", "serializable");
        assertEquals(ExitCodes.USAGE, isolation.exitCode(), isolation.toString());
        assertTrue(isolation.err().contains("'serializable' is not read_committed or read_uncommitted"), isolation.toString());
    }

    /** A transactional batch of producer 10 holding {@code values}. */
    private static ByteBuffer txnBatch(String... values) {
        RecordBatchBuilder b = new RecordBatchBuilder(CompressionType.NONE, 128);
        b.setTransactional(true);
        b.setProducerState(10, (short) 0, 0);
        for (String v : values) {
            b.append(1_000, null, v.getBytes(StandardCharsets.UTF_8), List.of());
        }
        return b.build();
    }

    @Test
    void consumeWithReadCommittedLeavesAbortedRecordsOut() {
        broker.append(TP, txnBatch("aborted"));
        broker.append(TP, FakeTransactions.marker(10, (short) 0, false, 0));
        broker.append(TP, txnBatch("committed"));
        broker.append(TP, FakeTransactions.marker(10, (short) 0, true, 0));
        broker.abortedTransactions.put(TP, List.of(new FakeBroker.Aborted(10, 0, 1)));
        CliRun committed = spate("consume", "orders", "--from-beginning", "--timeout-ms", "1000",
                "--isolation-level", "read_committed");
        assertEquals(ExitCodes.OK, committed.exitCode(), committed.toString());
        assertEquals("committed\n", committed.out());
        CliRun all = spate("consume", "orders", "--from-beginning", "--timeout-ms", "1000");
        assertEquals("aborted\ncommitted\n", all.out(), "read_uncommitted (the default) prints both, no marker");
    }

    @Test
    void listAsksEveryNodeWithTheFiltersAndPrintsTextAndJson() throws Exception {
        broker.on(ApiKey.LIST_TRANSACTIONS, r -> r.respond(new ListTransactionsResponse(ErrorCode.NONE, List.of(), List.of(
                new ListTransactionsResponse.Listed("b-loader", 8, "Ongoing"),
                new ListTransactionsResponse.Listed("a-loader", 7, "Ongoing")))));
        CliRun text = spate("transactions", "list", "--state", "Ongoing,PrepareCommit", "--producer-id", "7",
                "--producer-id", "8", "--duration-ms", "60000");
        assertEquals(ExitCodes.OK, text.exitCode(), text.toString());
        List<String> lines = text.out().lines().toList();
        assertEquals(List.of("TRANSACTIONAL-ID  PRODUCER-ID  STATE", "a-loader          7            Ongoing",
                "b-loader          8            Ongoing"), lines);
        ListTransactionsRequest asked = ListTransactionsRequest.readFrom(
                broker.requests(ApiKey.LIST_TRANSACTIONS).get(0).body.duplicate());
        assertEquals(List.of("Ongoing", "PrepareCommit"), asked.stateFilters());
        assertEquals(List.of(7L, 8L), asked.producerIdFilters());
        assertEquals(60_000, asked.durationFilterMs());
        JsonNode json = JSON.readTree(spate("transactions", "list", "--json").out());
        assertEquals("a-loader", json.get("transactions").get(0).get("transactionalId").asText());
        assertEquals(7, json.get("transactions").get(0).get("producerId").asLong());
        CliRun bad = spate("transactions", "list", "--state", "Open");
        assertEquals(ExitCodes.USAGE, bad.exitCode(), bad.toString());
        assertTrue(bad.err().contains("--state 'Open' is not one of Empty, Ongoing"), bad.toString());
    }

    @Test
    void describeAsksTheTransactionCoordinator() throws Exception {
        broker.on(ApiKey.DESCRIBE_TRANSACTIONS, r -> r.respond(new DescribeTransactionsResponse(List.of(
                new DescribeTransactionsResponse.TransactionState(ErrorCode.NONE, "loader", "Ongoing", 60_000,
                        1_700_000_000_000L, 7, (short) 2, List.of(new TopicPartitions("orders", List.of(0))))))));
        CliRun text = spate("transactions", "describe", "loader");
        assertEquals(ExitCodes.OK, text.exitCode(), text.toString());
        assertTrue(text.out().contains("State:            Ongoing"), text.out());
        assertTrue(text.out().contains("Producer:         7 (epoch 2)"), text.out());
        assertTrue(text.out().contains("orders  0"), text.out());
        JsonNode json = JSON.readTree(spate("transactions", "describe", "loader", "--json").out());
        assertEquals(1, json.get("coordinator").asInt());
        assertEquals("orders", json.get("partitions").get(0).get("topic").asText());
        assertTrue(broker.requests(ApiKey.FIND_COORDINATOR).size() >= 1);
        broker.on(ApiKey.DESCRIBE_TRANSACTIONS, r -> r.respond(new DescribeTransactionsResponse(List.of(
                DescribeTransactionsResponse.TransactionState.failed("nobody", ErrorCode.TRANSACTIONAL_ID_NOT_FOUND)))));
        CliRun missing = spate("transactions", "describe", "nobody");
        assertEquals(ExitCodes.FAILED, missing.exitCode(), missing.toString());
        assertEquals(1, missing.errLines().length, missing.toString());
        assertTrue(missing.err().contains("TRANSACTIONAL_ID_NOT_FOUND") && missing.err().contains("'nobody' does not exist"),
                missing.toString());
    }

    @Test
    void abortWritesAnAbortMarkerForTheProducerWhoseTransactionStartsThere() throws Exception {
        broker.on(ApiKey.DESCRIBE_PRODUCERS, r -> r.respond(new DescribeProducersResponse(List.of(
                new DescribeProducersResponse.Topic("orders", List.of(new DescribeProducersResponse.Partition(0,
                        ErrorCode.NONE, null, List.of(
                        new DescribeProducersResponse.ActiveProducer(6, 1, 3, 0, 4, -1),
                        new DescribeProducersResponse.ActiveProducer(7, 3, 9, 0, 5, 42)))))))));
        List<WriteTxnMarkersRequest> markers = new java.util.concurrent.CopyOnWriteArrayList<>();
        broker.on(ApiKey.WRITE_TXN_MARKERS, r -> {
            WriteTxnMarkersRequest req = WriteTxnMarkersRequest.readFrom(r.body.duplicate());
            markers.add(req);
            r.respond(new WriteTxnMarkersResponse(List.of(new WriteTxnMarkersResponse.MarkerResult(7, List.of(
                    PartitionErrors.all(new TopicPartitions("orders", List.of(0)), ErrorCode.NONE))))));
        });
        CliRun producers = spate("transactions", "describe-producers", "--topic", "orders", "--partition", "0");
        assertEquals(ExitCodes.OK, producers.exitCode(), producers.toString());
        assertTrue(producers.out().lines().anyMatch(l -> l.matches("7\\s+3\\s+9\\s+\\S+\\s+5\\s+42")), producers.out());
        assertTrue(producers.out().lines().anyMatch(l -> l.matches("6\\s+1\\s+3\\s+\\S+\\s+4\\s+-")), producers.out());
        JsonNode described = JSON.readTree(spate("--json", "transactions", "describe-producers", "--topic", "orders",
                "--partition", "0").out());
        assertEquals(42, described.get("producers").get(1).get("currentTransactionStartOffset").asLong());
        CliRun none = spate("transactions", "abort", "--topic", "orders", "--partition", "0", "--start-offset", "41");
        assertEquals(ExitCodes.FAILED, none.exitCode(), none.toString());
        assertEquals("spate: no open transaction starts at offset 41 of orders-0 (open ones start at 42)",
                none.errLines()[0], none.toString());
        assertTrue(markers.isEmpty(), "nothing is written when no transaction starts there");
        CliRun run = spate("transactions", "abort", "--topic", "orders", "--partition", "0", "--start-offset", "42", "--json");
        assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
        WriteTxnMarkersRequest.Marker m = markers.get(0).markers().get(0);
        assertEquals(7, m.producerId());
        assertEquals(3, m.producerEpoch());
        assertEquals(5, m.coordinatorEpoch());
        assertEquals(false, m.committed());
        assertEquals(List.of(new TopicPartitions("orders", List.of(0))), m.topics());
        assertEquals(7, JSON.readTree(run.out()).get("producerId").asLong());
        CliRun missing = spate("transactions", "abort", "--topic", "orders", "--partition", "0");
        assertEquals(ExitCodes.USAGE, missing.exitCode(), missing.toString());
    }
}

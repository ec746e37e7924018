package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.client.FakeBroker;
import io.spate.protocol.ApiKey;
import io.spate.protocol.DescribeConfigsResponse;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.FetchResponse;
import io.spate.protocol.TopicPartition;
import io.spate.testing.TestBatches;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code spate consume} on a partition whose every fetch answers KAFKA_STORAGE_ERROR: the consumer
 * retries (a retriable error, as in Kafka), and when --timeout-ms gives up the CLI says which
 * partition failed and how, exit 1 — not "Processed a total of 0 messages", exit 0, as for an empty
 * partition. A partition that recovers is read as usual.
 */
@Timeout(30)
class ConsumeFetchErrorCliTest {
    private static final TopicPartition TP = new TopicPartition("orders", 0);
    private final Vertx vertx = Vertx.vertx();
    private FakeBroker broker;

    @BeforeEach
    void start() {
        broker = FakeBroker.start(vertx, 1).topic("orders", 1);
        broker.append(TP, TestBatches.batch("v0-", 100));
        // what `consume` asks before it reads (the topic's description)
        broker.on(ApiKey.DESCRIBE_CONFIGS, r -> r.respond(new DescribeConfigsResponse(List.of(
                new DescribeConfigsResponse.TopicConfigs("orders", ErrorCode.NONE, null, List.of())))));
    }

    private void failFetches() {
        broker.on(ApiKey.FETCH, r -> r.respond(new FetchResponse(List.of(new FetchResponse.TopicData("orders", List.of(
                new FetchResponse.PartitionData(0, ErrorCode.KAFKA_STORAGE_ERROR, "storage error on orders-0: disk",
                        -1, -1, null)))))));
    }

    @AfterEach
    void stop() throws Exception {
        broker.stop();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private CliRun consume() {
        return CliRun.withEnv(Map.of(SpateCli.BOOTSTRAP_ENV, broker.address()),
                "consume", "orders", "--from-beginning", "--timeout-ms", "1500");
    }

    @Test
    void aPartitionThatAnswersOnlyErrorsIsReportedWhenTheConsumerGivesUp() {
        failFetches();
        CliRun run = consume();
        assertEquals(ExitCodes.FAILED, run.exitCode(), run.toString());
        String[] lines = run.errLines();
        assertEquals("Processed a total of 0 messages", lines[0], run.toString());
        assertEquals(2, lines.length, run.toString());
        assertTrue(lines[1].startsWith("spate: KAFKA_STORAGE_ERROR: no record for 1500 ms while fetches failed: orders-0: "
                + "storage error on orders-0: disk"), run.toString());
        assertTrue(broker.requests(ApiKey.FETCH).size() > 1, "the consumer retried");
    }

    @Test
    void aPartitionThatServesIsReadAsUsual() {
        CliRun run = consume();
        assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
        assertEquals("v0-0\n", run.out(), run.toString());
    }
}

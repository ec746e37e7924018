package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.record.CompressionType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Parsing of every command, global options, and the exit codes of usage and connection errors. */
class SpateCliTest {

    /** Parses without running; returns the innermost command object. */
    @SuppressWarnings("unchecked")
    private static <T> T parse(Class<T> type, String... args) {
        SpateCli root = new SpateCli(new CliIo(new ByteArrayInputStream(new byte[0]),
                new PrintStream(OutputStream.nullOutputStream()), new PrintStream(OutputStream.nullOutputStream()), Map.of()));
        ParseResult result = new CommandLine(root).parseArgs(args);
        while (result.hasSubcommand()) {
            result = result.subcommand();
        }
        Object command = result.commandSpec().userObject();
        assertEquals(type, command.getClass());
        return (T) command;
    }

    @Test
    void topicCreateParsesPartitionsReplicationAndConfigs() {
        TopicCreateCommand c = parse(TopicCreateCommand.class, "topic", "create", "orders", "--partitions", "3",
                "--replication-factor", "2", "--config", "retention.ms=1000", "--config", "cleanup.policy=compact");
        assertEquals(List.of("orders"), c.names);
        assertEquals(3, c.partitions);
        assertEquals((short) 2, c.replicationFactor);
        assertEquals(Map.of("retention.ms", "1000", "cleanup.policy", "compact"), c.configs);
    }

    @Test
    void topicCreateLeavesDefaultsToTheCluster() {
        TopicCreateCommand c = parse(TopicCreateCommand.class, "topic", "create", "orders");
        assertNull(c.partitions);
        assertNull(c.replicationFactor);
        assertTrue(c.configs.isEmpty());
    }

    @Test
    void topicListDescribeDeleteParse() {
        parse(TopicListCommand.class, "topic", "list");
        assertEquals("t", parse(TopicDescribeCommand.class, "topic", "describe", "t").names.get(0));
        assertEquals("t", parse(TopicDeleteCommand.class, "topic", "delete", "t").names.get(0));
    }

    @Test
    void topicAndGroupCommandsTakeSeveralNamesAndPatterns() {
        assertEquals(List.of("a", "b", "c"), parse(TopicCreateCommand.class, "topic", "create", "a", "b", "c").names);
        TopicListCommand list = parse(TopicListCommand.class, "topic", "list", "orders.*", "-r", "--internal");
        assertEquals(List.of("orders.*"), list.patterns);
        assertTrue(list.regex);
        assertTrue(list.internal);
        assertEquals(List.of("a", "b*"), parse(TopicDescribeCommand.class, "topic", "describe", "a", "b*").names);
        TopicDeleteCommand delete = parse(TopicDeleteCommand.class, "topic", "delete", "tmp-*", "--yes");
        assertEquals(List.of("tmp-*"), delete.names);
        assertTrue(delete.yes);
        assertEquals(List.of("g1", "g2"), parse(GroupDescribeCommand.class, "group", "describe", "g1", "g2").groups);
        GroupDeleteCommand groupDelete = parse(GroupDeleteCommand.class, "group", "delete", "g.*", "-r", "-y");
        assertTrue(groupDelete.regex && groupDelete.yes);
        assertEquals(List.of("b*"), parse(GroupListCommand.class, "group", "list", "b*").patterns);
    }

    /** As rpk's: a command that only groups others, or spate alone, prints its help on stdout and exits 0. */
    @ParameterizedTest
    @ValueSource(strings = {"", "topic", "group", "cluster", "perf"})
    void aCommandGroupAlonePrintsItsHelp(String commandLine) {
        CliRun run = commandLine.isEmpty() ? CliRun.run() : CliRun.run(commandLine);
        assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
        assertTrue(run.out().startsWith("Usage: spate" + (commandLine.isEmpty() ? "" : " " + commandLine)), run.toString());
        assertTrue(run.out().contains("Commands:"), run.toString());
        assertEquals("", run.err());
    }

    @Test
    void versionIsTheProjectVersion() {
        CliRun run = CliRun.run("--version");
        assertEquals(ExitCodes.OK, run.exitCode());
        assertEquals("spate " + io.spate.common.SpateVersion.get() + "\n", run.out());
        assertTrue(io.spate.common.SpateVersion.get().matches("\\d+\\.\\d+\\.\\d+.*"), run.out());
    }

    @Test
    void topicAlterParsesSetsAndDeletes() {
        TopicAlterCommand c = parse(TopicAlterCommand.class, "topic", "alter", "t", "--set", "a=1", "--set", "b=x=y",
                "--delete", "c", "--delete", "d");
        assertEquals(Map.of("a", "1", "b", "x=y"), c.set);
        assertEquals(List.of("c", "d"), c.delete);
    }

    @Test
    void topicAddPartitionsParsesCount() {
        assertEquals(4, parse(TopicAddPartitionsCommand.class, "topic", "add-partitions", "t", "--count", "4").count);
    }

    @Test
    void produceParsesEveryOption() {
        ProduceCommand c = parse(ProduceCommand.class, "produce", "t", "--key-separator", ":", "--acks", "1",
                "--compression", "zstd", "--partition", "2");
        assertEquals("t", c.topic);
        assertEquals(":", c.keySeparator);
        assertEquals((short) 1, c.producerOptions.acks);
        assertEquals(CompressionType.ZSTD, c.producerOptions.compression);
        assertEquals(2, c.partition);
    }

    @Test
    void produceDefaultsToAcksAllAndNoCompression() {
        ProduceCommand c = parse(ProduceCommand.class, "produce", "t");
        assertEquals((short) -1, c.producerOptions.acks);
        assertEquals(CompressionType.NONE, c.producerOptions.compression);
        assertNull(c.keySeparator);
        assertNull(c.partition);
    }

    @ParameterizedTest
    @ValueSource(strings = {"all", "-1"})
    void acksAllAndMinusOneAreTheSame(String acks) {
        assertEquals((short) -1, parse(ProduceCommand.class, "produce", "t", "--acks", acks).producerOptions.acks);
    }

    @Test
    void consumeParsesEveryOption() {
        ConsumeCommand c = parse(ConsumeCommand.class, "consume", "t", "--offset", "5", "--partition", "1",
                "--max-messages", "10", "--timeout-ms", "500", "--print-key", "--print-offset");
        assertEquals("5", c.offset);
        assertEquals(1, c.partition);
        assertEquals(10L, c.maxMessages);
        assertEquals(500L, c.timeoutMs);
        assertTrue(c.printKey);
        assertTrue(c.printOffset);
        assertFalse(c.fromBeginning);
        assertTrue(parse(ConsumeCommand.class, "consume", "t", "--from-beginning").fromBeginning);
    }

    @Test
    void perfProduceParsesEveryOption() {
        PerfProduceCommand c = parse(PerfProduceCommand.class, "perf", "produce", "--topic", "t", "--records", "1000",
                "--record-size", "100", "--throughput", "-1", "--acks", "0", "--compression", "lz4",
                "--batch-size", "65536", "--linger-ms", "10");
        assertEquals("t", c.topic);
        assertEquals(1000, c.records);
        assertEquals(100, c.recordSize);
        assertEquals(-1.0, c.throughput);
        assertEquals((short) 0, c.producerOptions.acks);
        assertEquals(CompressionType.LZ4, c.producerOptions.compression);
        assertEquals(65536, c.batchSize);
        assertEquals(10L, c.lingerMs);
    }

    @Test
    void perfConsumeParsesTopicRecordsAndTimeout() {
        PerfConsumeCommand c = parse(PerfConsumeCommand.class, "perf", "consume", "--topic", "t", "--records", "5");
        assertEquals("t", c.topic);
        assertEquals(5, c.records);
        assertEquals(PerfConsumeCommand.DEFAULT_TIMEOUT_MS, c.timeoutMs);
    }

    @Test
    void dumpLogParsesFileAndPrintRecords() {
        DumpLogCommand c = parse(DumpLogCommand.class, "dump-log", "/x/00000000000000000000.log", "--print-records");
        assertEquals("/x/00000000000000000000.log", c.file.toString());
        assertTrue(c.printRecords);
    }

    @Test
    void globalOptionsAreAcceptedBeforeAndAfterTheCommand() {
        for (String[] args : List.of(new String[] {"--json", "--bootstrap", "h:1", "topic", "list"},
                new String[] {"topic", "list", "--json", "--bootstrap", "h:1"})) {
            SpateCli root = new SpateCli(new CliIo(null, null, null, Map.of()));
            new CommandLine(root).parseArgs(args);
            assertTrue(root.json(), String.join(" ", args));
            assertEquals("h:1", root.bootstrapSpec(), String.join(" ", args));
        }
    }

    @Test
    void clientOptionsAndTimeoutAreGlobalAndTheSpecificOnesBelongToTheirCommands() {
        SpateCli root = new SpateCli(new CliIo(null, null, null, Map.of()));
        CommandLine cmd = new CommandLine(root);
        cmd.parseArgs("-X", "linger.ms=3", "perf", "e2e", "--topic", "t", "--rounds", "1", "--record-size", "1",
                "-Xrequest.timeout.ms=5000", "--timeout", "1500ms", "--producer-property", "acks=1",
                "--consumer-property", "max.poll.records=2");
        assertEquals(Map.of("linger.ms", "3", "request.timeout.ms", "5000"), root.clientOptions());
        assertEquals(java.time.Duration.ofMillis(1500), root.probeTimeout());
        PerfE2eCommand e2e = (PerfE2eCommand) cmd.getParseResult().subcommand().subcommand().commandSpec().userObject();
        ClientProperties properties = e2e.clientProperties();
        assertEquals(Map.of("acks", "1"), properties.producer());
        assertEquals(Map.of("max.poll.records", "2"), properties.consumer());
        ProduceCommand produce = parse(ProduceCommand.class, "produce", "t", "--producer-property", "linger.ms=7");
        assertEquals(Map.of("linger.ms", "7"), produce.producerOptions.properties.values);
    }

    @Test
    void bootstrapComesFromTheOptionThenTheEnvironmentThenTheDefault() {
        SpateCli fromEnv = new SpateCli(new CliIo(null, null, null, Map.of(SpateCli.BOOTSTRAP_ENV, "e:2")));
        new CommandLine(fromEnv).parseArgs("topic", "list");
        assertEquals("e:2", fromEnv.bootstrapSpec());
        SpateCli fromOption = new SpateCli(new CliIo(null, null, null, Map.of(SpateCli.BOOTSTRAP_ENV, "e:2")));
        new CommandLine(fromOption).parseArgs("--bootstrap", "o:3", "topic", "list");
        assertEquals("o:3", fromOption.bootstrapSpec());
        SpateCli byDefault = new SpateCli(new CliIo(null, null, null, Map.of()));
        new CommandLine(byDefault).parseArgs("topic", "list");
        assertEquals(SpateCli.DEFAULT_BOOTSTRAP, byDefault.bootstrapSpec());
    }

    /** Every bad command line: exit 2, one line from picocli (or the command) and one line of hint. */
    @ParameterizedTest
    @ValueSource(strings = {
        "bogus",
        "topic create",
        "topic create t --partitions abc",
        "topic create t --partitions 0",
        "topic create t --replication-factor 0",
        "topic create t --config novalue",
        "topic describe",
        "topic delete",
        "topic alter t",
        "topic alter t --set a=1 --delete a",
        "topic add-partitions t",
        "topic add-partitions t --count 0",
        "topic list -r (",
        "topic describe -r a[",
        "group delete",
        "group describe",
        "produce",
        "produce t --acks 2",
        "produce t --compression brotli",
        "produce t --partition -1",
        "produce t --key-separator=",
        "consume",
        "consume t --offset 5",
        "consume t --offset 5 --partition 0 --from-beginning",
        "consume t --offset abc --partition 0",
        "consume t --offset -3 --partition 0",
        "consume t --max-messages 0",
        "consume t --timeout-ms -1",
        "perf produce --topic t",
        "perf produce --topic t --records 0 --record-size 10 --throughput -1",
        "perf produce --topic t --records 10 --record-size 0 --throughput -1",
        "perf produce --topic t --records 10 --record-size 10 --throughput 0",
        "perf produce --topic t --records 10 --record-size 10 --throughput -5",
        "perf produce --topic t --records 10 --record-size 10 --throughput -1 --acks x",
        "perf consume --records 5",
        "perf consume --topic t --records 0",
        "dump-log",
        "dump-log a b",
        "topic list --bootstrap nohost",
        "topic list --bootstrap h:99999",
        "topic list -X no.such.key=1",
        "topic list -X linger.ms=soon",
        "topic list -X bootstrap.servers=h:1",
        "produce t --producer-property fetch.min.bytes=1",
        "produce t --consumer-property fetch.min.bytes=1",
        "consume t --consumer-property acks=1",
        "topic list --timeout 0s",
        "topic list --timeout 10",
        "--unknown-option topic list"})
    void badUsageExitsWithTwoAndAOneLineMessage(String commandLine) {
        String[] args = commandLine.isEmpty() ? new String[0] : commandLine.split(" ");
        CliRun run = CliRun.run(args);
        assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
        assertEquals("", run.out(), run.toString());
        String[] lines = run.errLines();
        assertEquals(2, lines.length, run.toString());
        assertTrue(lines[0].startsWith("spate: "), run.toString());
        assertTrue(lines[1].matches("Try 'spate.*--help' for more information\\."), run.toString());
    }

    @Test
    void usageHintNamesTheSubcommand() {
        CliRun run = CliRun.run("topic", "create");
        assertEquals("spate: Missing required parameter: 'NAME'", run.errLines()[0]);
        assertEquals("Try 'spate topic create --help' for more information.", run.errLines()[1]);
    }

    @Test
    void helpPrintsUsageOnStdoutAndExitsZero() {
        CliRun run = CliRun.run("--help");
        assertEquals(ExitCodes.OK, run.exitCode());
        assertTrue(run.out().startsWith("Usage: spate"), run.out());
        assertTrue(run.out().contains("dump-log"));
        CliRun sub = CliRun.run("perf", "produce", "--help");
        assertEquals(ExitCodes.OK, sub.exitCode());
        assertTrue(sub.out().startsWith("Usage: spate perf produce"), sub.out());
        assertTrue(sub.out().contains("--throughput"), sub.out());
        CliRun viaHelp = CliRun.run("help", "topic");
        assertEquals(ExitCodes.OK, viaHelp.exitCode());
        assertTrue(viaHelp.out().contains("add-partitions"), viaHelp.out());
    }

    @Test
    void noListeningNodeExitsWithThreeAndOneLine() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CliRun run = CliRun.run("--bootstrap", "127.0.0.1:" + port, "topic", "list");
        assertEquals(ExitCodes.CANNOT_CONNECT, run.exitCode(), run.toString());
        assertEquals(1, run.errLines().length, run.toString());
        assertTrue(run.errLines()[0].startsWith("spate: cannot connect to 127.0.0.1:" + port + ": "), run.toString());
    }

    @Test
    void bootstrapFromTheEnvironmentIsUsed() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CliRun run = CliRun.withEnv(Map.of(SpateCli.BOOTSTRAP_ENV, "127.0.0.1:" + port), "topic", "describe", "t");
        assertEquals(ExitCodes.CANNOT_CONNECT, run.exitCode(), run.toString());
        assertTrue(run.err().contains("127.0.0.1:" + port), run.toString());
    }
}

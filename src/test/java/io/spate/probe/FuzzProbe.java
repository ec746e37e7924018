package io.spate.probe;

import io.spate.record.CompressionType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * The fuzz probe: writes reference data, fuzzes every API ({@link Fuzzer}), then checks that the
 * node still answers and that the reference data reads back whole; prints RSS and fds before and
 * after.
 */
@CommandLine.Command(name = "fuzz", mixinStandardHelpOptions = true, description = "fuzz every API of a node")
final class FuzzProbe implements Callable<Integer> {
    static final String DATA_TOPIC = "probe-data";

    @CommandLine.Mixin
    ProbeMain.Target target;

    @CommandLine.Option(names = "--frames", defaultValue = "100000")
    long frames;

    @CommandLine.Option(names = "--seed", description = "replays a run (default: random, printed)")
    Long seed;

    @CommandLine.Option(names = "--connections", defaultValue = "8")
    int connections;

    @CommandLine.Option(names = "--max-seconds", defaultValue = "600", description = "bound on bombs and frames together")
    int maxSeconds;

    @CommandLine.Option(names = "--answer-timeout-ms", defaultValue = "2000")
    int answerTimeoutMs;

    @CommandLine.Option(names = "--data-records", defaultValue = "20000", description = "reference records written before the fuzz")
    int dataRecords;

    @CommandLine.Option(names = "--bomb-codecs", defaultValue = "gzip,snappy,lz4,zstd", split = ",",
            description = "codecs of the decompression bombs (none: no bombs)")
    List<String> bombCodecs;

    @CommandLine.Option(names = "--bomb-sizes", defaultValue = "1073741824,2000000000", split = ",",
            description = "inflated sizes of the bombs, bytes")
    List<Integer> bombSizes;

    @Override
    public Integer call() throws Exception {
        long s = seed != null ? seed : new java.security.SecureRandom().nextLong();
        ProbeMain.figure("seed", s + "   (replay: --seed " + s + " --connections 1 repeats the frames exactly)");
        NodeStats stats = target.stats();
        ProbeMain.figure("before", stats.summary());
        Result r = fuzz(target.port, s, frames, connections, maxSeconds * 1000L, answerTimeoutMs, dataRecords,
                bombCodecs.contains("none") ? List.of()
                        : bombCodecs.stream().map(CompressionType::forName).toList(), bombSizes, true);
        System.out.print(r.report().describe());
        ProbeMain.figure("after", stats.summary());
        ProbeMain.figure("node answers ApiVersions and Metadata", r.answers());
        ProbeMain.figure("reference data", r.dataSummary());
        return r.passed() ? 0 : 1;
    }

    /** The outcome of {@link #fuzz}. */
    record Result(Fuzzer.Report report, String answers, long acknowledged, ProbeData.ReadBack readBack) {
        boolean passed() {
            return "ok".equals(answers) && readBack.whole() && readBack.records() >= acknowledged;
        }

        String dataSummary() {
            return String.format("%d acknowledged before the fuzz, %d read back after, %d missing%s", acknowledged,
                    readBack.records(), readBack.missing(), readBack.error() == null ? "" : ", error: " + readBack.error());
        }
    }

    /** The whole probe against a node on {@code port}, without printing: the smoke test calls it too. */
    static Result fuzz(int port, long seed, long frames, int connections, long maxMillis, int answerTimeoutMs,
                       int dataRecords, List<CompressionType> bombCodecs, List<Integer> bombSizes, boolean progress)
            throws Exception {
        require(ProbeData.createTopic(port, DATA_TOPIC, 1, Map.of()), DATA_TOPIC);
        // a large max.message.bytes lets the bombs reach the decompressor instead of stopping at the size check
        require(ProbeData.createTopic(port, RequestTemplates.TARGET_TOPIC, 2, Map.of("max.message.bytes", "104857600")),
                RequestTemplates.TARGET_TOPIC);
        ProbeData.Produced data = ProbeData.produce(port, DATA_TOPIC, 0, "ref-", dataRecords, 500, 100, 3,
                System.nanoTime() + 60_000_000_000L);
        if (data.acknowledged() != dataRecords) {
            throw new IllegalStateException("reference data not acknowledged before the fuzz: " + data.errors());
        }
        Fuzzer.Report report = new Fuzzer(new Fuzzer.Options(port, seed, frames, connections, maxMillis, answerTimeoutMs,
                bombCodecs, bombSizes, progress)).run();
        String answers = ProbeData.answers(port);
        ProbeData.ReadBack back = ProbeData.readBack(port, DATA_TOPIC, 0, data.acknowledgedValues(), 10_000);
        return new Result(report, answers, data.acknowledged(), back);
    }

    private static void require(io.spate.protocol.ErrorCode e, String topic) {
        if (e != io.spate.protocol.ErrorCode.NONE && e != io.spate.protocol.ErrorCode.TOPIC_ALREADY_EXISTS) {
            throw new IllegalStateException("cannot create " + topic + ": " + e);
        }
    }
}

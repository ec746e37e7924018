package io.spate.probe;

import io.spate.protocol.ErrorCode;
import io.spate.protocol.MetadataResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * The partitions probe: creates topics of {@code --partitions-per-topic} partitions one after the
 * other until the node refuses or fails, or a bound is reached; prints partitions created, the
 * node's descriptors, partition directories on disk against partitions listed. The script then
 * restarts the node and runs {@link CheckProbe}.
 */
@CommandLine.Command(name = "partitions", mixinStandardHelpOptions = true,
        description = "create partitions until the node refuses or fails")
final class PartitionsProbe implements Callable<Integer> {
    @CommandLine.Mixin
    ProbeMain.Target target;

    @CommandLine.Option(names = "--partitions-per-topic", defaultValue = "10000")
    int perTopic;

    @CommandLine.Option(names = "--max-topics", defaultValue = "4")
    int maxTopics;

    @CommandLine.Option(names = "--max-seconds", defaultValue = "300", description = "bound on the whole creation")
    int maxSeconds;

    @CommandLine.Option(names = "--data-dir", description = "the node's data.dir, to count partition directories")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        NodeStats stats = target.stats();
        ProbeMain.figure("before", stats.summary());
        long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
        int created = 0;
        String stop = "bound of " + maxTopics + " topics reached";
        for (int t = 0; t < maxTopics; t++) {
            if (System.nanoTime() > deadline) {
                stop = "time bound reached";
                break;
            }
            String name = String.format("probe-parts-%02d", t);
            long start = System.nanoTime();
            String outcome;
            try {
                ErrorCode e = ProbeData.createTopic(target.port, name, perTopic, Map.of());
                outcome = e.name();
            } catch (IOException | RuntimeException e) {
                outcome = "no answer: " + e;
            }
            ProbeMain.figure("create " + name + " (" + perTopic + " partitions)", outcome + " in "
                    + (System.nanoTime() - start) / 1_000_000L + " ms; " + stats.summary());
            if (!outcome.equals("NONE")) {
                stop = "create of topic " + (t + 1) + " answered " + outcome;
                break;
            }
            created += perTopic;
        }
        ProbeMain.figure("stopped", stop);
        ProbeMain.figure("partitions created (acknowledged)", created);
        String answers = ProbeData.answers(target.port, 10_000);
        ProbeMain.figure("node answers", answers);
        List<MetadataResponse.TopicMetadata> topics = ProbeData.topics(target.port);
        long listed = topics == null ? -1 : topics.stream().filter(x -> x.name().startsWith("probe-parts-"))
                .mapToLong(x -> x.partitions().size()).sum();
        ProbeMain.figure("probe partitions listed by Metadata", listed);
        ProbeMain.figure("probe partition directories on disk", dirs());
        ProbeMain.figure("node", stats.summary());
        ProbeMain.figure("fetch from probe-parts-00 (first 100 partitions)", ProbeData.fetchErrors(target.port, "probe-parts-00", 100));
        return "ok".equals(answers) ? 0 : 1;
    }

    private long dirs() throws IOException {
        if (dataDir == null) {
            return -1;
        }
        try (Stream<Path> s = Files.list(dataDir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("probe-parts-")).count();
        }
    }
}

package io.spate.probe;

import io.spate.protocol.MetadataResponse;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** Does the node answer, and what does it list: topics, partitions, descriptors. Used after restarts. */
@CommandLine.Command(name = "check", mixinStandardHelpOptions = true, description = "does the node answer; what it lists")
final class CheckProbe implements Callable<Integer> {
    @CommandLine.Mixin
    ProbeMain.Target target;

    @Override
    public Integer call() {
        String answers = ProbeData.answers(target.port, 10_000);
        ProbeMain.figure("node answers ApiVersions and Metadata", answers);
        List<MetadataResponse.TopicMetadata> topics = ProbeData.topics(target.port);
        if (topics != null) {
            ProbeMain.figure("topics listed", topics.size() + ", partitions listed "
                    + topics.stream().mapToInt(t -> t.partitions().size()).sum());
        }
        ProbeMain.figure("node", target.stats().summary());
        return "ok".equals(answers) ? 0 : 1;
    }
}

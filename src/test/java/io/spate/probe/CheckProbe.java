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

    @CommandLine.Option(names = "--write", description = "also create a topic, produce 1,000 records to it and read them back")
    boolean write;

    @Override
    public Integer call() {
        String answers = ProbeData.answers(target.port, 10_000);
        ProbeMain.figure("node answers ApiVersions and Metadata", answers);
        List<MetadataResponse.TopicMetadata> topics = ProbeData.topics(target.port);
        if (topics != null) {
            ProbeMain.figure("topics listed", topics.size() + ", partitions listed "
                    + topics.stream().mapToInt(t -> t.partitions().size()).sum());
        }
        boolean wrote = true;
        if (write) {
            String topic = "probe-check-" + System.currentTimeMillis() % 100_000;
            String created;
            try {
                created = ProbeData.createTopic(target.port, topic, 1, java.util.Map.of()).name();
            } catch (java.io.IOException | RuntimeException e) {
                created = e.toString();
            }
            ProbeData.Produced p = ProbeData.produce(target.port, topic, 0, "c-", 1_000, 100, 100, 2,
                    System.nanoTime() + 30_000_000_000L);
            ProbeData.ReadBack back = ProbeData.readBack(target.port, topic, 0, p.acknowledgedValues(), 100);
            ProbeMain.figure("write check", "create " + topic + ": " + created + "; " + p.acknowledged()
                    + " of 1000 acknowledged, refused " + p.errors() + "; read back " + back.records()
                    + (back.error() == null ? "" : ", error: " + back.error()));
            wrote = p.acknowledged() == 1_000 && back.whole();
        }
        ProbeMain.figure("node", target.stats().summary());
        return "ok".equals(answers) && wrote ? 0 : 1;
    }
}

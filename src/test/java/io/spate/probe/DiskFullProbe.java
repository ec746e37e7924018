package io.spate.probe;

import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.OffsetCommitRequest;
import io.spate.protocol.OffsetCommitResponse;
import io.spate.protocol.OffsetFetchRequest;
import io.spate.protocol.OffsetFetchResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * The disk-full probe, for a node whose data.dir is a small file system (the script mounts a
 * tmpfs): produces to one partition until the node refuses with KAFKA_STORAGE_ERROR, checks that
 * every acknowledged record reads back, waits past a checkpoint interval and checks that the other
 * partitions and {@code __consumer_offsets} still serve, then runs {@code --grow-command} (the
 * script's remount to a larger size) and checks that writes resume without a restart.
 */
@CommandLine.Command(name = "disk-full", mixinStandardHelpOptions = true, description = "fill the node's disk, then grow it")
final class DiskFullProbe implements Callable<Integer> {
    static final String FULL_TOPIC = "probe-full";
    static final String OTHER_TOPIC = "probe-other";
    static final String GROUP = "probe-group";

    @CommandLine.Mixin
    ProbeMain.Target target;

    @CommandLine.Option(names = "--max-records", defaultValue = "400000", description = "bound on records produced (1 KiB each)")
    int maxRecords;

    @CommandLine.Option(names = "--settle-seconds", defaultValue = "70",
            description = "wait after the disk filled (longer than log.checkpoint.interval.ms)")
    int settleSeconds;

    @CommandLine.Option(names = "--offsets-partitions", defaultValue = "50")
    int offsetsPartitions;

    @CommandLine.Option(names = "--grow-command", description = "shell command that gives the file system more space")
    String growCommand;

    @Override
    public Integer call() throws Exception {
        NodeStats stats = target.stats();
        boolean ok = true;
        ProbeMain.figure("create", ProbeData.createTopic(target.port, FULL_TOPIC, 1, Map.of("segment.bytes", "8388608")) + ", "
                + ProbeData.createTopic(target.port, OTHER_TOPIC, 1, Map.of()));
        ProbeData.Produced other = ProbeData.produce(target.port, OTHER_TOPIC, 0, "o-", 1_000, 100, 100, 1,
                System.nanoTime() + 30_000_000_000L);
        ProbeMain.figure("commit offset of " + GROUP, commit(500));
        ProbeMain.figure("before", stats.summary());

        ProbeData.Produced fill = ProbeData.produce(target.port, FULL_TOPIC, 0, "f-", maxRecords, 100, 1024, 3,
                System.nanoTime() + 120_000_000_000L);
        List<String> acked = new ArrayList<>(fill.acknowledgedValues());
        ProbeMain.figure("fill", fill.acknowledged() + " records acknowledged; refused: " + fill.errors());
        ok &= fill.errors().containsKey(ErrorCode.KAFKA_STORAGE_ERROR.name());
        ok &= readBack("read back right after", FULL_TOPIC, acked);
        ok &= serving("right after");

        ProbeMain.figure("waiting", settleSeconds + " s (past a checkpoint interval)");
        TimeUnit.SECONDS.sleep(settleSeconds);
        ProbeMain.figure("node", stats.summary());
        ok &= serving("after " + settleSeconds + " s");
        ok &= readBack("read back after " + settleSeconds + " s", FULL_TOPIC, acked);
        ok &= readBack("read back " + OTHER_TOPIC, OTHER_TOPIC, other.acknowledgedValues());

        if (growCommand != null) {
            Process p = new ProcessBuilder("sh", "-c", growCommand).inheritIO().start();
            boolean done = p.waitFor(30, TimeUnit.SECONDS);
            ProbeMain.figure("grow", growCommand + " -> " + (done ? "exit " + p.exitValue() : "did not finish in 30 s"));
            ProbeData.Produced resumed = null;
            long until = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < until) { // writes should resume by themselves: retry for a while
                resumed = ProbeData.produce(target.port, FULL_TOPIC, 0, "g-", 1_000, 100, 1024, 1,
                        System.nanoTime() + 10_000_000_000L);
                if (resumed.acknowledged() > 0) {
                    break;
                }
                TimeUnit.SECONDS.sleep(2);
            }
            ProbeMain.figure("produce after growing (within 30 s, no restart)", resumed.acknowledged()
                    + " of 1000 acknowledged; refused: " + resumed.errors());
            acked.addAll(resumed.acknowledgedValues());
            ok &= resumed.acknowledged() > 0;
            ok &= readBack("read back after growing", FULL_TOPIC, acked);
            ProbeMain.figure("commit offset after growing", commit(1_000));
        }
        ProbeMain.figure("node", stats.summary());
        return ok ? 0 : 1;
    }

    private boolean readBack(String label, String topic, List<String> acked) {
        ProbeData.ReadBack b = ProbeData.readBack(target.port, topic, 0, acked, 20_000);
        ProbeMain.figure(label, String.format("%d acknowledged, %d read back, %d acknowledged missing%s", acked.size(),
                b.records(), b.missing(), b.error() == null ? "" : ", error: " + b.error()));
        return b.whole();
    }

    private boolean serving(String when) {
        Map<String, Integer> offsets = ProbeData.fetchErrors(target.port, "__consumer_offsets", offsetsPartitions);
        Map<String, Integer> other = ProbeData.fetchErrors(target.port, OTHER_TOPIC, 1);
        ProbeMain.figure("fetch __consumer_offsets " + when, offsets);
        ProbeMain.figure("fetch " + OTHER_TOPIC + " " + when, other);
        ProbeMain.figure("committed offset of " + GROUP + " " + when, committed());
        return servingOnly(offsets) && servingOnly(other);
    }

    private static boolean servingOnly(Map<String, Integer> errors) {
        return errors.keySet().stream().allMatch(k -> k.equals("NONE") || k.equals("OFFSET_OUT_OF_RANGE"));
    }

    private String commit(long offset) {
        try (ProbeConnection c = ProbeConnection.open(target.port, ProbeData.TIMEOUT_MS)) {
            ProbeConnection.Response r = c.call(ApiKey.OFFSET_COMMIT, new OffsetCommitRequest(GROUP,
                    OffsetCommitRequest.NO_GENERATION, "", null, List.of(new OffsetCommitRequest.Topic(OTHER_TOPIC,
                    List.of(new OffsetCommitRequest.Partition(0, offset, -1, null))))));
            if (r.header().error() != ErrorCode.NONE) {
                return r.header().error().name();
            }
            return OffsetCommitResponse.readFrom(r.body()).topics().get(0).partitions().get(0).error().name();
        } catch (IOException | RuntimeException e) {
            return e.toString();
        }
    }

    private String committed() {
        try (ProbeConnection c = ProbeConnection.open(target.port, ProbeData.TIMEOUT_MS)) {
            ProbeConnection.Response r = c.call(ApiKey.OFFSET_FETCH, new OffsetFetchRequest(GROUP, null));
            if (r.header().error() != ErrorCode.NONE) {
                return r.header().error().name();
            }
            OffsetFetchResponse f = OffsetFetchResponse.readFrom(r.body());
            if (f.error() != ErrorCode.NONE) {
                return f.error().name();
            }
            return f.topics().isEmpty() ? "none" : String.valueOf(f.topics().get(0).partitions().get(0).committedOffset());
        } catch (IOException | RuntimeException e) {
            return e.toString();
        }
    }
}

package io.spate.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;

/**
 * Hazelcast's configuration for a Spate node, built from the {@code cluster.*} keys on top of the
 * maps Vert.x's cluster manager needs. Everything Spate stores in Hazelcast lives in maps named
 * {@code spate.*}: they are guarded by split-brain protection (no read or write unless a majority
 * of {@code cluster.size} members is present) and backed up synchronously on every other member.
 */
public final class HazelcastSetup {
    /** The split-brain protection rule of every {@code spate.*} map. */
    public static final String MAJORITY = "spate-majority";
    /** The prefix of Spate's own Hazelcast structures. */
    public static final String MAP_PREFIX = "spate.";

    private HazelcastSetup() {
    }

    public static Config config(ClusterConfig cluster) {
        Config c = ConfigUtil.loadConfig();
        c.setClusterName(cluster.name());
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.shutdownhook.enabled", "false");
        c.setProperty("hazelcast.logging.type", "jdk");
        int seconds = Math.max(1, (cluster.failureTimeoutMs() + 999) / 1000);
        c.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(seconds));
        c.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        // a member that joins a running cluster does not wait for others to show up
        c.setProperty("hazelcast.wait.seconds.before.join", "0");
        c.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        c.setProperty("hazelcast.merge.next.run.delay.seconds", "5");

        NetworkConfig net = c.getNetworkConfig();
        net.setPort(cluster.port()).setPortAutoIncrement(false);
        net.getInterfaces().setEnabled(true).addInterface(cluster.host());
        c.setProperty("hazelcast.local.localAddress", cluster.host());
        c.setProperty("hazelcast.socket.bind.any", "false"); // bind cluster.host only, never the wildcard
        JoinConfig join = net.getJoin();
        join.getAutoDetectionConfig().setEnabled(false);
        join.getMulticastConfig().setEnabled(cluster.multicast());
        join.getTcpIpConfig().setEnabled(!cluster.multicast()).setMembers(cluster.members());

        c.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(MAJORITY, true, cluster.majority()));
        c.addMapConfig(new MapConfig(MAP_PREFIX + "*")
                .setSplitBrainProtectionName(MAJORITY)
                .setBackupCount(Math.min(MapConfig.MAX_BACKUP_COUNT, Math.max(0, cluster.size() - 1))));
        return c;
    }
}

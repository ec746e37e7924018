package io.spate.testing;

import io.spate.broker.node.BrokerConfig;
import io.spate.broker.node.SpateNode;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts and stops in-process nodes on loopback with an ephemeral port, for tests. */
public final class TestNode {
    private TestNode() {
    }

    /** A node with its own Vert.x, data in {@code dataDir}, plus any {@code key=value} overrides. */
    public static SpateNode start(Path dataDir, String... overrides) {
        BlockedThreadWatch.install();
        Map<String, Object> settings = new HashMap<>();
        settings.put("listener.host", "127.0.0.1");
        settings.put("listener.port", 0);
        settings.put("kafka.listener.port", -1); // tests that want one ask (KafkaCompat): no fight over 9092
        settings.put("data.dir", dataDir.toString());
        for (String o : overrides) {
            int eq = o.indexOf('=');
            settings.put(o.substring(0, eq), o.substring(eq + 1));
        }
        return await(SpateNode.start(BrokerConfig.from(settings)));
    }

    /** Stops the node and checks that no event loop was reported blocked meanwhile. */
    public static void stop(SpateNode node) {
        if (node != null) {
            await(node.close());
        }
        BlockedThreadWatch.assertSilent();
    }

    public static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

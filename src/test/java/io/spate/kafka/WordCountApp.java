package io.spate.kafka;

import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The Kafka Streams word count of {@link KafkaStreamsIT}, in a JVM of its own so that the test can
 * kill it -9 mid-stream: splits each line of {@code IN} into words on blanks, counts them per word in
 * a persistent (RocksDB) store and writes every new count to {@code OUT} (key the word, value the
 * count as a long). The record cache is off, so each occurrence of a word yields one output record:
 * with exactly-once the committed output of a word is exactly 1, 2, ..., its count.
 *
 * <p>usage: {@code WordCountApp BOOTSTRAP APPLICATION_ID IN OUT STATE_DIR GUARANTEE}, GUARANTEE one of
 * Streams' {@code processing.guarantee} values ({@code exactly_once_v2}, {@code at_least_once}). It
 * prints {@code running} when the instance reaches state RUNNING, and runs until killed (or SIGTERM,
 * which closes it).
 */
public final class WordCountApp {
    /** The store of counts; its changelog topic is {@code <application.id>-counts-changelog}. */
    static final String STORE = "counts";

    private WordCountApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 6) {
            System.err.println("usage: WordCountApp BOOTSTRAP APPLICATION_ID IN OUT STATE_DIR GUARANTEE");
            System.exit(2);
        }
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(args[2], Consumed.with(Serdes.String(), Serdes.String()))
                .flatMapValues(line -> Arrays.asList(line.toLowerCase(Locale.ROOT).split("\\s+")))
                .filter((key, word) -> !word.isEmpty())
                .groupBy((key, word) -> word, Grouped.with(Serdes.String(), Serdes.String()))
                .count(Materialized.as(STORE))
                .toStream()
                .to(args[3], Produced.with(Serdes.String(), Serdes.Long()));

        KafkaStreams streams = new KafkaStreams(builder.build(), config(args[0], args[1], args[4], args[5]));
        CountDownLatch closed = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                System.out.println("running");
                System.out.flush();
            } else if (now == KafkaStreams.State.ERROR) {
                System.out.println("error");
                System.out.flush();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streams.close();
            closed.countDown();
        }, "word-count-shutdown"));
        streams.start();
        closed.await();
    }

    static Properties config(String bootstrap, String applicationId, String stateDir, String guarantee) {
        Properties p = new Properties();
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        // small transactions, so that a kill -9 lands in the middle of a stream of commits
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        // every update is forwarded: the output of a word is each of its counts in turn
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        // internal topics (repartition, changelog) on a single node
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        // records leave at once, not at the next commit (Streams' default linger is 100 ms): a kill between
        // two commits leaves processed but uncommitted output on the broker, which exactly-once must hide
        // (in an aborted transaction) and at-least-once shows twice
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 0);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // the killed instance's member leaves the group after this, not after the default 45 s
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6000);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1000);
        return p;
    }
}

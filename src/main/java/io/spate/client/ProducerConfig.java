package io.spate.client;

import io.spate.record.CompressionType;
import java.util.Map;

/**
 * Options of {@link SpateProducer}, with Kafka's key names and defaults. See {@link ClientConfig}
 * for the shared ones.
 */
public final class ProducerConfig extends ClientConfig<ProducerConfig> {
    public static final String ACKS = "acks";
    public static final String BATCH_SIZE = "batch.size";
    public static final String LINGER_MS = "linger.ms";
    public static final String SEND_WHEN_IDLE = "send.when.idle";
    public static final String COMPRESSION_TYPE = "compression.type";
    public static final String RETRIES = "retries";
    public static final String DELIVERY_TIMEOUT_MS = "delivery.timeout.ms";
    public static final String MAX_IN_FLIGHT = "max.in.flight.requests.per.connection";
    public static final String BUFFER_MEMORY = "buffer.memory";
    public static final String MAX_BLOCK_MS = "max.block.ms";
    public static final String MAX_REQUEST_SIZE = "max.request.size";
    public static final String ABORT_ON_SEND_FAILURE = "abort.on.send.failure";
    public static final String ENABLE_IDEMPOTENCE = "enable.idempotence";
    public static final String TRANSACTIONAL_ID = "transactional.id";
    public static final String TRANSACTION_TIMEOUT_MS = "transaction.timeout.ms";

    public static final String DEFAULT_CLIENT_ID = "spate-producer";
    public static final short DEFAULT_ACKS = -1;
    public static final int DEFAULT_BATCH_SIZE = 16_384;
    public static final long DEFAULT_LINGER_MS = 5;
    public static final boolean DEFAULT_SEND_WHEN_IDLE = true;
    public static final CompressionType DEFAULT_COMPRESSION_TYPE = CompressionType.NONE;
    public static final int DEFAULT_RETRIES = Integer.MAX_VALUE;
    public static final long DEFAULT_DELIVERY_TIMEOUT_MS = 120_000;
    public static final int DEFAULT_MAX_IN_FLIGHT = 5;
    public static final long DEFAULT_BUFFER_MEMORY = 32L * 1024 * 1024;
    public static final long DEFAULT_MAX_BLOCK_MS = 60_000;
    public static final int DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;
    public static final boolean DEFAULT_ABORT_ON_SEND_FAILURE = false;
    public static final boolean DEFAULT_ENABLE_IDEMPOTENCE = true;
    public static final int DEFAULT_TRANSACTION_TIMEOUT_MS = 60_000;
    /** Most batches an idempotent producer may have in flight per partition (the broker caches 5 per producer). */
    public static final int MAX_IN_FLIGHT_FOR_IDEMPOTENCE = 5;

    /** Acknowledgement wanted: -1 all in-sync replicas, 1 the leader only, 0 none (no response at all). */
    private short acks = DEFAULT_ACKS;
    /** A partition's batch is sent once it holds this many bytes (a bigger single record gets its own batch). */
    private int batchSize = DEFAULT_BATCH_SIZE;
    /** How long a batch that is not full waits for more records before it is sent. */
    private long lingerMs = DEFAULT_LINGER_MS;
    /** A batch whose leader has no request in flight is sent at once rather than lingering. */
    private boolean sendWhenIdle = DEFAULT_SEND_WHEN_IDLE;
    /** Codec applied to each batch. */
    private CompressionType compressionType = DEFAULT_COMPRESSION_TYPE;
    /** Retries of a batch after a retriable error; delivery.timeout.ms bounds them anyway. */
    private int retries = DEFAULT_RETRIES;
    /** Upper bound on the time from send() until the record's Future completes, retries included. */
    private long deliveryTimeoutMs = DEFAULT_DELIVERY_TIMEOUT_MS;
    /** Unanswered Produce requests allowed per node connection; idempotent: also batches in flight per partition. */
    private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
    /** Bytes of records waiting or in flight; send() waits for space beyond it. */
    private long bufferMemory = DEFAULT_BUFFER_MEMORY;
    /** How long send() may wait for buffer space before its Future fails. */
    private long maxBlockMs = DEFAULT_MAX_BLOCK_MS;
    /** Largest Produce request, and so the largest single record. */
    private int maxRequestSize = DEFAULT_MAX_REQUEST_SIZE;
    /** The first record that fails stops the producer: nothing more is sent, the unsent records fail. */
    private boolean abortOnSendFailure = DEFAULT_ABORT_ON_SEND_FAILURE;
    /**
     * Idempotence asked for: null while left at its default (then settings that conflict with it turn
     * it off, as in Kafka), else what the user set (then a conflicting setting is refused).
     */
    private Boolean enableIdempotence;
    /** Null: no transactions. Set: the producer's identity across restarts; it is transactional and idempotent. */
    private String transactionalId;
    /** How long the coordinator lets a transaction stay open before it aborts it (sent with InitProducerId). */
    private int transactionTimeoutMs = DEFAULT_TRANSACTION_TIMEOUT_MS;

    public ProducerConfig() {
        super(DEFAULT_CLIENT_ID);
    }

    /** Options from Kafka-named keys (unknown keys refused), validated. */
    public static ProducerConfig fromMap(Map<String, String> map) {
        return new ProducerConfig().applyAll(map);
    }

    @Override
    protected void apply(String key, String value) {
        switch (key) {
            case ACKS -> setAcks(parseAcks(value));
            case BATCH_SIZE -> setBatchSize(ConfigValues.parseInt(key, value));
            case LINGER_MS -> setLingerMs(ConfigValues.parseLong(key, value));
            case SEND_WHEN_IDLE -> setSendWhenIdle(ConfigValues.parseBoolean(key, value));
            case COMPRESSION_TYPE -> {
                try {
                    setCompressionType(CompressionType.forName(value.trim()));
                } catch (IllegalArgumentException e) {
                    throw ConfigValues.bad(key, value, "one of none, gzip, snappy, lz4, zstd");
                }
            }
            case RETRIES -> setRetries(ConfigValues.parseInt(key, value));
            case DELIVERY_TIMEOUT_MS -> setDeliveryTimeoutMs(ConfigValues.parseLong(key, value));
            case MAX_IN_FLIGHT -> setMaxInFlight(ConfigValues.parseInt(key, value));
            case BUFFER_MEMORY -> setBufferMemory(ConfigValues.parseLong(key, value));
            case MAX_BLOCK_MS -> setMaxBlockMs(ConfigValues.parseLong(key, value));
            case MAX_REQUEST_SIZE -> setMaxRequestSize(ConfigValues.parseInt(key, value));
            case ABORT_ON_SEND_FAILURE -> setAbortOnSendFailure(ConfigValues.parseBoolean(key, value));
            case ENABLE_IDEMPOTENCE -> setEnableIdempotence(ConfigValues.parseBoolean(key, value));
            case TRANSACTIONAL_ID -> setTransactionalId(value);
            case TRANSACTION_TIMEOUT_MS -> setTransactionTimeoutMs(ConfigValues.parseInt(key, value));
            default -> super.apply(key, value);
        }
    }

    private static short parseAcks(String value) {
        return switch (value.trim()) {
            case "all", "-1" -> (short) -1;
            case "0" -> (short) 0;
            case "1" -> (short) 1;
            default -> throw ConfigValues.bad(ACKS, value, "all, -1, 0 or 1");
        };
    }

    @Override
    protected void validateSpecific() {
        if (acks != -1 && acks != 0 && acks != 1) {
            throw new IllegalArgumentException(ACKS + " must be -1 (all), 0 or 1, was " + acks);
        }
        ConfigValues.checkRange(BATCH_SIZE, batchSize, 1, Integer.MAX_VALUE);
        ConfigValues.checkRange(LINGER_MS, lingerMs, 0, Integer.MAX_VALUE);
        if (compressionType == null) {
            throw new IllegalArgumentException(COMPRESSION_TYPE + " may not be null");
        }
        ConfigValues.checkRange(RETRIES, retries, 0, Integer.MAX_VALUE);
        ConfigValues.checkRange(MAX_IN_FLIGHT, maxInFlight, 1, Integer.MAX_VALUE);
        ConfigValues.checkRange(BUFFER_MEMORY, bufferMemory, 1, Long.MAX_VALUE);
        ConfigValues.checkRange(MAX_BLOCK_MS, maxBlockMs, 0, Long.MAX_VALUE);
        ConfigValues.checkRange(MAX_REQUEST_SIZE, maxRequestSize, 1, Integer.MAX_VALUE);
        String conflict = idempotenceConflict();
        if (transactionalId != null) {
            if (transactionalId.isBlank()) {
                throw new IllegalArgumentException(TRANSACTIONAL_ID + " may not be empty (leave it unset for no transactions)");
            }
            if (Boolean.FALSE.equals(enableIdempotence)) {
                throw new IllegalArgumentException(TRANSACTIONAL_ID + " needs " + ENABLE_IDEMPOTENCE
                        + "=true, was false (a transactional producer is idempotent)");
            }
            ConfigValues.checkRange(TRANSACTION_TIMEOUT_MS, transactionTimeoutMs, 1, Integer.MAX_VALUE);
            if (conflict != null) {
                throw new IllegalArgumentException(TRANSACTIONAL_ID + " needs " + ACKS + "=all, " + RETRIES + " > 0 and "
                        + MAX_IN_FLIGHT + " <= " + MAX_IN_FLIGHT_FOR_IDEMPOTENCE + " (it makes the producer idempotent), was "
                        + conflict);
            }
        }
        if (Boolean.TRUE.equals(enableIdempotence) && conflict != null) {
            throw new IllegalArgumentException(ENABLE_IDEMPOTENCE + "=true needs " + ACKS + "=all, " + RETRIES + " > 0 and "
                    + MAX_IN_FLIGHT + " <= " + MAX_IN_FLIGHT_FOR_IDEMPOTENCE + ", was " + conflict
                    + " (set " + ENABLE_IDEMPOTENCE + "=false to keep it)");
        }
        // as in Kafka: a batch must be allowed to wait its linger time and one full request
        long minDelivery = lingerMs + getRequestTimeoutMs();
        if (deliveryTimeoutMs < minDelivery) {
            throw new IllegalArgumentException(DELIVERY_TIMEOUT_MS + " must be >= " + LINGER_MS + " + "
                    + REQUEST_TIMEOUT_MS + " (" + minDelivery + "), was " + deliveryTimeoutMs);
        }
    }

    /** The first setting that rules idempotence out, as key=value, or null. */
    private String idempotenceConflict() {
        if (acks != -1) {
            return ACKS + "=" + acks;
        }
        if (retries <= 0) {
            return RETRIES + "=" + retries;
        }
        if (maxInFlight > MAX_IN_FLIGHT_FOR_IDEMPOTENCE) {
            return MAX_IN_FLIGHT + "=" + maxInFlight;
        }
        return null;
    }

    /** What {@code enable.idempotence} is set to (its default when not set). */
    public boolean getEnableIdempotence() {
        return enableIdempotence == null ? DEFAULT_ENABLE_IDEMPOTENCE : enableIdempotence;
    }

    /**
     * true (the default): the producer is idempotent (see {@link #isIdempotent}). Set to true
     * explicitly, it makes {@link #validate} refuse {@code acks} other than all, {@code retries} 0 and
     * {@code max.in.flight.requests.per.connection} above 5; left at its default, such a setting
     * turns idempotence off instead, as in Kafka 3.x. false: today's producer, without producer id
     * or sequence numbers.
     */
    public ProducerConfig setEnableIdempotence(boolean enableIdempotence) {
        this.enableIdempotence = enableIdempotence;
        return this;
    }

    /**
     * True when the producer built from these options is idempotent: {@code enable.idempotence} and
     * no setting that conflicts with it. Then the producer gets a producer id (InitProducerId) before
     * its first Produce, numbers each partition's batches, sends one batch per partition per request
     * and keeps up to {@code max.in.flight.requests.per.connection} (at most 5) batches in flight per
     * partition, without duplicates or reordering on retries (docs/exactly-once.md).
     */
    public boolean isIdempotent() {
        return isTransactional() || getEnableIdempotence() && idempotenceConflict() == null;
    }

    /** True when {@code transactional.id} is set: the producer runs transactions (and is idempotent). */
    public boolean isTransactional() {
        return transactionalId != null;
    }

    public String getTransactionalId() {
        return transactionalId;
    }

    /**
     * The producer's transactional id (Kafka's {@code transactional.id}); null (the default): no
     * transactions. Setting it makes the producer idempotent ({@code enable.idempotence=false} is then
     * refused by {@link #validate}); the producer must call {@code initTransactions()} first, and
     * sends only between {@code beginTransaction()} and the transaction's commit or abort.
     */
    public ProducerConfig setTransactionalId(String transactionalId) {
        this.transactionalId = transactionalId;
        return this;
    }

    public int getTransactionTimeoutMs() {
        return transactionTimeoutMs;
    }

    /**
     * How long a transaction may stay open (60000, as Kafka): the coordinator aborts one open longer
     * (and fences the producer). At most the cluster's {@code transaction.max.timeout.ms}, else
     * initTransactions fails with INVALID_TRANSACTION_TIMEOUT.
     */
    public ProducerConfig setTransactionTimeoutMs(int transactionTimeoutMs) {
        this.transactionTimeoutMs = transactionTimeoutMs;
        return this;
    }

    public short getAcks() {
        return acks;
    }

    public ProducerConfig setAcks(short acks) {
        this.acks = acks;
        return this;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public ProducerConfig setBatchSize(int batchSize) {
        this.batchSize = batchSize;
        return this;
    }

    public boolean getSendWhenIdle() {
        return sendWhenIdle;
    }

    /**
     * true (the default): {@code linger.ms} is how long a batch may wait while its leader already has
     * a request in flight; to a leader with none it goes at once (Nagle's rule: records batch up while
     * the pipe is busy, and wait for nothing when it is not). false: every batch that is not full
     * waits {@code linger.ms}, as in Kafka's producer.
     */
    public ProducerConfig setSendWhenIdle(boolean sendWhenIdle) {
        this.sendWhenIdle = sendWhenIdle;
        return this;
    }

    public long getLingerMs() {
        return lingerMs;
    }

    public ProducerConfig setLingerMs(long lingerMs) {
        this.lingerMs = lingerMs;
        return this;
    }

    public CompressionType getCompressionType() {
        return compressionType;
    }

    public ProducerConfig setCompressionType(CompressionType compressionType) {
        this.compressionType = compressionType;
        return this;
    }

    public int getRetries() {
        return retries;
    }

    public ProducerConfig setRetries(int retries) {
        this.retries = retries;
        return this;
    }

    public long getDeliveryTimeoutMs() {
        return deliveryTimeoutMs;
    }

    public ProducerConfig setDeliveryTimeoutMs(long deliveryTimeoutMs) {
        this.deliveryTimeoutMs = deliveryTimeoutMs;
        return this;
    }

    public int getMaxInFlight() {
        return maxInFlight;
    }

    public ProducerConfig setMaxInFlight(int maxInFlight) {
        this.maxInFlight = maxInFlight;
        return this;
    }

    public long getBufferMemory() {
        return bufferMemory;
    }

    public ProducerConfig setBufferMemory(long bufferMemory) {
        this.bufferMemory = bufferMemory;
        return this;
    }

    public long getMaxBlockMs() {
        return maxBlockMs;
    }

    public ProducerConfig setMaxBlockMs(long maxBlockMs) {
        this.maxBlockMs = maxBlockMs;
        return this;
    }

    public int getMaxRequestSize() {
        return maxRequestSize;
    }

    public ProducerConfig setMaxRequestSize(int maxRequestSize) {
        this.maxRequestSize = maxRequestSize;
        return this;
    }

    public boolean getAbortOnSendFailure() {
        return abortOnSendFailure;
    }

    /**
     * true: the first record that fails — refused by the producer, failed by the broker (after its
     * retries) or expired — aborts the producer, as Kafka's producer aborts after a fatal error (and
     * as MirrorMaker's option of this name made it): from then on nothing more is sent or retried.
     * Every record not yet on its way to a broker — queued on any partition, waiting for memory or
     * metadata, or sent later — fails at once with {@link RecordNotSentException}, so it is certainly
     * not written; a request already in flight completes with its answer (a batch it brings back
     * refused as too large is not split any more: its records fail the same way). Without
     * idempotence a partition has at most one request in flight, so no record sent to the failed
     * record's partition after it is written; with it, a batch already in flight behind the failed
     * one may still be written when the failed one's fate is unknown (docs/configuration.md).
     * false (the default, as in Kafka): each record succeeds or fails on its own.
     */
    public ProducerConfig setAbortOnSendFailure(boolean abortOnSendFailure) {
        this.abortOnSendFailure = abortOnSendFailure;
        return this;
    }
}

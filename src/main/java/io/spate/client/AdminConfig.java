package io.spate.client;

import java.util.Map;

/** Options of {@link SpateAdmin}; see {@link ClientConfig} for the shared ones. */
public final class AdminConfig extends ClientConfig<AdminConfig> {
    public static final String DEFAULT_API_TIMEOUT_MS = "default.api.timeout.ms";

    public static final String DEFAULT_CLIENT_ID = "spate-admin";
    public static final int DEFAULT_DEFAULT_API_TIMEOUT_MS = 60_000;

    /** Bound of each admin call, retries of retriable errors included; also sent as the request timeout_ms. */
    private int defaultApiTimeoutMs = DEFAULT_DEFAULT_API_TIMEOUT_MS;

    public AdminConfig() {
        super(DEFAULT_CLIENT_ID);
    }

    /** Options from Kafka-named keys (unknown keys refused), validated. */
    public static AdminConfig fromMap(Map<String, String> map) {
        return new AdminConfig().applyAll(map);
    }

    @Override
    protected void apply(String key, String value) {
        if (key.equals(DEFAULT_API_TIMEOUT_MS)) {
            setDefaultApiTimeoutMs(ConfigValues.parseInt(key, value));
        } else {
            super.apply(key, value);
        }
    }

    @Override
    protected void validateSpecific() {
        ConfigValues.checkRange(DEFAULT_API_TIMEOUT_MS, defaultApiTimeoutMs, 1, Integer.MAX_VALUE);
    }

    public int getDefaultApiTimeoutMs() {
        return defaultApiTimeoutMs;
    }

    public AdminConfig setDefaultApiTimeoutMs(int defaultApiTimeoutMs) {
        this.defaultApiTimeoutMs = defaultApiTimeoutMs;
        return this;
    }
}

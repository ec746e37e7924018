package io.spate.client;

/** One effective topic config; {@code isDefault} is false for an override set on the topic. */
public record TopicConfigEntry(String name, String value, boolean isDefault) {
}

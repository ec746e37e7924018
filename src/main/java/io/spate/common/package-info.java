/**
 * What every server layer (log, group, cluster, replication, broker) may share: the
 * {@link io.spate.common.Time} they read the clock through, and {@link io.spate.common.TopicId}, a
 * topic's id. Depends on the JDK alone, no other Spate package and no library ({@code LayeringTest}
 * checks it), so any package may import it.
 */
package io.spate.common;

package io.spate.log;

import io.spate.common.Time;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Run as a separate JVM by {@link LogManagerTest}: opens a LogManager on the directory given as the
 * argument, prints {@code locked}, and holds it until its standard input closes or sends a line.
 */
public final class DataDirLockHolder {
    private DataDirLockHolder() {
    }

    public static void main(String[] args) throws Exception {
        LogManager manager = LogManager.open(Path.of(args[0]), Time.SYSTEM);
        System.out.println("locked");
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            in.readLine();
        }
        manager.close();
    }
}

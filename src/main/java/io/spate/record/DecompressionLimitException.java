package io.spate.record;

import java.io.IOException;

/** Decompressed data grew past the bound its reader set (a likely decompression bomb). */
final class DecompressionLimitException extends IOException {
    private final long limit;

    DecompressionLimitException(String codec, long limit) {
        super(codec + " data decompresses to more than " + limit + " bytes");
        this.limit = limit;
    }

    long limit() {
        return limit;
    }
}

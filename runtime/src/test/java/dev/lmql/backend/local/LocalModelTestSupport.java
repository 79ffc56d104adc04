package dev.lmql.backend.local;

import java.security.MessageDigest;
import java.util.HexFormat;

/** Helpers shared by the local-engine tests. */
final class LocalModelTestSupport {
    private LocalModelTestSupport() {
    }

    static String sha256Hex(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}

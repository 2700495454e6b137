package dev.billing.support.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMACs that providers sign their webhooks with, and the one way to compare a signature that came with a request:
 * in constant time, so that how long a refusal takes tells nothing about how much of a forged signature was right.
 */
public final class Signatures {
    private Signatures() {
    }

    public static byte[] hmacSha256(String key, byte[] data) {
        return hmac("HmacSHA256", key, data);
    }

    public static byte[] hmacSha1(String key, byte[] data) {
        return hmac("HmacSHA1", key, data);
    }

    /** Whether the signature given with a request is the expected one; a missing one never is. */
    public static boolean matches(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(String algorithm, String key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }
}

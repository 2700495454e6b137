package dev.billing.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The RSA key that signs the access tokens. {@code AUTH_SIGNING_KEY} holds it as a PKCS#8 PEM
 * ({@code openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048}); without it (local runs only) a key
 * is generated at start, so tokens issued before a restart are refused after it.
 */
final class SigningKey {
    private SigningKey() {
    }

    static RSAKey fromPemOrGenerated(String pem) {
        try {
            if (pem == null || pem.isBlank()) {
                return new RSAKeyGenerator(2048).keyID("generated-" + System.currentTimeMillis()).generate();
            }
            String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
            RSAPublicKey publicKey = (RSAPublicKey) rsa.generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            // the key id follows from the key: every gateway instance with the same key publishes the same id
            String keyId = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(publicKey.getModulus().toByteArray())).substring(0, 16);
            return new RSAKey.Builder(publicKey).privateKey(privateKey).keyID(keyId).build();
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalStateException("AUTH_SIGNING_KEY is not an RSA private key in PKCS#8 PEM: " + e.getMessage(), e);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String describe(String pem) {
        return pem == null || pem.isBlank() ? "generated at start" : "from AUTH_SIGNING_KEY (" + pem.getBytes(StandardCharsets.UTF_8).length + " bytes)";
    }
}

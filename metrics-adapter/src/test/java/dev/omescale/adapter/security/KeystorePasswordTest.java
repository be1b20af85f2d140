package dev.omescale.adapter.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The self-signed certificate's keystore password goes to keytool on its command line. A password starting with
 * "-J" is taken by keytool's launcher as a JVM option (keytool then fails with "Could not find or load main
 * class"), which a base64url password did 1 time in 4,096 (a full build here hit it once).
 */
class KeystorePasswordTest {

    @Test
    void passwordsAreHexSoNoneLooksLikeAnOption() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            String password = ServingCertificate.randomPassword();
            assertThat(password).matches("[0-9a-f]{36}");
            seen.add(password);
        }
        assertThat(seen).hasSize(20_000);
    }
}

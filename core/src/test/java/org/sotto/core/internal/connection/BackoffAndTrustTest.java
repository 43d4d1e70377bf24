package org.sotto.core.internal.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.sotto.testkit.TestCertificate;

class BackoffAndTrustTest {
    @Test
    void backoffGrowsExponentiallyWithJitterAndStaysUnderTheCap() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), RandomGenerator.of("L64X128MixRandom"));
        for (int attempt = 1; attempt <= 12; attempt++) {
            long ceiling = Math.min(60_000, 1000L << (attempt - 1));
            for (int i = 0; i < 50; i++) {
                long millis = backoff.delay(attempt).toMillis();
                assertTrue(millis >= ceiling / 2 && millis <= ceiling, "attempt " + attempt + ": " + millis);
            }
        }
        long distinct = IntStream.range(0, 50).mapToLong(i -> backoff.delay(5).toMillis()).distinct().count();
        assertTrue(distinct > 10, "no jitter: " + distinct + " distinct delays");
        assertThrows(IllegalArgumentException.class, () -> backoff.delay(0));
    }

    @Test
    void onlyTheExactPinnedCertificateIsAcceptedBesidesTheBaseStore(@TempDir Path dir) throws Exception {
        TestCertificate pinned = TestCertificate.generate(Files.createDirectory(dir.resolve("a")), List.of("localhost"));
        TestCertificate other = TestCertificate.generate(Files.createDirectory(dir.resolve("b")), List.of("localhost"));
        PinningTrustManager trust = new PinningTrustManager(PinningTrustManager.system(),
                Set.of(CertificateFingerprints.sha256(pinned.certificate()).replace(":", "").toLowerCase()));

        trust.checkServerTrusted(new X509Certificate[] {pinned.certificate()}, "ECDHE_ECDSA");
        UntrustedCertificateException refused = assertThrows(UntrustedCertificateException.class,
                () -> trust.checkServerTrusted(new X509Certificate[] {other.certificate()}, "ECDHE_ECDSA"));
        assertEquals(CertificateFingerprints.sha256(other.certificate()), refused.sha256());
        assertThrows(IllegalArgumentException.class, () -> CertificateFingerprints.normalize("12:34"));
    }
}

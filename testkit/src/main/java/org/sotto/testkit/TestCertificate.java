package org.sotto.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed certificate for the test server's host names, written as PEM for Prosody and as a
 * PKCS12 truststore holding only this certificate for clients. Clients trust exactly this, never all.
 */
public final class TestCertificate {
    public static final char[] TRUSTSTORE_PASSWORD = "sotto-test".toCharArray();

    private final X509Certificate certificate;
    private final Path certificatePem;
    private final Path keyPem;
    private final Path truststore;

    private TestCertificate(X509Certificate certificate, Path certificatePem, Path keyPem, Path truststore) {
        this.certificate = certificate;
        this.certificatePem = certificatePem;
        this.keyPem = keyPem;
        this.truststore = truststore;
    }

    /** Generates a fresh key and certificate for the given DNS names into {@code dir}. */
    public static TestCertificate generate(Path dir, List<String> dnsNames) throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            KeyPair keyPair = generator.generateKeyPair();
            X500Name subject = new X500Name("CN=" + dnsNames.get(0) + ",O=Sotto test server");
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(30))), subject, keyPair.getPublic());
            GeneralName[] names = dnsNames.stream().map(n -> new GeneralName(GeneralName.dNSName, n))
                    .toArray(GeneralName[]::new);
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate())));

            Path certPem = dir.resolve("server.crt");
            Path keyPem = dir.resolve("server.key");
            Files.writeString(certPem, toPem(cert));
            Files.writeString(keyPem, toPem(new JcaPKCS8Generator(keyPair.getPrivate(), null).generate()));

            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("sotto-test-server", cert);
            Path truststore = dir.resolve("truststore.p12");
            try (OutputStream out = Files.newOutputStream(truststore)) {
                store.store(out, TRUSTSTORE_PASSWORD);
            }
            return new TestCertificate(cert, certPem, keyPem, truststore);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot generate the test certificate", e);
        }
    }

    private static String toPem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
            pem.writeObject(object);
        }
        return text.toString();
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public Path certificatePem() {
        return certificatePem;
    }

    public Path keyPem() {
        return keyPem;
    }

    /** PKCS12 file with only the test certificate; password {@link #TRUSTSTORE_PASSWORD}. */
    public Path truststore() {
        return truststore;
    }

    /** A trust manager that accepts the test certificate and nothing else. */
    public X509TrustManager trustManager() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(truststore)) {
                store.load(in, TRUSTSTORE_PASSWORD);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return (X509TrustManager) factory.getTrustManagers()[0];
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot load the test truststore " + truststore, e);
        }
    }
}

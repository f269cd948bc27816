package dev.mayfly.cert.jar;

import dev.mayfly.cert.mint.CertificateMinter;
import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.cert.mint.MintedCertificate;
import dev.mayfly.cert.mint.SigningFunction;
import dev.mayfly.cert.testing.Profiles;
import dev.mayfly.cert.testing.SettableClock;
import dev.mayfly.cert.testing.ThresholdSigners;
import dev.mayfly.cert.tsa.TimestampVerifier;
import dev.mayfly.cert.tsa.Timestamper;
import dev.mayfly.common.MayflyException;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.InProcessEcdsa;
import dev.mayfly.mpc.InProcessFrost;
import dev.mayfly.mpc.ciphersuite.Ciphersuite;
import dev.mayfly.simulation.cert.TestCertificateAuthority;
import dev.mayfly.simulation.cert.TestTimestampAuthority;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Threshold group keys (a 2-of-3 FROST(Ed25519) and a 2-of-3 DKLs23 ECDSA P-256 key from
 * mpc-core's in-process runners), a test CA and a test TSA, and a certificate that expired before
 * the test runs: the session started an hour ago, the 10-minute certificate ended 50 minutes ago,
 * and the TSA's clock stands two minutes after the start.
 */
final class JarSigningFixture implements AutoCloseable {
  static final String STORE_PASSWORD = "changeit";
  private static final List<PartyId> SIGNERS = List.of(PartyId.of(1), PartyId.of(3));

  final Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
  final TestCertificateAuthority ca = TestCertificateAuthority.generate();
  final SettableClock tsaClock = new SettableClock(start.plus(Duration.ofMinutes(2)));
  final TestTimestampAuthority tsa = TestTimestampAuthority.generate(
      tsaClock, start.minus(Duration.ofDays(1)), start.plus(Duration.ofDays(3650)));
  final Timestamper timestamper = Timestamper.create(tsa, TimestampVerifier.create(tsa.chain()));
  private final InProcessFrost frost;
  private final InProcessEcdsa ecdsa;

  JarSigningFixture() throws ProtocolException {
    frost = InProcessFrost.generate(Ciphersuite.ed25519Sha512(), 2, 3, new SecureRandom());
    ecdsa = InProcessEcdsa.generate(2, 3, new SecureRandom());
  }

  /** A signing function running a real threshold signing among parties 1 and 3. */
  SigningFunction thresholdSigner(GroupKeyAlgorithm algorithm) {
    return algorithm == GroupKeyAlgorithm.ED25519
        ? ThresholdSigners.frost(frost, SIGNERS)
        : ThresholdSigners.ecdsa(ecdsa, SIGNERS);
  }

  /** A CA-issued 10-minute certificate for {@code signer}'s key, minted by that signer. */
  MintedCertificate mint(SigningFunction signer) throws MayflyException {
    return CertificateMinter.caIssued(ca)
        .mint(Profiles.sample(signer.groupPublicKey(), start).build(), signer);
  }

  /**
   * The minted chain followed by the CA root, as a signature block should carry it: jarsigner
   * looks for a certificate of the signer's path in the keystore given to {@code -verify}, and
   * without the root in the block it reports "not signed by alias in this keystore" (exit code 32
   * under {@code -strict}).
   */
  List<X509Certificate> chainWithRoot(MintedCertificate minted) {
    List<X509Certificate> chain = new ArrayList<>(minted.chain());
    chain.add(ca.rootCertificate());
    return chain;
  }

  /** A PKCS #12 truststore holding the test CA and the test TSA root. */
  Path truststore(Path dir) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("mayfly-test-ca", ca.rootCertificate());
    store.setCertificateEntry("mayfly-test-tsa-root", tsa.rootCertificate());
    Path file = dir.resolve("truststore.p12");
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, STORE_PASSWORD.toCharArray());
    }
    return file;
  }

  @Override
  public void close() {
    frost.close();
    ecdsa.close();
  }
}

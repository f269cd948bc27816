package dev.mayfly.bench.cert;

import dev.mayfly.bench.BenchmarkDefaults;
import dev.mayfly.cert.jar.JarSignatureAssembler;
import dev.mayfly.cert.jar.JarSigningParameters;
import dev.mayfly.cert.jar.JarSigningPlan;
import dev.mayfly.cert.jar.SignedJar;
import dev.mayfly.cert.mint.CertificateMinter;
import dev.mayfly.cert.mint.CertificateProfile;
import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.cert.mint.GroupPublicKey;
import dev.mayfly.cert.mint.MintedCertificate;
import dev.mayfly.cert.mint.SigningFunction;
import dev.mayfly.cert.tsa.TimestampVerifier;
import dev.mayfly.cert.tsa.Timestamper;
import dev.mayfly.cert.tsa.VerifiedTimestamp;
import dev.mayfly.common.MayflyException;
import dev.mayfly.simulation.cert.TestTimestampAuthority;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * JAR signing without the threshold protocol: the deterministic plan every party computes
 * ({@code plan}: read and check the archive, digest every entry, write manifest, signature file
 * and signed attributes) and the host's assembly ({@code assemble}: CMS block, JAR written, read
 * back with the JDK's verifying {@code JarInputStream}), against SHA-256 of the same JAR bytes
 * ({@code sha256Baseline}, what checking the approvals' digest costs anyway) in the same run.
 *
 * <p>{@code @Param jar}: {@code small} (20 entries of 1 KiB) and {@code 4mib} (256 entries of
 * 16 KiB random, incompressible data). ECDSA P-256 with a plain JCA key and a self-attested
 * certificate; the timestamp is made once in setup.
 */
public class JarBenchmark extends BenchmarkDefaults {
  @Param({"small", "4mib"})
  public String jar;

  private byte[] jarBytes;
  private JarSigningParameters parameters;
  private JarSigningPlan plan;
  private byte[] signature;
  private List<X509Certificate> chain;
  private VerifiedTimestamp timestamp;

  @Setup(Level.Trial)
  public void setUp() throws GeneralSecurityException, IOException, MayflyException {
    jarBytes = "small".equals(jar) ? jar(20, 1024) : jar(256, 16 * 1024);
    parameters = JarSigningParameters.of(GroupKeyAlgorithm.ECDSA_P256);
    plan = JarSigningPlan.create(jarBytes, parameters);
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256, new SecureRandom());
    KeyPair keys = generator.generateKeyPair();
    SigningFunction signer = new PlainSigningFunction(keys, "SHA256withECDSA");
    GroupPublicKey key = signer.groupPublicKey();
    byte[] filler = new byte[32];
    new SecureRandom().nextBytes(filler);
    MintedCertificate minted = CertificateMinter.selfAttested().mint(CertificateProfile.builder()
        .sessionId(filler).startTime(Instant.now()).groupKey(key).teePolicyHash(filler)
        .evidenceDigest(filler).approvalsDigest(filler).threshold(2, 3).build(), signer);
    chain = minted.chain();
    signature = signer.sign(plan.toBeSigned());
    TestTimestampAuthority tsa = TestTimestampAuthority.generate(Clock.systemUTC());
    timestamp = Timestamper.create(tsa, TimestampVerifier.create(tsa.chain())).timestamp(signature);
  }

  private static byte[] jar(int entries, int size) throws IOException {
    Random random = new Random(15);
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
      for (int i = 0; i < entries; i++) {
        byte[] data = new byte[size];
        random.nextBytes(data);
        out.putNextEntry(new ZipEntry("dev/mayfly/bench/Entry" + i + ".class"));
        out.write(data);
        out.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  @Benchmark
  public byte[] sha256Baseline() throws GeneralSecurityException {
    return MessageDigest.getInstance("SHA-256").digest(jarBytes);
  }

  @Benchmark
  public JarSigningPlan plan() throws MayflyException {
    return JarSigningPlan.create(jarBytes, parameters);
  }

  @Benchmark
  public SignedJar assemble() throws MayflyException {
    return JarSignatureAssembler.assemble(plan, signature, chain, timestamp);
  }
}

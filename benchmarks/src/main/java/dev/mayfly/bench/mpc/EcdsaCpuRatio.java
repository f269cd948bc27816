package dev.mayfly.bench.mpc;

import dev.mayfly.common.PartyId;
import dev.mayfly.mpc.InProcessEcdsa;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECDSASigner;

/**
 * A cross-check of {@link EcdsaBenchmark}'s ratios on a shared machine: rounds of 300 Bouncy
 * Castle ECDSA P-256 sign+verify, 10 threshold signings and one key generation, interleaved, each
 * timed by the thread's CPU time, and the median ratio over the rounds. Interleaving puts the
 * baseline and the protocol under the same load, which a JMH run (one benchmark after the other)
 * cannot when other processes come and go. Not a replacement for the JMH ratios: CPU time still
 * grows under load (caches, shared cores), only less unevenly.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.mayfly.bench.mpc.EcdsaCpuRatio [rounds, default 30]
 * </pre>
 */
public final class EcdsaCpuRatio {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private EcdsaCpuRatio() {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    SecureRandom random = new SecureRandom();
    byte[] message = "mayfly benchmark message".getBytes(StandardCharsets.UTF_8);
    X9ECParameters p256 = CustomNamedCurves.getByName("P-256");
    ECDomainParameters domain =
        new ECDomainParameters(p256.getCurve(), p256.getG(), p256.getN(), p256.getH());
    BigInteger x = new BigInteger(255, random);
    ECPrivateKeyParameters priv = new ECPrivateKeyParameters(x, domain);
    ECPublicKeyParameters pub =
        new ECPublicKeyParameters(domain.getG().multiply(x).normalize(), domain);
    List<PartyId> signers = List.of(PartyId.of(1), PartyId.of(2));
    List<Double> base = new ArrayList<>();
    List<Double> sign = new ArrayList<>();
    List<Double> keygen = new ArrayList<>();
    try (InProcessEcdsa key = InProcessEcdsa.generate(2, 3, random)) {
      for (int round = -5; round < rounds; round++) {
        long t0 = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < 300; i++) {
          bcSignVerify(priv, pub, message, random);
        }
        long t1 = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < 10; i++) {
          key.sign(message, signers, random);
        }
        long t2 = THREADS.getCurrentThreadCpuTime();
        InProcessEcdsa.generate(2, 3, random).close();
        long t3 = THREADS.getCurrentThreadCpuTime();
        if (round >= 0) { // the first five rounds warm up
          double b = (t1 - t0) / 300.0;
          base.add(b);
          sign.add((t2 - t1) / 10.0 / b);
          keygen.add((t3 - t2) / b);
        }
      }
    }
    Collections.sort(base);
    Collections.sort(sign);
    Collections.sort(keygen);
    System.out.printf(Locale.ROOT, "rounds %d, baseline median %.1f us (thread CPU time)%n",
        rounds, base.get(rounds / 2) / 1e3);
    System.out.printf(Locale.ROOT, "sign/baseline   median %.1fx (quartiles %.1fx..%.1fx)%n",
        sign.get(rounds / 2), sign.get(rounds / 4), sign.get(3 * rounds / 4));
    System.out.printf(Locale.ROOT, "keygen/baseline median %.0fx (quartiles %.0fx..%.0fx)%n",
        keygen.get(rounds / 2), keygen.get(rounds / 4), keygen.get(3 * rounds / 4));
  }

  private static boolean bcSignVerify(ECPrivateKeyParameters priv, ECPublicKeyParameters pub,
      byte[] message, SecureRandom random) {
    SHA256Digest sha = new SHA256Digest();
    sha.update(message, 0, message.length);
    byte[] digest = new byte[32];
    sha.doFinal(digest, 0);
    ECDSASigner signer = new ECDSASigner();
    signer.init(true, new ParametersWithRandom(priv, random));
    BigInteger[] rs = signer.generateSignature(digest);
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, pub);
    return verifier.verifySignature(digest, rs[0], rs[1]);
  }
}

package dev.mayfly.ceremony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.simulation.ceremony.LocalCeremony;
import dev.mayfly.simulation.snp.SimulatedAuthority;
import dev.mayfly.snp.abi.Product;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** 50 ceremonies at once in one JVM: each signs its own artifact under its own fresh key. */
class ConcurrentCeremoniesTest {
  private static final int CEREMONIES = 50;

  @Test
  void run_fiftyAtOnce_eachSignsItsOwnArtifactWithItsOwnKey() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CEREMONIES);
    try (SimulatedAuthority authority =
        SimulatedAuthority.generate(Product.MILAN, new SecureRandom(), Instant.now())) {
      List<Future<LocalCeremony.Outcome>> running = new ArrayList<>();
      for (int i = 0; i < CEREMONIES; i++) {
        byte[] artifact = ("artifact number " + i).getBytes(StandardCharsets.UTF_8);
        LocalCeremony ceremony = LocalCeremony.builder()
            .artifact("artifact-" + i + ".txt", artifact)
            .simulatedAuthority(authority)
            .phaseTimeout(Duration.ofSeconds(120))
            .build();
        running.add(pool.submit(ceremony::run));
      }
      Set<String> keys = new HashSet<>();
      Set<String> sessions = new HashSet<>();
      for (int i = 0; i < CEREMONIES; i++) {
        LocalCeremony.Outcome outcome = running.get(i).get();
        assertTrue(outcome.succeeded(), "ceremony " + i + ": " + outcome.aborts());
        PartyResult result = outcome.results().values().iterator().next();
        for (PartyResult other : outcome.results().values()) {
          assertTrue(java.util.Arrays.equals(result.groupKey().subjectPublicKeyInfo(),
              other.groupKey().subjectPublicKeyInfo()), "parties of " + i + " disagree");
        }
        PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(
            new X509EncodedKeySpec(result.groupKey().subjectPublicKeyInfo()));
        Signature jdk = Signature.getInstance("Ed25519");
        jdk.initVerify(key);
        jdk.update(("artifact number " + i).getBytes(StandardCharsets.UTF_8));
        assertTrue(jdk.verify(result.artifactSignature()), "signature of ceremony " + i);
        keys.add(java.util.HexFormat.of().formatHex(result.groupKey().subjectPublicKeyInfo()));
        sessions.add(outcome.proposal().sessionId().toHex());
        outcome.secretsAlive().values().forEach(alive -> assertEquals(0, alive));
      }
      assertEquals(CEREMONIES, keys.size(), "every ceremony must have its own key");
      assertEquals(CEREMONIES, sessions.size());
    } finally {
      pool.shutdownNow();
    }
  }
}

package dev.mayfly.mpc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.common.PartyId;
import dev.mayfly.mpc.ecdsa.EcdsaSignature;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.List;
import org.junit.jupiter.api.Test;

class InProcessEcdsaSmokeTest {
  @Test
  void smoke() throws Exception {
    SecureRandom rng = new SecureRandom();
    long t0 = System.nanoTime();
    try (InProcessEcdsa e = InProcessEcdsa.generate(2, 3, rng)) {
      long t1 = System.nanoTime();
      byte[] msg = "hello".getBytes();
      EcdsaSignature sig = e.sign(msg, List.of(PartyId.of(1), PartyId.of(3)), rng);
      long t2 = System.nanoTime();
      for (int i = 0; i < 3; i++) { e.sign(msg, List.of(PartyId.of(1), PartyId.of(2)), rng); }
      long t3 = System.nanoTime();
      System.out.println("dkg ms " + (t1 - t0) / 1e6 + " sign ms " + (t2 - t1) / 1e6 + " 3 more signs " + (t3 - t2) / 1e6);
      Signature v = Signature.getInstance("SHA256withECDSA");
      v.initVerify(e.publicKey().toJavaPublicKey());
      v.update(msg);
      assertTrue(v.verify(sig.der()));
    }
    long t4 = System.nanoTime();
    try (InProcessEcdsa e = InProcessEcdsa.generate(2, 3, rng)) {
      System.out.println("dkg2 ms " + (System.nanoTime() - t4) / 1e6);
    }
  }
}

package dev.mayfly.ceremony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mayfly.cert.CertVerificationException;
import dev.mayfly.cert.bundle.TrustedRoot;
import dev.mayfly.cert.mint.IssuanceMode;
import dev.mayfly.cert.testing.TestJars;
import dev.mayfly.cert.verify.BundleVerifier;
import dev.mayfly.cert.verify.BundleVerifierOptions;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.simulation.ceremony.LocalCeremony;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A hostile mirror swaps two JARs of one release, both signed in the JAR format by its one
 * ceremony: the API JAR is served under the name of the core JAR. Both signatures are under the
 * release's one key, so {@link BundleVerifier#verifySignedJar} cannot tell them apart unless
 * something signed names the approved artifact: the signature file names it (review finding).
 */
class ReviewSignedJarSwapTest {
  @Test
  void anotherApprovedJarOfTheSameRelease_servedUnderThisName_isRefused() throws Exception {
    byte[] core = TestJars.sample();
    Map<String, byte[]> apiEntries = new LinkedHashMap<>();
    apiEntries.put("META-INF/MANIFEST.MF",
        "Manifest-Version: 1.0\r\n\r\n".getBytes(StandardCharsets.UTF_8));
    apiEntries.put("api/Api.class", "another class\n".getBytes(StandardCharsets.UTF_8));
    byte[] api = TestJars.zip(apiEntries);
    try (LocalCeremony ceremony = LocalCeremony.builder()
        .artifact("core-1.0.jar", core).artifact("api-1.0.jar", api)
        .signJar("core-1.0.jar").signJar("api-1.0.jar")
        .issuance(IssuanceMode.CA_ISSUED).build()) {
      LocalCeremony.Outcome outcome = ceremony.run();
      CeremonyOutput output = outcome.output().orElseThrow();
      BundleVerifier verifier = BundleVerifier.create(BundleVerifierOptions.builder()
          .teePolicyHash(outcome.proposal().teePolicyHash())
          .approvalPolicy(outcome.proposal().approvalPolicy())
          .trustedRoot(TrustedRoot.parseJson(output.trustedRoot().orElseThrow()))
          .allowSimulatedEvidenceInsecure()
          .build());
      byte[] signedApi = output.artifact("api-1.0.jar").signedJar().orElseThrow();
      // as published: accepted under its own name
      verifier.verifySignedJar(signedApi, "api-1.0.jar", output.evidence());
      // swapped: the user asked for core-1.0.jar and must not be told it got it
      CertVerificationException refused = assertThrows(CertVerificationException.class,
          () -> verifier.verifySignedJar(signedApi, "core-1.0.jar", output.evidence()));
      assertEquals(ErrorCode.CERT_ARTIFACT_MISMATCH, refused.code());
    }
  }
}

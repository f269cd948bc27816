package dev.mayfly.ceremony;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.cert.CertVerificationException;
import dev.mayfly.cert.bundle.TrustedRoot;
import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.cert.mint.IssuanceMode;
import dev.mayfly.cert.testing.OpenSsl;
import dev.mayfly.cert.testing.SigstoreJs;
import dev.mayfly.cert.verify.BundleVerifier;
import dev.mayfly.cert.verify.BundleVerifierOptions;
import dev.mayfly.cert.verify.VerifiedArtifact;
import dev.mayfly.common.ArtifactDigest;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.simulation.ceremony.LocalCeremony;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A release of three artifacts signed in one ceremony (issue 15): one key, one certificate, one
 * evidence document, and per artifact a signature and a bundle that every independent verifier
 * accepts; approvals of any other list, and parties given other bytes, are refused.
 */
class ReleaseCeremonyTest {
  private static final Map<String, byte[]> RELEASE = new LinkedHashMap<>();

  static {
    RELEASE.put("demo-1.0.jar", "the JAR's bytes\n".getBytes(StandardCharsets.UTF_8));
    RELEASE.put("demo-1.0.pom", "<project/>\n".getBytes(StandardCharsets.UTF_8));
    RELEASE.put("demo-1.0-sources.jar", "the sources\n".getBytes(StandardCharsets.UTF_8));
  }

  @TempDir Path dir;

  private static LocalCeremony.Builder release(GroupKeyAlgorithm algorithm) {
    LocalCeremony.Builder builder = LocalCeremony.builder().algorithm(algorithm)
        .issuance(IssuanceMode.CA_ISSUED);
    RELEASE.forEach(builder::artifact);
    return builder;
  }

  private static List<ArtifactDigest> digests() {
    List<ArtifactDigest> list = new ArrayList<>();
    RELEASE.forEach((name, bytes) -> list.add(ArtifactDigest.create(name, sha256(bytes))));
    return list;
  }

  private static BundleVerifier verifier(LocalCeremony.Outcome outcome, CeremonyOutput output)
      throws Exception {
    return BundleVerifier.create(BundleVerifierOptions.builder()
        .trustedRoot(TrustedRoot.parseJson(output.trustedRoot().orElseThrow()))
        .teePolicyHash(outcome.proposal().teePolicyHash())
        .approvalPolicy(outcome.proposal().approvalPolicy())
        .allowSimulatedEvidenceInsecure()
        .build());
  }

  @ParameterizedTest
  @EnumSource(GroupKeyAlgorithm.class)
  void run_threeArtifacts_everyVerifierAcceptsEveryArtifact(GroupKeyAlgorithm algorithm)
      throws Exception {
    LocalCeremony.Outcome outcome = release(algorithm).build().run();
    assertTrue(outcome.succeeded(), () -> outcome.aborts().toString());
    assertEquals(digests(), outcome.proposal().artifacts());
    CeremonyOutput output = outcome.output().orElseThrow();
    assertEquals(BundleAssembler.DEFAULT_RELEASE_NAME, output.name());
    assertEquals(3, output.artifacts().size());
    output.writeTo(dir);
    // One certificate and one evidence document for the release, two files per artifact.
    assertEquals(3 * 2 + 4, output.fileNames().size(), output.fileNames()::toString);
    PartyResult first = outcome.results().values().iterator().next();
    for (PartyResult result : outcome.results().values()) {
      for (int i = 0; i < 3; i++) {
        assertArrayEquals(first.artifacts().get(i).signature(),
            result.artifacts().get(i).signature());
      }
    }
    PublicKey key = KeyFactory.getInstance(algorithm == GroupKeyAlgorithm.ED25519
        ? "Ed25519" : "EC").generatePublic(
            new X509EncodedKeySpec(first.groupKey().subjectPublicKeyInfo()));
    BundleVerifier verifier = verifier(outcome, output);
    Path trustedRoot = dir.resolve("trusted_root.json");
    List<byte[]> sessionIds = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, byte[]> artifact : RELEASE.entrySet()) {
      CeremonyOutput.Artifact out = output.artifacts().get(i++);
      assertEquals(artifact.getKey(), out.artifact().name());
      assertEquals(out, output.artifact(artifact.getKey()));
      Path file = Files.write(dir.resolve(artifact.getKey()), artifact.getValue());
      // JDK
      Signature jdk = Signature.getInstance(algorithm == GroupKeyAlgorithm.ED25519
          ? "Ed25519" : "SHA256withECDSA");
      jdk.initVerify(key);
      jdk.update(artifact.getValue());
      assertTrue(jdk.verify(out.signature()), "JDK refuses " + out.signatureFileName());
      // OpenSSL, on the written files
      OpenSsl.Result openssl = algorithm == GroupKeyAlgorithm.ED25519
          ? OpenSsl.run(dir, "pkeyutl", "-verify", "-rawin", "-pubin", "-inkey",
              output.publicKeyFileName(), "-in", file.getFileName().toString(), "-sigfile",
              out.signatureFileName())
          : OpenSsl.run(dir, "dgst", "-sha256", "-verify", output.publicKeyFileName(),
              "-signature", out.signatureFileName(), file.getFileName().toString());
      assertEquals(0, openssl.exitCode(), openssl.output());
      assertTrue(openssl.output().contains("Verified"), openssl.output());
      // Mayfly's verifier
      VerifiedArtifact verified = verifier.verify(artifact.getValue(),
          Files.readAllBytes(dir.resolve(out.sigstoreBundleFileName())),
          Files.readAllBytes(dir.resolve(output.evidenceFileName())));
      assertEquals(artifact.getKey(), verified.artifactName());
      sessionIds.add(verified.sessionId());
      // The official Sigstore JS verifier
      SigstoreJs.Result js = SigstoreJs.verify(dir.resolve(out.sigstoreBundleFileName()),
          trustedRoot, file);
      assertTrue(js.verified(), js.output());
    }
    assertTrue(sessionIds.stream().allMatch(id -> MessageDigest.isEqual(id, sessionIds.get(0))));
  }

  @ParameterizedTest
  @EnumSource(GroupKeyAlgorithm.class)
  void verify_artifactWithAnotherArtifactsBundle_throwsArtifactMismatch(
      GroupKeyAlgorithm algorithm) throws Exception {
    LocalCeremony.Outcome outcome = release(algorithm).build().run();
    CeremonyOutput output = outcome.output().orElseThrow();
    BundleVerifier verifier = verifier(outcome, output);
    byte[] pom = RELEASE.get("demo-1.0.pom");
    CertVerificationException e = assertThrows(CertVerificationException.class,
        () -> verifier.verify(pom, output.artifact("demo-1.0.jar").sigstoreBundle(),
            output.evidence()));
    assertEquals(ErrorCode.CERT_ARTIFACT_MISMATCH, e.code());
    CertVerificationException notListed = assertThrows(CertVerificationException.class,
        () -> verifier.verify("not in the release".getBytes(StandardCharsets.UTF_8),
            output.artifact("demo-1.0.jar").sigstoreBundle(), output.evidence()));
    assertEquals(ErrorCode.CERT_ARTIFACT_MISMATCH, notListed.code());
  }

  @ParameterizedTest
  @EnumSource(WrongList.class)
  void run_approvalOfAnotherList_everyPartyRefusesWithWrongDigest(WrongList wrong)
      throws Exception {
    LocalCeremony.Outcome outcome = release(GroupKeyAlgorithm.ED25519)
        .approvedArtifactsInsecure(wrong.of(digests())).build().run();
    CeremonyTestSupport.assertAgreed(outcome, outcome.proposal().partyIds(),
        ErrorCode.APPROVAL_WRONG_DIGEST);
  }

  @ParameterizedTest
  @EnumSource(GroupKeyAlgorithm.class)
  void run_partyGivenOneWrongArtifact_everyPartyRecordsTheRefusal(GroupKeyAlgorithm algorithm)
      throws Exception {
    LocalCeremony.Outcome outcome = release(algorithm)
        .partyArtifact(PartyId.of(2), "demo-1.0-sources.jar",
            "other sources\n".getBytes(StandardCharsets.UTF_8))
        .build().run();
    OutcomeRecord record = CeremonyTestSupport.assertAgreed(outcome,
        outcome.proposal().partyIds(), ErrorCode.CEREMONY_ARTIFACT_MISMATCH);
    assertTrue(record.reports().stream().anyMatch(r -> r.reporter().equals(PartyId.of(2))
        && r.code() == ErrorCode.CEREMONY_ARTIFACT_MISMATCH), record::toString);
  }

  @Test
  void run_ecdsaReleaseWhoseSealedListsExceedOneMebibyte_signsEveryArtifact() throws Exception {
    // 30 documents: DKLs23's sealed round-2 lists (about 54 KB per document) exceed 1 MiB.
    LocalCeremony.Builder builder = LocalCeremony.builder().algorithm(GroupKeyAlgorithm.ECDSA_P256);
    for (int i = 0; i < 29; i++) {
      builder.artifact("module-" + i + ".jar", ("module " + i).getBytes(StandardCharsets.UTF_8));
    }
    LocalCeremony.Outcome outcome = builder.build().run();
    assertTrue(outcome.succeeded(), () -> outcome.aborts().toString());
    assertEquals(30, outcome.proposal().documentCount());
    CeremonyOutput output = outcome.output().orElseThrow();
    BundleVerifier verifier = BundleVerifier.create(BundleVerifierOptions.builder()
        .teePolicyHash(outcome.proposal().teePolicyHash())
        .approvalPolicy(outcome.proposal().approvalPolicy())
        .allowSimulatedEvidenceInsecure().trustRecordedTimestampAuthorityInsecure().build());
    for (int i = 0; i < 29; i++) {
      verifier.verify(("module " + i).getBytes(StandardCharsets.UTF_8),
          output.artifacts().get(i).sigstoreBundle(), output.evidence());
    }
  }

  @Test
  void build_ecdsaProposalOverTheDocumentLimit_throwsIllegalArgument() {
    SessionProposal.Builder builder = SessionProposal.builder()
        .algorithm(GroupKeyAlgorithm.ECDSA_P256)
        .sessionId(dev.mayfly.transport.SessionId.create(new byte[32]))
        .party(PartyInfo.of(1)).party(PartyInfo.of(2)).threshold(2)
        .teePolicyHash(new byte[32]).startTime(java.time.Instant.now())
        .approvalPolicy(dev.mayfly.approval.ApprovalPolicy.builder()
            .approvers(dev.mayfly.approval.ApproverSet.builder().approver("a",
                dev.mayfly.approval.keys.ApproverSigningKey.generate(
                    dev.mayfly.approval.keys.KeyAlgorithm.ED25519,
                    new java.security.SecureRandom()).publicKey()).build())
            .quorum(1).build());
    for (int i = 0; i < 256; i++) {
      builder.addArtifact("a" + i + ".jar", sha256(new byte[] {(byte) i}));
    }
    builder.build();
    for (int i = 0; i < 40; i++) {
      builder.signJar("a" + i + ".jar");
    }
    assertThrows(IllegalArgumentException.class, builder::build);
  }

  /** Approvals that name something other than the session's three artifacts. */
  enum WrongList {
    SUBSET {
      @Override
      List<ArtifactDigest> of(List<ArtifactDigest> release) {
        return release.subList(0, 2);
      }
    },
    SWAPPED_DIGEST {
      @Override
      List<ArtifactDigest> of(List<ArtifactDigest> release) {
        return List.of(release.get(0), ArtifactDigest.create(release.get(1).name(),
            release.get(2).sha256()), release.get(2));
      }
    },
    OTHER_LIST {
      @Override
      List<ArtifactDigest> of(List<ArtifactDigest> release) {
        return List.of(ArtifactDigest.create("other-2.0.jar", sha256(new byte[] {1})));
      }
    };

    abstract List<ArtifactDigest> of(List<ArtifactDigest> release);
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}

package dev.mayfly.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.approval.ApprovalPolicy;
import dev.mayfly.approval.ApprovalSigner;
import dev.mayfly.approval.ApprovalStatement;
import dev.mayfly.approval.ApprovalVerifier;
import dev.mayfly.approval.ApprovedQuorum;
import dev.mayfly.approval.ApproverSet;
import dev.mayfly.approval.keys.ApproverSigningKey;
import dev.mayfly.approval.keys.KeyAlgorithm;
import dev.mayfly.ceremony.BundleAssembler;
import dev.mayfly.ceremony.CeremonyLimits;
import dev.mayfly.ceremony.CeremonyOptions;
import dev.mayfly.ceremony.CeremonyOutput;
import dev.mayfly.ceremony.PartyInfo;
import dev.mayfly.ceremony.SessionProposal;
import dev.mayfly.ceremony.Signer;
import dev.mayfly.cert.CertVerificationException;
import dev.mayfly.cert.bundle.TrustedRoot;
import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.cert.tsa.TimestampVerifier;
import dev.mayfly.cert.tsa.TsaClient;
import dev.mayfly.cert.tsa.Timestamper;
import dev.mayfly.cert.verify.BundleVerifier;
import dev.mayfly.cert.verify.BundleVerifierOptions;
import dev.mayfly.cert.verify.VerifiedArtifact;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.MayflyException;
import dev.mayfly.common.PartyId;
import dev.mayfly.simulation.SimulatedDeployment;
import dev.mayfly.simulation.cert.TestTimestampAuthority;
import dev.mayfly.snp.evidence.EvidenceProvider;
import dev.mayfly.snp.validate.TeePolicy;
import dev.mayfly.snp.verify.SnpVerifyOptions;
import dev.mayfly.transport.SessionId;
import dev.mayfly.transport.Transport;
import dev.mayfly.transport.memory.InMemoryNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every Java snippet of {@code docs/integration.md}, and fails when the page shows a snippet
 * that is not in this class, {@link CountingTransport}, {@link CountingTransportConformanceTest} or
 * the module descriptor {@link ModulePathTest} runs: each snippet's lines must appear in one of those files, in
 * order (indentation and runs of spaces ignored; the tests may put assertions between them). So
 * the page cannot drift from today's API without this test failing.
 */
class IntegrationDocSnippetsTest {
  private static final List<String> SNIPPET_SOURCES = List.of(
      "java/dev/mayfly/cli/IntegrationDocSnippetsTest.java",
      "java/dev/mayfly/cli/CountingTransport.java",
      "java/dev/mayfly/cli/CountingTransportConformanceTest.java",
      "module-path/dev.mayfly.check/module-info.java"); // run by ModulePathTest

  @TempDir
  Path dir;

  @Test
  void everySnippetOfThePage_isInTheseTests() throws IOException {
    Path root = RepositoryRoot.path();
    String page = Files.readString(root.resolve("docs/integration.md"), UTF_8);
    List<List<String>> sources = new ArrayList<>();
    for (String name : SNIPPET_SOURCES) {
      sources.add(normalizedLines(Files.readString(
          root.resolve("cli/src/test/" + name), UTF_8)));
    }
    List<String> snippets = javaBlocks(page);
    assertTrue(snippets.size() >= 5, "expected the page's Java snippets, found " + snippets.size());
    List<String> missing = new ArrayList<>();
    for (String snippet : snippets) {
      List<String> lines = normalizedLines(snippet);
      if (sources.stream().noneMatch(source -> containsInOrder(source, lines))) {
        missing.add(snippet);
      }
    }
    assertEquals(List.of(), missing, "snippets of docs/integration.md that no test runs");
  }

  @Test
  void snippetMatcher_needsEveryLineInOrder() {
    List<String> source = normalizedLines("a(1);\n  b(2);   // note\nassert x;\nc(3);\n");
    assertTrue(containsInOrder(source, normalizedLines("a(1);\nb(2);  // note\nc(3);")));
    assertFalse(containsInOrder(source, normalizedLines("c(3);\na(1);")));
    assertFalse(containsInOrder(source, normalizedLines("a(1);\nb(3);")));
    assertEquals(List.of("x();\n"), javaBlocks("text\n```java\nx();\n```\n```sh\ny\n```\n"));
  }

  // ------------------------------------------------------------------ snippets, run

  /** "Try it without SEV-SNP": every party in this JVM with simulated attestation. */
  @Test
  void simulatedDeployment_signsAndItsOutputVerifiesOnlyWithTheInsecurePreset() throws Exception {
    byte[] artifact = "an artifact\n".getBytes(UTF_8);
    try (SimulatedDeployment deployment = SimulatedDeployment.builder().build();
        Signer signer = deployment.localSimulatedInsecure()) {
      List<byte[]> approvals = deployment.approve("app.jar", artifact);  // its approvers
      CeremonyOutput files = signer.sign("app.jar", artifact, approvals);
      VerifiedArtifact verified = BundleVerifier.create(deployment.verifierOptions())
          .verify(artifact, files.sigstoreBundle(), files.evidence());
      assertTrue(verified.simulated());
      assertEquals("app.jar", verified.artifactName());
      // The strict defaults refuse it.
      CertVerificationException refused = assertThrows(CertVerificationException.class,
          () -> BundleVerifier.create(BundleVerifierOptions.builder()
                  .teePolicyHash(deployment.teePolicyHash())
                  .approvalPolicy(deployment.approvalPolicy())
                  .trustedRoot(deployment.trustedRoot()).build())
              .verify(artifact, files.sigstoreBundle(), files.evidence()));
      assertEquals(ErrorCode.CERT_SIMULATED_EVIDENCE_REFUSED, refused.code());
    }
  }

  /**
   * The host's path: a policy file and its hash, approvals checked, a proposal, three parties over
   * the host's own transport, the bundle assembled, and the verifier's check.
   */
  @Test
  void hostWithItsOwnTransport_partiesSign_andAVerifierChecks() throws Exception {
    Path policyFile = dir.resolve("policy.json");
    Files.writeString(policyFile, "{\"version\": 1, \"products\": [\"Milan\"], \"measurements\": "
        + "[\"" + HexFormat.of().formatHex(SimulatedDeployment.simulatedMeasurement()) + "\"]}");

    TeePolicy policy = TeePolicy.parseJson(Files.readString(policyFile));
    String pin = HexFormat.of().formatHex(policy.hash());   // what `mayfly policy hash` prints
    assertEquals(pin, CliRun.run("policy", "hash", "--policy", policyFile.toString()).out()
        .strip());

    byte[] artifact = "release 1.0\n".getBytes(UTF_8);
    byte[] artifactSha256 = MessageDigest.getInstance("SHA-256").digest(artifact);
    Path approversFile = dir.resolve("approvers.json");
    List<byte[]> approvals = new ArrayList<>();
    try (ApproverSigningKey alice = ApproverSigningKey.generate(KeyAlgorithm.ED25519);
        ApproverSigningKey bob = ApproverSigningKey.generate(KeyAlgorithm.ECDSA_P256)) {
      Files.write(approversFile, ApprovalPolicy.builder().approvers(ApproverSet.builder()
          .approver("alice", alice.publicKey()).approver("bob", bob.publicKey()).build())
          .quorum(2).build().toJsonBytes());
      approvals.add(approve(alice, "alice", artifactSha256, policy));
      approvals.add(approve(bob, "bob", artifactSha256, policy));
    }

    ApprovalPolicy approvers = ApprovalPolicy.parseJson(Files.readAllBytes(approversFile));
    ApprovedQuorum quorum = ApprovalVerifier.create(approvers)
        .verify(approvals, "app.jar", artifactSha256, policy.hash());
    assertEquals(2, quorum.counted().size());

    // The simulated chips (one per party) and the test TSA of a simulated deployment.
    SimulatedDeployment simulated = SimulatedDeployment.builder().build();
    TestTimestampAuthority tsa = simulated.timestampAuthority();
    List<X509Certificate> tsaChain = simulated.timestampAuthorityChain();
    SessionProposal proposal = SessionProposal.builder()
        .sessionId(SessionId.generate(new SecureRandom()))
        .parties(List.of(PartyInfo.of(1), PartyInfo.of(2), PartyInfo.of(3)))
        .threshold(2)
        .algorithm(GroupKeyAlgorithm.ED25519)
        .artifact("app.jar", artifactSha256)
        .teePolicyHash(policy.hash())
        .approvalPolicy(approvers)
        .approvals(approvals)
        .startTime(Instant.now())
        .build();

    Map<PartyId, CeremonyOutput> outputs = new TreeMap<>();
    Map<PartyId, CountingTransport> transports = new TreeMap<>();
    CeremonyOptions options = CeremonyOptions.builder().phaseTimeouts(Duration.ofSeconds(20))
        .snpVerifyOptions(SnpVerifyOptions.builder().allowSimulatedEvidenceInsecure().build())
        .build();
    ExecutorService threads = Executors.newFixedThreadPool(3);
    try (simulated; InMemoryNetwork network = InMemoryNetwork.builder().parties(3).build()) {
      Map<PartyId, Future<CeremonyOutput>> running = new TreeMap<>();
      for (PartyInfo info : proposal.parties()) {
        PartyId self = info.id();
        EvidenceProvider evidence = simulated.evidenceProvider(self);
        CountingTransport transport = new CountingTransport(network.transport(self));
        transports.put(self, transport);
        running.put(self, threads.submit(() -> runParty(proposal, self, transport, policy,
            approvers, evidence, options, tsa, tsaChain, artifact, dir)));
      }
      for (Map.Entry<PartyId, Future<CeremonyOutput>> party : running.entrySet()) {
        outputs.put(party.getKey(), party.getValue().get());
      }
    } finally {
      threads.shutdownNow();
    }
    transports.values().forEach(t -> assertTrue(t.sent() > 0, "the host's transport was used"));
    CeremonyOutput files = outputs.get(PartyId.of(1));
    assertTrue(Files.isRegularFile(dir.resolve("out/app.jar.sigstore.json")));
    outputs.values().forEach(o -> assertArrayEquals(files.signature(), o.signature()));

    // The verifier's snippet, as a production verifier runs it: simulated parties are refused.
    CertVerificationException refused = assertThrows(CertVerificationException.class, () -> {
      BundleVerifierOptions verifierOptions = BundleVerifierOptions.builder()
          .teePolicyHash(policy.hash())                               // your pin
          .approvalPolicy(approvers)                                  // the approvers you trust
          .trustedRoot(TrustedRoot.of(List.of(), List.of(tsaChain)))  // the TSAs (and CAs) you trust
          .build();
      VerifiedArtifact verified = BundleVerifier.create(verifierOptions)
          .verify(artifact, files.sigstoreBundle(), files.evidence());
      assertFalse(verified.simulated());
    });
    assertEquals(ErrorCode.CERT_SIMULATED_EVIDENCE_REFUSED, refused.code());
    // With the opt-in that simulated parties need, everything else checks.
    VerifiedArtifact verified = BundleVerifier.create(BundleVerifierOptions.builder()
            .teePolicyHash(policy.hash()).approvalPolicy(approvers)
            .trustedRoot(TrustedRoot.of(List.of(), List.of(tsaChain)))
            .allowSimulatedEvidenceInsecure().build())
        .verify(artifact, files.sigstoreBundle(), files.evidence());
    assertEquals(2, verified.approvalsCounted());
    assertTrue(verified.timestamped());
  }

  /** One party, as a host runs it in each party's process or enclave. */
  static CeremonyOutput runParty(SessionProposal proposal, PartyId self, Transport transport,
      TeePolicy policy, ApprovalPolicy approvers, EvidenceProvider evidence,
      CeremonyOptions options, TsaClient tsa, List<X509Certificate> tsaChain, byte[] artifact,
      Path dir) throws MayflyException {
    Signer party = Signer.builder()
        .party(self, transport)                // yours; the signer does not own it
        .teePolicy(policy)                     // pin: the proposal must carry its hash
        .approvalPolicy(approvers)             // pin: approver keys and quorum
        .limits(CeremonyLimits.builder().minThreshold(2).build())   // pin
        .evidenceProvider(evidence)            // ConfigfsTsmProvider.create() in an SEV-SNP guest
        .options(options)                      // CeremonyOptions.defaults() in production
        .assembler(BundleAssembler.builder()   // the output files: TSA (and CA)
            .timestamper(Timestamper.create(tsa, TimestampVerifier.create(tsaChain)))
            .timestampAuthorityChain(tsaChain)
            .build())
        .build();
    CeremonyOutput files = party.sign(proposal, artifact);   // or throws CeremonyException
    if (self.equals(PartyId.of(1))) {
      files.writeTo(dir.resolve("out"));
    }
    return files;
  }

  private static byte[] approve(ApproverSigningKey key, String id, byte[] sha256,
      TeePolicy policy) {
    Instant now = Instant.now();
    return ApprovalSigner.create(key).sign(ApprovalStatement.builder()
        .artifact("app.jar", sha256).approverId(id).changeRef("CR-42")
        .teePolicyHash(policy.hash()).validity(now.minusSeconds(60), now.plusSeconds(3600))
        .build()).toJsonBytes();
  }

  // ------------------------------------------------------------------ page matching

  /** The bodies of the page's {@code ```java} blocks. */
  static List<String> javaBlocks(String page) {
    List<String> blocks = new ArrayList<>();
    Matcher m = Pattern.compile("(?ms)^```java\\n(.*?)^```").matcher(page);
    while (m.find()) {
      blocks.add(m.group(1));
    }
    return blocks;
  }

  /** Non-blank lines, trimmed, with runs of white space made one space. */
  static List<String> normalizedLines(String text) {
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\n")) {
      String normalized = line.strip().replaceAll("\\s+", " ");
      if (!normalized.isEmpty()) {
        lines.add(normalized);
      }
    }
    return lines;
  }

  /** Whether {@code wanted} occurs in {@code source} in order, other lines allowed between. */
  static boolean containsInOrder(List<String> source, List<String> wanted) {
    int next = 0;
    for (String line : source) {
      if (next < wanted.size() && line.equals(wanted.get(next))) {
        next++;
      }
    }
    return next == wanted.size();
  }
}

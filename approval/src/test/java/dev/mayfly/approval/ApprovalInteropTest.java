package dev.mayfly.approval;

import static dev.mayfly.approval.testing.Fixtures.ARTIFACT;
import static dev.mayfly.approval.testing.Fixtures.ARTIFACT_SHA256;
import static dev.mayfly.approval.testing.Fixtures.AT;
import static dev.mayfly.approval.testing.Fixtures.POLICY_HASH;
import static dev.mayfly.approval.testing.Fixtures.statement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.approval.dsse.DsseEnvelope;
import dev.mayfly.approval.dsse.DsseSignature;
import dev.mayfly.approval.intoto.InTotoStatement;
import dev.mayfly.approval.keys.ApproverSigningKey;
import dev.mayfly.approval.keys.KeyAlgorithm;
import dev.mayfly.approval.testing.Fixtures;
import dev.mayfly.approval.testing.OpenSsl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Approvals checked by independent verifiers (OpenSSL, the JDK) and made by OpenSSL. */
class ApprovalInteropTest {
  @TempDir Path dir;

  @Test
  void ecdsaApproval_verifiesWithOpensslDgst() throws Exception {
    ApproverSigningKey key = Fixtures.key(1, KeyAlgorithm.ECDSA_P256);
    DsseEnvelope envelope = ApprovalSigner.create(key).sign(statement(1).build());
    Files.write(dir.resolve("pae.bin"), envelope.preAuthEncoding());
    Files.write(dir.resolve("sig.der"), envelope.signatures().get(0).signature());
    Files.writeString(dir.resolve("pub.pem"), key.publicKey().toPem());
    String out = OpenSsl.ok(dir, "dgst", "-sha256", "-verify", "pub.pem", "-signature", "sig.der",
        "pae.bin");
    assertTrue(out.contains("Verified OK"), out);
    // The same check fails for a payload changed by one byte.
    byte[] pae = envelope.preAuthEncoding();
    pae[pae.length - 2] ^= 1;
    Files.write(dir.resolve("pae.bin"), pae);
    assertNotEquals(0, OpenSsl.run(dir, "dgst", "-sha256", "-verify", "pub.pem", "-signature",
        "sig.der", "pae.bin").exitCode());
  }

  @Test
  void ed25519Approval_verifiesWithJdkSignature() throws Exception {
    ApproverSigningKey key = Fixtures.key(0, KeyAlgorithm.ED25519);
    DsseEnvelope envelope = ApprovalSigner.create(key).sign(statement(0).build());
    PublicKey jdkKey = KeyFactory.getInstance("Ed25519")
        .generatePublic(new X509EncodedKeySpec(key.publicKey().encoded()));
    Signature verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(jdkKey);
    verifier.update(envelope.preAuthEncoding());
    assertTrue(verifier.verify(envelope.signatures().get(0).signature()));
    verifier.initVerify(jdkKey);
    verifier.update(envelope.payload());
    assertFalse(verifier.verify(envelope.signatures().get(0).signature()),
        "the signature covers the PAE, not the bare payload");
  }

  @Test
  void opensslSignedApprovals_countTowardsQuorum() throws Exception {
    OpenSsl.ok(dir, "genpkey", "-algorithm", "ed25519", "-out", "ed.pem");
    OpenSsl.ok(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
        "-out", "ec.pem");
    ApproverSigningKey ed = ApproverSigningKey.parsePkcs8Pem(Files.readAllBytes(dir.resolve("ed.pem")));
    ApproverSigningKey ec = ApproverSigningKey.parsePkcs8Pem(Files.readAllBytes(dir.resolve("ec.pem")));
    ApprovalPolicy policy = ApprovalPolicy.builder()
        .approvers(ApproverSet.builder()
            .approver("ed", ed.publicKey())
            .approver("ec", ec.publicKey())
            .build())
        .quorum(2)
        .build();
    ed.close();
    ec.close(); // from here on only OpenSSL holds the private keys

    byte[] edEnvelope = opensslSigned("ed", "ed.pem", new String[] {
        "pkeyutl", "-sign", "-inkey", "ed.pem", "-rawin", "-in", "pae.bin", "-out", "sig.bin"},
        policy);
    byte[] ecEnvelope = opensslSigned("ec", "ec.pem", new String[] {
        "dgst", "-sha256", "-sign", "ec.pem", "-out", "sig.bin", "pae.bin"}, policy);
    ApprovedQuorum quorum = ApprovalVerifier.create(policy)
        .verify(List.of(edEnvelope, ecEnvelope), ARTIFACT, ARTIFACT_SHA256, POLICY_HASH, AT);
    assertEquals(List.of("ed", "ec"), quorum.counted().stream().map(Approval::approverId).toList());
  }

  private byte[] opensslSigned(String id, String keyFile, String[] signCommand, ApprovalPolicy policy)
      throws Exception {
    byte[] payload = statement(0).approverId(id).build().toInTotoStatement().toJsonBytes();
    DsseEnvelope unsigned = DsseEnvelope.of(InTotoStatement.PAYLOAD_TYPE, payload, List.of());
    Files.write(dir.resolve("pae.bin"), unsigned.preAuthEncoding());
    OpenSsl.ok(dir, signCommand);
    String keyId = policy.approvers().byId(id).orElseThrow().publicKey().keyId();
    return unsigned.withSignature(DsseSignature.of(keyId, Files.readAllBytes(dir.resolve("sig.bin"))))
        .toJsonBytes();
  }
}

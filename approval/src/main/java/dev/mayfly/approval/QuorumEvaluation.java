package dev.mayfly.approval;

import dev.mayfly.approval.dsse.DsseEnvelope;
import dev.mayfly.approval.dsse.DsseSignature;
import dev.mayfly.approval.internal.StrictJson;
import dev.mayfly.approval.intoto.InTotoStatement;
import dev.mayfly.approval.keys.ApproverPublicKey;
import dev.mayfly.common.ArtifactDigest;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.internal.Hex;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Checks every approval envelope against a policy and an artifact, and decides the quorum outcome
 * without throwing. Shared by {@link ApprovalVerifier} (which throws on failure) and
 * {@link ApprovalExplainer} (which reports).
 *
 * <p>Per envelope, in order, stopping at the first failure: strict DSSE parse and exactly one
 * signature (MALFORMED); key id names a configured key (UNKNOWN_APPROVER), or with an empty key id
 * some configured key; signature over the PAE (BAD_SIGNATURE); payload type, statement and
 * predicate (MALFORMED); claimed approver id equals the key's configured id (UNKNOWN_APPROVER);
 * subjects: the same set of (name, digest) pairs as the expected release, in any order
 * (WRONG_DIGEST); TEE policy hash (WRONG_POLICY); notBefore
 * (NOT_YET_VALID) and notAfter (EXPIRED); key and id not yet counted (DUPLICATE_APPROVER).
 */
final class QuorumEvaluation {
  /** The most envelopes evaluated; with more, every one is discounted as malformed. */
  static final int MAX_ENVELOPES = 256;

  private final List<Approval> counted;
  private final List<RejectedApproval> discounted;
  private final int quorum;

  private QuorumEvaluation(List<Approval> counted, List<RejectedApproval> discounted, int quorum) {
    this.counted = List.copyOf(counted);
    this.discounted = List.copyOf(discounted);
    this.quorum = quorum;
  }

  static QuorumEvaluation evaluate(
      ApprovalPolicy policy,
      List<byte[]> envelopesJson,
      List<ArtifactDigest> artifacts,
      byte[] teePolicyHash,
      Instant at) {
    List<Approval> counted = new ArrayList<>();
    List<RejectedApproval> discounted = new ArrayList<>();
    if (envelopesJson.size() > MAX_ENVELOPES) {
      for (int i = 0; i < envelopesJson.size(); i++) {
        discounted.add(new RejectedApproval(i, ErrorCode.APPROVAL_MALFORMED,
            envelopesJson.size() + " approvals supplied, at most " + MAX_ENVELOPES + " allowed",
            null));
      }
      return new QuorumEvaluation(counted, discounted, policy.quorum());
    }
    Set<ApproverPublicKey> countedKeys = new HashSet<>();
    Set<String> countedIds = new HashSet<>();
    for (int i = 0; i < envelopesJson.size(); i++) {
      Check check = new Check(i, policy.approvers());
      try {
        Approval approval = check.run(envelopesJson.get(i), artifacts, teePolicyHash, at);
        if (countedKeys.contains(approval.publicKey()) || countedIds.contains(approval.approverId())) {
          throw new ApprovalException(ErrorCode.APPROVAL_DUPLICATE_APPROVER,
              "approver " + approval.approverId() + " (key " + approval.publicKey().keyId()
                  + ") already counted");
        }
        countedKeys.add(approval.publicKey());
        countedIds.add(approval.approverId());
        counted.add(approval);
      } catch (ApprovalException e) {
        discounted.add(new RejectedApproval(i, e.code(), reasonOf(e), check.verifiedApprover));
      }
    }
    return new QuorumEvaluation(counted, discounted, policy.quorum());
  }

  private static String reasonOf(ApprovalException e) {
    String message = String.valueOf(e.getMessage());
    String prefix = e.code() + ": ";
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }

  List<Approval> counted() {
    return counted;
  }

  List<RejectedApproval> discounted() {
    return discounted;
  }

  /**
   * Empty when the quorum is met. Otherwise the code {@code verify} throws: when the discounted
   * approvals explain the shortfall (counted plus discounted reach the quorum), the code of the
   * first discounted one; else {@link ErrorCode#APPROVAL_QUORUM_NOT_MET}.
   */
  Optional<ErrorCode> failure() {
    if (counted.size() >= quorum) {
      return Optional.empty();
    }
    if (!discounted.isEmpty() && counted.size() + discounted.size() >= quorum) {
      return Optional.of(discounted.get(0).code());
    }
    return Optional.of(ErrorCode.APPROVAL_QUORUM_NOT_MET);
  }

  /** A message naming the count, the quorum and every discounted approval with its reason. */
  String failureMessage() {
    String who = counted.stream().map(Approval::approverId).collect(Collectors.joining(", "));
    StringBuilder b = new StringBuilder()
        .append("approval quorum not met: ")
        .append(counted.size()).append(" of ").append(quorum)
        .append(" required distinct approvers counted");
    if (!who.isEmpty()) {
      b.append(" (").append(who).append(')');
    }
    if (discounted.isEmpty()) {
      b.append("; no approval was discounted");
    } else {
      b.append("; discounted: ");
      b.append(discounted.stream().map(RejectedApproval::toString).collect(Collectors.joining("; ")));
    }
    return b.toString();
  }

  /** The checks of one envelope; remembers the approver once its signature verified. */
  private static final class Check {
    private final int index;
    private final ApproverSet approvers;
    private @Nullable String verifiedApprover;

    Check(int index, ApproverSet approvers) {
      this.index = index;
      this.approvers = approvers;
    }

    Approval run(byte[] json, List<ArtifactDigest> artifacts, byte[] teePolicyHash,
        Instant at) throws ApprovalException {
      DsseEnvelope envelope = DsseEnvelope.parseJson(json);
      if (envelope.signatures().size() != 1) {
        throw StrictJson.malformed("an approval envelope must have exactly one signature, got "
            + envelope.signatures().size());
      }
      ApproverSet.Approver approver = signer(envelope);
      verifiedApprover = approver.id();
      if (!InTotoStatement.PAYLOAD_TYPE.equals(envelope.payloadType())) {
        throw StrictJson.malformed("payloadType is \"" + StrictJson.printable(envelope.payloadType())
            + "\", expected " + InTotoStatement.PAYLOAD_TYPE);
      }
      ApprovalStatement statement = ApprovalStatement.fromInTotoStatement(
          InTotoStatement.parseJson(envelope.payload()));
      if (!statement.approverId().equals(approver.id())) {
        throw new ApprovalException(ErrorCode.APPROVAL_UNKNOWN_APPROVER,
            "signed by the key of approver " + approver.id() + " but names approver \""
                + statement.approverId() + "\"");
      }
      if (!ArtifactDigest.sameRelease(statement.artifacts(), artifacts)) {
        throw new ApprovalException(ErrorCode.APPROVAL_WRONG_DIGEST,
            "approves " + describe(statement.artifacts()) + ", expected "
                + describe(artifacts));
      }
      if (!MessageDigest.isEqual(statement.teePolicyHash(), teePolicyHash)) {
        throw new ApprovalException(ErrorCode.APPROVAL_WRONG_POLICY,
            "teePolicyHash is " + Hex.encode(statement.teePolicyHash()) + ", expected "
                + Hex.encode(teePolicyHash));
      }
      if (at.isBefore(statement.notBefore())) {
        throw new ApprovalException(ErrorCode.APPROVAL_NOT_YET_VALID,
            "notBefore is " + statement.notBefore() + ", check time " + at + " is earlier");
      }
      if (at.isAfter(statement.notAfter())) {
        throw new ApprovalException(ErrorCode.APPROVAL_EXPIRED,
            "notAfter is " + statement.notAfter() + ", check time " + at + " is later");
      }
      return new Approval(index, approver.id(), approver.publicKey(), statement, envelope, json);
    }

    private static String describe(List<ArtifactDigest> artifacts) {
      if (artifacts.size() == 1) {
        return "\"" + StrictJson.printable(artifacts.get(0).name()) + "\" sha256 "
            + artifacts.get(0).sha256Hex();
      }
      return "a release of " + artifacts.size() + " artifacts ("
          + artifacts.stream().map(a -> "\"" + StrictJson.printable(a.name()) + "\" sha256 "
              + a.sha256Hex()).collect(Collectors.joining(", ")) + ")";
    }

    /** The configured approver whose key verifies the single signature. */
    private ApproverSet.Approver signer(DsseEnvelope envelope) throws ApprovalException {
      DsseSignature signature = envelope.signatures().get(0);
      byte[] pae = envelope.preAuthEncoding();
      byte[] sig = signature.signature();
      if (!signature.keyId().isEmpty()) {
        ApproverSet.Approver approver = approvers.byKeyId(signature.keyId()).orElseThrow(
            () -> new ApprovalException(ErrorCode.APPROVAL_UNKNOWN_APPROVER,
                "keyid \"" + StrictJson.printable(signature.keyId())
                    + "\" is not the key of any configured approver"));
        approver.publicKey().verify(pae, sig);
        return approver;
      }
      for (ApproverSet.Approver approver : approvers.approvers()) {
        try {
          approver.publicKey().verify(pae, sig);
          return approver;
        } catch (ApprovalException e) {
          // Not this approver's signature; try the next one.
        }
      }
      throw new ApprovalException(ErrorCode.APPROVAL_BAD_SIGNATURE,
          "the signature (without keyid) verifies under no configured approver key");
    }
  }
}

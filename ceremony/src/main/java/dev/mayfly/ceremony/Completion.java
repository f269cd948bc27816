package dev.mayfly.ceremony;

import static dev.mayfly.ceremony.RoundPlan.DONE;
import static dev.mayfly.ceremony.RoundPlan.DONE_ECHO;

import dev.mayfly.ceremony.internal.Messages;
import dev.mayfly.cert.evidence.DestructionReceipt;
import dev.mayfly.cert.evidence.ReportDataBinding;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.evidence.Evidence;
import dev.mayfly.snp.validate.PolicyValidator;
import dev.mayfly.snp.validate.ReportExpectations;
import dev.mayfly.snp.verify.SnpVerifier;
import dev.mayfly.snp.verify.VerifiedReport;
import dev.mayfly.transport.Envelope;
import dev.mayfly.transport.PeerAbortedException;
import dev.mayfly.transport.VerifiedEnvelope;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The done round, after every share is destroyed: every party broadcasts the signatures it ended
 * with (none, if it did not compute them) and its destruction receipt; once the echoes agree,
 * every party checks every other party's message the same way. A signature list must have one
 * signature per document, each verifying under the group key (for ECDSA with a low S, which makes
 * it unique), and every list must be the same; a receipt must verify, satisfy the policy, bind the
 * transcript and come from the chip of the party's hello. Each failure is a proof against the
 * party whose signed message shows it.
 *
 * <p>This is the last round: its echo is the one place where agreement cannot be guaranteed (a
 * final message can always be lost), so a party may return the agreed signatures while another
 * times out; what any party returns is the agreed, approved result.
 */
final class Completion {
  /** The agreed signatures, in document order, and every party's receipt, ascending. */
  record Agreed(List<byte[]> signatures, List<DestructionReceipt> receipts) {}

  private final SessionIo io;
  private final ThresholdProtocol protocol;
  private final List<PartyId> signers;
  private final SnpVerifier verifier;
  private final PolicyValidator validator;
  private final PeerAttestation peers;
  private final byte[] sessionId;

  Completion(SessionIo io, ThresholdProtocol protocol, List<PartyId> signers,
      SnpVerifier verifier, PolicyValidator validator, PeerAttestation peers, byte[] sessionId) {
    this.io = io;
    this.protocol = protocol;
    this.signers = signers;
    this.verifier = verifier;
    this.validator = validator;
    this.peers = peers;
    this.sessionId = sessionId;
  }

  /**
   * Runs the done round.
   *
   * @param own the signatures this party computed (empty if it did not compute them)
   * @param receipt this party's destruction receipt
   */
  Agreed run(ThresholdProtocol.GroupKey key, List<Document> documents, List<byte[]> own,
      Evidence receipt, byte[] transcriptHash) throws SessionFault, PeerAbortedException {
    Envelope ownDone = io.broadcast(DONE, Messages.done(new Messages.Done(own, receipt)));
    SortedMap<PartyId, VerifiedEnvelope> done = io.collect(DONE, io.peers());
    return io.agree(DONE, DONE_ECHO, Optional.of(ownDone), done,
        () -> check(key, documents, own, receipt, transcriptHash, done));
  }

  private Agreed check(ThresholdProtocol.GroupKey key, List<Document> documents,
      List<byte[]> own, Evidence ownReceipt, byte[] transcriptHash,
      SortedMap<PartyId, VerifiedEnvelope> done) throws SessionFault {
    List<byte[]> agreed = own.isEmpty() ? null : own;
    List<DestructionReceipt> receipts = new ArrayList<>();
    receipts.add(DestructionReceipt.of(io.self(), ownReceipt));
    for (VerifiedEnvelope envelope : done.values()) {
      PartyId peer = envelope.sender();
      Envelope shown = envelope.envelope();
      Messages.Done theirs = io.parsePublic(peer, DONE, shown,
          () -> Messages.parseDone(envelope.payload()));
      List<byte[]> signatures = theirs.signatures();
      boolean computes = protocol.computesSignatures(signers.contains(peer));
      if (signatures.isEmpty() == computes) {
        throw io.proof(ErrorCode.CEREMONY_SIGNATURE_MISMATCH, peer, DONE, shown, peer
            + (computes ? " ended without the signatures" : " sent signatures it cannot have"));
      }
      // A list equal to the one held needs no second verification: the protocol verifies its own
      // signatures, a peer's list is held only once checked, and the same bytes verify the same.
      if (computes && !(agreed != null && same(agreed, signatures))) {
        checkSignatures(key, documents, peer, shown, signatures);
        if (agreed == null) {
          agreed = signatures;
        } else {
          // Both lists verify, and a valid list is unique given the key and the documents: only
          // a break of the signature scheme gets here, and nothing says which list is wrong.
          throw io.report(ErrorCode.CEREMONY_SIGNATURE_MISMATCH, List.of(peer), DONE,
              peer + " ended with other valid signatures than " + io.self() + " holds");
        }
      }
      checkReceipt(peer, shown, theirs.receipt(), transcriptHash);
      receipts.add(DestructionReceipt.of(peer, theirs.receipt()));
    }
    if (agreed == null) {
      throw new IllegalStateException("no party computed the signatures");
    }
    receipts.sort((a, b) -> a.partyId().compareTo(b.partyId()));
    return new Agreed(agreed, receipts);
  }

  /** Every entry of {@code peer}'s list: one per document, each valid under the group key. */
  private void checkSignatures(ThresholdProtocol.GroupKey key, List<Document> documents,
      PartyId peer, Envelope shown, List<byte[]> signatures) throws SessionFault {
    if (signatures.size() != documents.size()) {
      throw io.proof(ErrorCode.CEREMONY_SIGNATURE_MISMATCH, peer, DONE, shown, peer + " lists "
          + signatures.size() + " signatures for " + documents.size() + " documents");
    }
    for (int i = 0; i < documents.size(); i++) {
      try {
        protocol.verify(key.publicKey(), documents.get(i).bytes(), signatures.get(i));
      } catch (ProtocolException e) {
        throw io.proof(ErrorCode.CEREMONY_SIGNATURE_MISMATCH, peer, DONE, shown,
            peer + "'s " + documents.get(i).name() + " signature does not verify");
      }
    }
  }

  private static boolean same(List<byte[]> a, List<byte[]> b) {
    boolean same = a.size() == b.size();
    for (int i = 0; same && i < a.size(); i++) {
      same = MessageDigest.isEqual(a.get(i), b.get(i));
    }
    return same;
  }

  private void checkReceipt(PartyId peer, Envelope shown, Evidence receipt,
      byte[] transcriptHash) throws SessionFault {
    try {
      VerifiedReport report = verifier.verify(receipt);
      validator.validate(report, ReportExpectations.reportData(
          ReportDataBinding.destroyed(sessionId, peer, transcriptHash)));
      if (!peers.sameMachine(peer, report)) {
        throw io.proof(ErrorCode.CEREMONY_RECEIPT_INVALID, peer, DONE, shown,
            peer + "'s receipt comes from another chip than its hello");
      }
    } catch (AttestationException e) {
      throw io.proof(ErrorCode.CEREMONY_RECEIPT_INVALID, peer, DONE, shown,
          peer + "'s destruction receipt is refused: " + e.code() + " " + e.detail());
    }
  }
}

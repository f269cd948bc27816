package dev.mayfly.ceremony;

import dev.mayfly.ceremony.internal.Messages;
import dev.mayfly.cert.mint.GroupPublicKey;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.InsecureSecretAccess;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.common.SecretBytes;
import dev.mayfly.mpc.ProtocolMessage;
import dev.mayfly.mpc.Step;
import dev.mayfly.mpc.ecdsa.EcdsaDkgParticipant;
import dev.mayfly.mpc.ecdsa.EcdsaKeyShare;
import dev.mayfly.mpc.ecdsa.EcdsaSignature;
import dev.mayfly.mpc.ecdsa.EcdsaSigningParticipant;
import dev.mayfly.transport.Envelope;
import dev.mayfly.transport.PeerAbortedException;
import dev.mayfly.transport.RoundTag;
import dev.mayfly.transport.VerifiedEnvelope;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.security.auth.Destroyable;

/**
 * DKLs23 threshold ECDSA on P-256 in the ceremony. Signing: {@code sign/1} broadcasts every
 * party's document digests (echoed, checked by every party); {@code sign/2} and {@code sign/3}
 * carry the signers' first two DKLs23 rounds point to point, HPKE-encrypted (a failure there is
 * the recipient's report: only it can read them); {@code sign/4} broadcasts their third round to
 * every party (echoed; its encoding is checked by every party, its DKLs23 checks only by the
 * signers, who hold the pairwise state). Only signers compute the signatures; the other parties
 * receive them in the done round and verify them under the group key.
 */
final class EcdsaProtocol implements ThresholdProtocol {
  static final RoundTag SIGN_1 = RoundTag.of("sign", 1);
  static final RoundTag SIGN_1_ECHO = RoundTag.of("sign-echo", 1);
  static final RoundTag SIGN_2 = RoundTag.of("sign", 2);
  static final RoundTag SIGN_3 = RoundTag.of("sign", 3);
  static final RoundTag SIGN_4 = RoundTag.of("sign", 4);
  static final RoundTag SIGN_4_ECHO = RoundTag.of("sign-echo", 4);

  private final List<EcdsaSigningParticipant> signing = new ArrayList<>();
  private EcdsaDkgParticipant dkg;

  @Override
  public String name() {
    return "DKLs23(P-256, SHA-256)";
  }

  @Override
  public boolean signsStatementInRawMode() {
    return false;
  }

  @Override
  public boolean computesSignatures(boolean signer) {
    return signer;
  }

  @Override
  public void planSigning(RoundPlan.Builder plan, Set<PartyId> signers) {
    plan.broadcast(SIGN_1, plan.everyone(), CeremonyPhase.SIGN)
        .echo(SIGN_1_ECHO, CeremonyPhase.SIGN);
    plan.pointToPoint(SIGN_2, signers, signers, CeremonyPhase.SIGN);
    plan.pointToPoint(SIGN_3, signers, signers, CeremonyPhase.SIGN);
    plan.broadcast(SIGN_4, signers, CeremonyPhase.SIGN).echo(SIGN_4_ECHO, CeremonyPhase.SIGN);
  }

  @Override
  public GroupKey generateKey(SessionIo io, List<PartyId> parties, int threshold)
      throws SessionFault, PeerAbortedException {
    dkg = EcdsaDkgParticipant.builder().self(io.self()).roster(parties).threshold(threshold)
        .random(io.random()).secretRegistry(io.secrets()).sessionContext(io.sessionId()).build();
    EcdsaKeyShare share = KeyGeneration.run(io, new KeyGeneration.Machine<>() {
      @Override
      public Step<EcdsaKeyShare> start() {
        return dkg.start();
      }

      @Override
      public Step<EcdsaKeyShare> receive(byte[] message) throws ProtocolException {
        return dkg.receive(message);
      }
    });
    return new GroupKey(share, GroupPublicKey.parse(share.publicKey().subjectPublicKeyInfo()));
  }

  @Override
  public List<byte[]> sign(SessionIo io, GroupKey key, List<PartyId> signers,
      List<Document> documents) throws SessionFault, PeerAbortedException {
    boolean signer = signers.contains(io.self());
    Envelope ownDigests = io.broadcast(SIGN_1, Messages.commits(documents.stream()
        .map(d -> new Messages.Commit(d.digest(), Optional.empty())).toList()));
    SortedMap<PartyId, VerifiedEnvelope> digestRound = io.collect(SIGN_1, io.peers());
    io.agree(SIGN_1, SIGN_1_ECHO, Optional.of(ownDigests), digestRound, () -> {
      for (VerifiedEnvelope envelope : digestRound.values()) {
        PartyId peer = envelope.sender();
        List<Messages.Commit> theirs = io.parsePublic(peer, SIGN_1, envelope.envelope(),
            () -> Messages.parseCommits(envelope.payload(), documents.size()));
        if (theirs.stream().anyMatch(c -> c.commitments().isPresent())) {
          throw io.proof(ErrorCode.CEREMONY_MALFORMED_MESSAGE, peer, SIGN_1, envelope.envelope(),
              peer + " sent commitments in an ECDSA session");
        }
        Document.checkDigests(documents,
            theirs.stream().map(Messages.Commit::messageDigest).toList(), peer, SIGN_1,
            envelope.envelope(), io);
      }
      return null;
    });
    Set<PartyId> otherSigners = new TreeSet<>(signers);
    otherSigners.remove(io.self());

    Optional<Envelope> ownFinal = Optional.empty();
    if (signer) {
      EcdsaKeyShare share = (EcdsaKeyShare) key.share();
      List<List<ProtocolMessage>> pending = new ArrayList<>();
      for (Document document : documents) {
        EcdsaSigningParticipant participant = EcdsaSigningParticipant.builder().keyShare(share)
            .signers(signers).message(document.bytes()).random(io.random())
            .secretRegistry(io.secrets()).build();
        signing.add(participant);
        Step<?> first;
        try {
          first = participant.start();
        } catch (ProtocolException e) {
          // The share is fresh: none of its pairs can be poisoned yet, so this is local.
          throw io.local(e.code(), io.self() + " could not start ECDSA signing: " + e.detail(), e);
        }
        pending.add(registered(io, first.messages()));
      }
      pending = exchangeSealed(io, SIGN_2, otherSigners, pending);
      pending = exchangeSealed(io, SIGN_3, otherSigners, pending);
      List<byte[]> finals = new ArrayList<>();
      for (List<ProtocolMessage> messages : pending) {
        if (messages.size() != 1) {
          // A peer's sealed list carried a message of another round, which the signing machine
          // took without complaint: only this party can read it, so a report.
          throw io.report(ErrorCode.CEREMONY_MALFORMED_MESSAGE, List.copyOf(otherSigners), SIGN_3,
              "ECDSA signing round 3 produced " + messages.size() + " messages instead of one: a"
                  + " peer's sealed message belonged to another round");
        }
        finals.add(messages.get(0).encode());
      }
      ownFinal = Optional.of(io.broadcast(SIGN_4,
          Messages.opaque(Messages.TYPE_PROTOCOL, Messages.list(finals))));
    }
    SortedMap<PartyId, VerifiedEnvelope> finalRound = io.collect(SIGN_4, otherSigners);
    Map<PartyId, List<byte[]>> finals = io.agree(SIGN_4, SIGN_4_ECHO, ownFinal, finalRound, () -> {
      Map<PartyId, List<byte[]>> parsed = new TreeMap<>();
      for (VerifiedEnvelope envelope : finalRound.values()) {
        PartyId peer = envelope.sender();
        List<byte[]> theirs = io.parsePublic(peer, SIGN_4, envelope.envelope(),
            () -> Messages.parseList(Messages.parseOpaque(envelope.payload(),
                Messages.TYPE_PROTOCOL), documents.size()));
        for (byte[] message : theirs) {
          io.requireSender(message, peer, SIGN_4, envelope.envelope());
        }
        parsed.put(peer, theirs);
      }
      return parsed;
    });
    if (!signer) {
      return List.of();
    }
    List<byte[]> signatures = new ArrayList<>(
        Collections.nCopies(documents.size(), (byte[]) null));
    for (Map.Entry<PartyId, List<byte[]>> entry : finals.entrySet()) {
      PartyId peer = entry.getKey();
      for (int i = 0; i < documents.size(); i++) {
        EcdsaSigningParticipant participant = signing.get(i);
        byte[] message = entry.getValue().get(i);
        Step<EcdsaSignature> step =
            io.parsePrivate(peer, SIGN_4, () -> participant.receive(message));
        if (step.isComplete()) {
          signatures.set(i, step.result().orElseThrow().der());
        }
      }
    }
    if (signatures.contains(null)) {
      throw new IllegalStateException("ECDSA signing did not complete after its last round");
    }
    return signatures;
  }

  private static List<ProtocolMessage> registered(SessionIo io, List<ProtocolMessage> messages) {
    for (ProtocolMessage message : messages) {
      if (message instanceof Destroyable secret) {
        io.secrets().register(secret);
      }
    }
    return messages;
  }

  /**
   * Sends each document's point-to-point messages to their recipients, one sealed list per
   * recipient, collects the other signers' lists for {@code tag} and feeds them in; returns what
   * the machines answer. Every outgoing plaintext is wiped even when a send fails midway; any
   * failure on what came in is this party's report (only it could read it).
   */
  private List<List<ProtocolMessage>> exchangeSealed(SessionIo io, RoundTag tag,
      Set<PartyId> otherSigners, List<List<ProtocolMessage>> outgoing)
      throws SessionFault, PeerAbortedException {
    Map<PartyId, List<byte[]>> byRecipient = new TreeMap<>();
    try {
      for (List<ProtocolMessage> messages : outgoing) {
        for (ProtocolMessage message : messages) {
          byRecipient.computeIfAbsent(message.recipient().orElseThrow(), r -> new ArrayList<>())
              .add(message.encode());
        }
      }
      for (Map.Entry<PartyId, List<byte[]>> entry : byRecipient.entrySet()) {
        io.sendSealed(entry.getKey(), tag, Messages.list(entry.getValue()));
      }
    } finally {
      byRecipient.values().forEach(list -> list.forEach(bytes -> Arrays.fill(bytes, (byte) 0)));
      outgoing.forEach(messages -> messages.forEach(m -> {
        if (m instanceof Destroyable secret) {
          io.destroy(secret);
        }
      }));
    }
    List<List<ProtocolMessage>> next = new ArrayList<>();
    for (int i = 0; i < outgoing.size(); i++) {
      next.add(new ArrayList<>());
    }
    for (VerifiedEnvelope envelope : io.collect(tag, otherSigners).values()) {
      PartyId peer = envelope.sender();
      try (SecretBytes plaintext = io.openSealed(envelope)) {
        byte[] bytes = plaintext.copyBytes(InsecureSecretAccess.get());
        List<byte[]> messages = List.of();
        try {
          messages = io.parsePrivate(peer, tag, () -> Messages.parseList(bytes, outgoing.size()));
          for (int i = 0; i < messages.size(); i++) {
            byte[] message = messages.get(i);
            io.requireSender(message, peer, tag, null);
            EcdsaSigningParticipant participant = signing.get(i);
            next.get(i).addAll(registered(io,
                io.parsePrivate(peer, tag, () -> participant.receive(message)).messages()));
          }
        } finally {
          Arrays.fill(bytes, (byte) 0);
          messages.forEach(m -> Arrays.fill(m, (byte) 0));
        }
      }
    }
    return next;
  }

  @Override
  public void verify(GroupPublicKey key, byte[] message, byte[] signature)
      throws ProtocolException {
    boolean valid;
    try {
      Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(KeyFactory.getInstance("EC").generatePublic(
          new X509EncodedKeySpec(key.subjectPublicKeyInfo())));
      verifier.update(message);
      valid = verifier.verify(signature) && isLowS(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      valid = false;
    }
    if (!valid) {
      throw new ProtocolException(ErrorCode.MPC_INVALID_SIGNATURE,
          "the ECDSA signature does not verify under the group key with a low S");
    }
  }

  /** Whether the DER signature's S is at most half the P-256 group order (DESIGN.md section 7). */
  static boolean isLowS(byte[] der) {
    org.bouncycastle.asn1.ASN1Sequence sequence = org.bouncycastle.asn1.ASN1Sequence.getInstance(der);
    java.math.BigInteger s = org.bouncycastle.asn1.ASN1Integer.getInstance(
        sequence.getObjectAt(1)).getValue();
    return s.signum() > 0 && s.compareTo(HALF_ORDER) <= 0;
  }

  private static final java.math.BigInteger HALF_ORDER = org.bouncycastle.asn1.nist.NISTNamedCurves
      .getByName("P-256").getN().shiftRight(1);

  @Override
  public void abandon() {
    if (dkg != null) {
      dkg.abandon();
    }
    signing.forEach(EcdsaSigningParticipant::abandon);
  }
}

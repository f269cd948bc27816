package dev.mayfly.ceremony;

import static java.util.Objects.requireNonNull;

import dev.mayfly.ceremony.internal.Messages;
import dev.mayfly.cert.mint.GroupPublicKey;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.ProtocolMessage;
import dev.mayfly.mpc.Step;
import dev.mayfly.mpc.ciphersuite.Ciphersuite;
import dev.mayfly.mpc.keygen.DkgParticipant;
import dev.mayfly.mpc.keygen.KeyShare;
import dev.mayfly.mpc.sign.Aggregator;
import dev.mayfly.mpc.sign.FrostSignature;
import dev.mayfly.mpc.sign.SignatureShare;
import dev.mayfly.mpc.sign.SigningCommitments;
import dev.mayfly.mpc.sign.SigningPackage;
import dev.mayfly.mpc.sign.SigningParticipant;
import dev.mayfly.transport.Envelope;
import dev.mayfly.transport.PeerAbortedException;
import dev.mayfly.transport.RoundTag;
import dev.mayfly.transport.VerifiedEnvelope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * FROST(Ed25519, SHA-512), RFC 9591, in the ceremony. Signing takes two broadcast rounds, each
 * echoed: {@code sign/1} carries every party's document digests and the signers' commitments,
 * {@code sign/2} the signers' shares. Everything in them is public, so every party, signer or not,
 * runs the same checks in the same order and aggregates and verifies every signature itself: a
 * fault any party finds is a fault every party finds.
 */
final class FrostProtocol implements ThresholdProtocol {
  static final RoundTag SIGN_1 = RoundTag.of("sign", 1);
  static final RoundTag SIGN_1_ECHO = RoundTag.of("sign-echo", 1);
  static final RoundTag SIGN_2 = RoundTag.of("sign", 2);
  static final RoundTag SIGN_2_ECHO = RoundTag.of("sign-echo", 2);

  private final Ciphersuite suite = Ciphersuite.ed25519Sha512();
  private final List<SigningParticipant> signing = new ArrayList<>();
  private DkgParticipant dkg;

  @Override
  public String name() {
    return suite.name();
  }

  @Override
  public boolean signsStatementInRawMode() {
    return true;
  }

  @Override
  public boolean computesSignatures(boolean signer) {
    return true;
  }

  @Override
  public void planSigning(RoundPlan.Builder plan, Set<PartyId> signers) {
    plan.broadcast(SIGN_1, plan.everyone(), CeremonyPhase.SIGN)
        .echo(SIGN_1_ECHO, CeremonyPhase.SIGN);
    plan.broadcast(SIGN_2, plan.everyone(), CeremonyPhase.SIGN)
        .echo(SIGN_2_ECHO, CeremonyPhase.SIGN);
  }

  @Override
  public GroupKey generateKey(SessionIo io, List<PartyId> parties, int threshold)
      throws SessionFault, PeerAbortedException {
    dkg = DkgParticipant.create(suite, io.self(), parties, threshold, io.random(), io.secrets());
    KeyShare share = KeyGeneration.run(io, new KeyGeneration.Machine<>() {
      @Override
      public Step<KeyShare> start() {
        return dkg.start();
      }

      @Override
      public Step<KeyShare> receive(byte[] message) throws ProtocolException {
        return dkg.receive(message);
      }
    });
    return new GroupKey(share,
        GroupPublicKey.ed25519(share.publicKeyPackage().groupPublicKeyBytes()));
  }

  @Override
  public List<byte[]> sign(SessionIo io, GroupKey key, List<PartyId> signers,
      List<Document> documents) throws SessionFault, PeerAbortedException {
    KeyShare keyShare = (KeyShare) key.share();
    boolean signer = signers.contains(io.self());
    List<Messages.Commit> ownCommits = new ArrayList<>();
    for (Document document : documents) {
      Optional<byte[]> commitments = Optional.empty();
      if (signer) {
        SigningParticipant participant = SigningParticipant.builder().keyShare(keyShare)
            .signers(signers).message(document.bytes()).random(io.random()).aggregate(false)
            .secretRegistry(io.secrets()).build();
        signing.add(participant);
        commitments = Optional.of(SessionIo.single(participant.start()).encode());
      }
      ownCommits.add(new Messages.Commit(document.digest(), commitments));
    }
    Envelope ownCommit = io.broadcast(SIGN_1, Messages.commits(ownCommits));
    SortedMap<PartyId, VerifiedEnvelope> commitRound = io.collect(SIGN_1, io.peers());
    List<Map<PartyId, SigningCommitments>> commitments = io.agree(SIGN_1, SIGN_1_ECHO,
        Optional.of(ownCommit), commitRound,
        () -> readCommitments(io, signers, documents, ownCommits, commitRound));

    List<Optional<byte[]>> ownShares = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      if (!signer) {
        ownShares.add(Optional.empty());
        continue;
      }
      byte[] share = null;
      SigningParticipant participant = signing.get(i);
      for (Map.Entry<PartyId, SigningCommitments> entry : commitments.get(i).entrySet()) {
        if (entry.getKey().equals(io.self())) {
          continue;
        }
        SigningCommitments theirs = entry.getValue();
        Step<FrostSignature> step = io.parsePrivate(entry.getKey(), SIGN_1,
            () -> participant.receive(theirs.encode()));
        for (ProtocolMessage message : step.messages()) {
          share = message.encode();
        }
      }
      ownShares.add(Optional.of(requireNonNull(share, "signature share")));
    }
    Envelope ownShare = io.broadcast(SIGN_2, Messages.shares(ownShares));
    SortedMap<PartyId, VerifiedEnvelope> shareRound = io.collect(SIGN_2, io.peers());
    return io.agree(SIGN_2, SIGN_2_ECHO, Optional.of(ownShare), shareRound,
        () -> aggregate(io, keyShare, signers, documents, commitments, ownShares, shareRound));
  }

  /**
   * The public check of {@code sign/1}: in ascending order of sender, each peer's message decodes,
   * names the digests this party built, carries commitments exactly if the peer signs, and those
   * parse. Returns every signer's commitments per document (the own ones included).
   */
  private List<Map<PartyId, SigningCommitments>> readCommitments(SessionIo io,
      List<PartyId> signers, List<Document> documents, List<Messages.Commit> own,
      SortedMap<PartyId, VerifiedEnvelope> round) throws SessionFault {
    List<Map<PartyId, SigningCommitments>> commitments = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      commitments.add(new TreeMap<>());
      if (own.get(i).commitments().isPresent()) {
        byte[] mine = own.get(i).commitments().get();
        commitments.get(i).put(io.self(), io.parsePrivate(io.self(), SIGN_1,
            () -> SigningCommitments.parse(suite, mine)));
      }
    }
    for (VerifiedEnvelope envelope : round.values()) {
      PartyId peer = envelope.sender();
      Envelope shown = envelope.envelope();
      List<Messages.Commit> theirs = io.parsePublic(peer, SIGN_1, shown,
          () -> Messages.parseCommits(envelope.payload(), documents.size()));
      Document.checkDigests(documents,
          theirs.stream().map(Messages.Commit::messageDigest).toList(), peer, SIGN_1, shown, io);
      for (int i = 0; i < documents.size(); i++) {
        Optional<byte[]> encoded = theirs.get(i).commitments();
        requirePresence(io, encoded.isPresent(), signers.contains(peer), peer, SIGN_1, shown,
            "commitments");
        if (encoded.isPresent()) {
          io.requireSender(encoded.get(), peer, SIGN_1, shown);
          commitments.get(i).put(peer, io.parsePublic(peer, SIGN_1, shown,
              () -> SigningCommitments.parse(suite, encoded.get())));
        }
      }
    }
    return commitments;
  }

  /**
   * The public check of {@code sign/2}: in ascending order of sender, each peer's message decodes
   * and carries a share exactly if the peer signs; then every signature is aggregated and
   * verified, and a failing one names every signer whose share does not verify.
   */
  private List<byte[]> aggregate(SessionIo io, KeyShare keyShare, List<PartyId> signers,
      List<Document> documents, List<Map<PartyId, SigningCommitments>> commitments,
      List<Optional<byte[]>> own, SortedMap<PartyId, VerifiedEnvelope> round) throws SessionFault {
    List<Map<PartyId, SignatureShare>> shares = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      shares.add(new TreeMap<>());
      if (own.get(i).isPresent()) {
        byte[] mine = own.get(i).get();
        shares.get(i).put(io.self(), io.parsePrivate(io.self(), SIGN_2,
            () -> SignatureShare.parse(suite, mine)));
      }
    }
    for (VerifiedEnvelope envelope : round.values()) {
      PartyId peer = envelope.sender();
      Envelope shown = envelope.envelope();
      List<Optional<byte[]>> theirs = io.parsePublic(peer, SIGN_2, shown,
          () -> Messages.parseShares(envelope.payload(), documents.size()));
      for (int i = 0; i < documents.size(); i++) {
        Optional<byte[]> encoded = theirs.get(i);
        requirePresence(io, encoded.isPresent(), signers.contains(peer), peer, SIGN_2, shown,
            "signature share");
        if (encoded.isPresent()) {
          io.requireSender(encoded.get(), peer, SIGN_2, shown);
          shares.get(i).put(peer, io.parsePublic(peer, SIGN_2, shown,
              () -> SignatureShare.parse(suite, encoded.get())));
        }
      }
    }
    List<byte[]> signatures = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      SigningPackage pkg =
          SigningPackage.create(documents.get(i).bytes(), commitments.get(i).values());
      try {
        signatures.add(Aggregator.aggregate(pkg, shares.get(i).values(),
            keyShare.publicKeyPackage()).bytes());
      } catch (ProtocolException e) {
        List<Complaint> proofs = new ArrayList<>();
        for (PartyId culprit : e.culprits()) {
          VerifiedEnvelope theirs = round.get(culprit);
          if (theirs == null) {
            // This party's own share fails: nobody else can be blamed for it.
            throw io.local(e.code(), io.self() + "'s own signature share does not verify", e);
          }
          proofs.add(Complaint.proof(e.code(), culprit, SIGN_2, List.of(theirs.envelope()),
              culprit + "'s " + documents.get(i).name() + " signature share does not verify"));
        }
        throw new SessionFault(proofs, e);
      }
    }
    return signatures;
  }

  private static void requirePresence(SessionIo io, boolean present, boolean signer,
      PartyId peer, RoundTag tag, Envelope shown, String what) throws SessionFault {
    if (present != signer) {
      throw io.proof(ErrorCode.CEREMONY_MALFORMED_MESSAGE, peer, tag, shown,
          peer + (signer ? " sent no " : " is no signer but sent ") + what);
    }
  }

  @Override
  public void verify(GroupPublicKey key, byte[] message, byte[] signature)
      throws ProtocolException {
    FrostSignature.verify(suite, key.rawBytes(), message, signature);
  }

  @Override
  public void abandon() {
    if (dkg != null) {
      dkg.abandon();
    }
    signing.forEach(SigningParticipant::abandon);
  }
}

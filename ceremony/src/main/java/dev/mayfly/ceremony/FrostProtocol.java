package dev.mayfly.ceremony;

import static java.util.Objects.requireNonNull;

import dev.mayfly.ceremony.internal.Messages;
import dev.mayfly.cert.mint.GroupPublicKey;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.MayflyException;
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
import dev.mayfly.transport.RoundTag;
import dev.mayfly.transport.VerifiedEnvelope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * FROST(Ed25519, SHA-512), RFC 9591, in the ceremony. Signing takes two broadcast rounds, each
 * echoed: {@code sign/1} carries every party's document digests and the signers' commitments,
 * {@code sign/2} the signers' shares. Every party, signer or not, aggregates and verifies every
 * signature itself.
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
  public List<RoundTag> signRounds(boolean signer) {
    return List.of(SIGN_1, SIGN_1_ECHO, SIGN_2, SIGN_2_ECHO);
  }

  @Override
  public GroupKey generateKey(SessionIo io, List<PartyId> parties, int threshold)
      throws MayflyException, InterruptedException {
    dkg = DkgParticipant.create(suite, io.self(), parties, threshold, io.random());
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
      List<Document> documents) throws MayflyException, InterruptedException {
    KeyShare keyShare = (KeyShare) key.share();
    boolean signer = signers.contains(io.self());
    List<Messages.Commit> ownCommits = new ArrayList<>();
    for (Document document : documents) {
      Optional<byte[]> commitments = Optional.empty();
      if (signer) {
        SigningParticipant participant = SigningParticipant.builder().keyShare(keyShare)
            .signers(signers).message(document.bytes()).random(io.random()).build();
        signing.add(participant);
        commitments = Optional.of(SessionIo.single(participant.start()).encode());
      }
      ownCommits.add(new Messages.Commit(document.digest(), commitments));
    }
    Envelope ownCommit = io.broadcast(SIGN_1, Messages.commits(ownCommits));
    SortedMap<PartyId, VerifiedEnvelope> commitRound = io.collect(SIGN_1, io.peers());
    io.agree(SIGN_1, SIGN_1_ECHO, Optional.of(ownCommit), commitRound);

    // Every party checks that each peer signs the bytes it built. Signers feed the other signers'
    // commitments to their state machines, which parse and check them; the other parties keep
    // them parsed for their own aggregation.
    List<Map<PartyId, SigningCommitments>> commitments = new ArrayList<>();
    List<byte[]> shareOfDocument = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      commitments.add(new TreeMap<>());
      shareOfDocument.add(null);
    }
    for (VerifiedEnvelope envelope : commitRound.values()) {
      PartyId peer = envelope.sender();
      List<Messages.Commit> theirs =
          Messages.parseCommits(envelope.payload(), peer, documents.size());
      Document.checkDigests(documents,
          theirs.stream().map(Messages.Commit::messageDigest).toList(), peer, io);
      for (int i = 0; i < documents.size(); i++) {
        Optional<byte[]> encoded = theirs.get(i).commitments();
        requirePresence(io, encoded.isPresent(), signers.contains(peer), peer, "commitments");
        if (encoded.isEmpty()) {
          continue;
        }
        io.requireSender(encoded.get(), peer);
        if (signer) {
          for (ProtocolMessage message : signing.get(i).receive(encoded.get()).messages()) {
            shareOfDocument.set(i, message.encode());
          }
        } else {
          commitments.get(i).put(peer,
              io.parseAs(peer, () -> SigningCommitments.parse(suite, encoded.get())));
        }
      }
    }
    List<Optional<byte[]>> ownShares = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      ownShares.add(signer
          ? Optional.of(requireNonNull(shareOfDocument.get(i), "signature share"))
          : Optional.empty());
    }
    Envelope ownShare = io.broadcast(SIGN_2, Messages.shares(ownShares));
    SortedMap<PartyId, VerifiedEnvelope> shareRound = io.collect(SIGN_2, io.peers());
    io.agree(SIGN_2, SIGN_2_ECHO, Optional.of(ownShare), shareRound);

    List<Map<PartyId, SignatureShare>> shares = new ArrayList<>();
    List<byte[]> signatures = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      shares.add(new TreeMap<>());
      signatures.add(null);
    }
    for (VerifiedEnvelope envelope : shareRound.values()) {
      PartyId peer = envelope.sender();
      List<Optional<byte[]>> theirs =
          Messages.parseShares(envelope.payload(), peer, documents.size());
      for (int i = 0; i < documents.size(); i++) {
        Optional<byte[]> encoded = theirs.get(i);
        requirePresence(io, encoded.isPresent(), signers.contains(peer), peer,
            "signature share");
        if (encoded.isEmpty()) {
          continue;
        }
        io.requireSender(encoded.get(), peer);
        if (signer) {
          Step<FrostSignature> step = signing.get(i).receive(encoded.get());
          if (step.isComplete()) {
            signatures.set(i, step.result().orElseThrow().bytes());
          }
        } else {
          shares.get(i).put(peer,
              io.parseAs(peer, () -> SignatureShare.parse(suite, encoded.get())));
        }
      }
    }
    if (!signer) {
      for (int i = 0; i < documents.size(); i++) {
        SigningPackage pkg =
            SigningPackage.create(documents.get(i).bytes(), commitments.get(i).values());
        signatures.set(i, Aggregator.aggregate(pkg, shares.get(i).values(),
            keyShare.publicKeyPackage()).bytes());
      }
    }
    if (signatures.contains(null)) {
      throw new IllegalStateException("FROST signing did not complete after every share");
    }
    return signatures;
  }

  private static void requirePresence(SessionIo io, boolean present, boolean signer,
      PartyId peer, String what) throws CeremonyException {
    if (present != signer) {
      throw io.fail(ErrorCode.CEREMONY_MALFORMED_MESSAGE,
          peer + (signer ? " sent no " : " is no signer but sent ") + what, List.of(peer));
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

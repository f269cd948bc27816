package dev.mayfly.ceremony;

import dev.mayfly.ceremony.internal.Messages;
import dev.mayfly.cert.mint.GroupPublicKey;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.InsecureSecretAccess;
import dev.mayfly.common.MayflyException;
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

/**
 * DKLs23 threshold ECDSA on P-256 in the ceremony. Signing: {@code sign/1} broadcasts every
 * party's document digests (echoed); {@code sign/2} and {@code sign/3} carry the signers' first
 * two DKLs23 rounds point to point, HPKE-encrypted; {@code sign/4} broadcasts their third round to
 * every party (echoed). Only signers compute the signatures; the other parties receive them in the
 * done round and verify them under the group key.
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
  public List<RoundTag> signRounds(boolean signer) {
    return signer ? List.of(SIGN_1, SIGN_1_ECHO, SIGN_2, SIGN_3, SIGN_4, SIGN_4_ECHO)
        : List.of(SIGN_1, SIGN_1_ECHO, SIGN_4, SIGN_4_ECHO);
  }

  @Override
  public GroupKey generateKey(SessionIo io, List<PartyId> parties, int threshold)
      throws MayflyException, InterruptedException {
    dkg = EcdsaDkgParticipant.create(io.self(), parties, threshold, io.random());
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
      List<Document> documents) throws MayflyException, InterruptedException {
    boolean signer = signers.contains(io.self());
    Envelope ownDigests = io.broadcast(SIGN_1, Messages.commits(documents.stream()
        .map(d -> new Messages.Commit(d.digest(), Optional.empty())).toList()));
    SortedMap<PartyId, VerifiedEnvelope> digestRound = io.collect(SIGN_1, io.peers());
    io.agree(SIGN_1, SIGN_1_ECHO, Optional.of(ownDigests), digestRound);
    for (VerifiedEnvelope envelope : digestRound.values()) {
      List<Messages.Commit> theirs =
          Messages.parseCommits(envelope.payload(), envelope.sender(), documents.size());
      if (theirs.stream().anyMatch(c -> c.commitments().isPresent())) {
        throw io.fail(ErrorCode.CEREMONY_MALFORMED_MESSAGE,
            envelope.sender() + " sent commitments in an ECDSA session",
            List.of(envelope.sender()));
      }
      Document.checkDigests(documents,
          theirs.stream().map(Messages.Commit::messageDigest).toList(), envelope.sender(), io);
    }
    Set<PartyId> otherSigners = new TreeSet<>(signers);
    otherSigners.remove(io.self());

    Optional<Envelope> ownFinal = Optional.empty();
    List<List<ProtocolMessage>> pending = new ArrayList<>();
    if (signer) {
      EcdsaKeyShare share = (EcdsaKeyShare) key.share();
      for (Document document : documents) {
        EcdsaSigningParticipant participant = EcdsaSigningParticipant.builder().keyShare(share)
            .signers(signers).message(document.bytes()).random(io.random()).build();
        signing.add(participant);
        pending.add(participant.start().messages());
      }
      pending = exchangeSealed(io, SIGN_2, otherSigners, pending);
      pending = exchangeSealed(io, SIGN_3, otherSigners, pending);
      List<byte[]> finals = new ArrayList<>();
      for (List<ProtocolMessage> messages : pending) {
        if (messages.size() != 1) {
          throw new IllegalStateException("ECDSA round 3 is one message, got " + messages.size());
        }
        finals.add(messages.get(0).encode());
      }
      ownFinal = Optional.of(io.broadcast(SIGN_4,
          Messages.opaque(Messages.TYPE_PROTOCOL, Messages.list(finals))));
    }
    SortedMap<PartyId, VerifiedEnvelope> finalRound = io.collect(SIGN_4, otherSigners);
    io.agree(SIGN_4, SIGN_4_ECHO, ownFinal, finalRound);
    if (!signer) {
      return List.of();
    }
    List<byte[]> signatures = new ArrayList<>(
        Collections.nCopies(documents.size(), (byte[]) null));
    for (VerifiedEnvelope envelope : finalRound.values()) {
      PartyId peer = envelope.sender();
      List<byte[]> theirs = Messages.parseList(Messages.parseOpaque(envelope.payload(), peer,
          io.phase(), Messages.TYPE_PROTOCOL), peer, io.phase(), documents.size());
      for (int i = 0; i < documents.size(); i++) {
        io.requireSender(theirs.get(i), peer);
        Step<EcdsaSignature> step = signing.get(i).receive(theirs.get(i));
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

  /**
   * Sends each document's point-to-point messages to their recipients, one sealed list per
   * recipient, collects the other signers' lists for {@code tag} and feeds them in; returns what
   * the machines answer.
   */
  private List<List<ProtocolMessage>> exchangeSealed(SessionIo io, RoundTag tag,
      Set<PartyId> otherSigners, List<List<ProtocolMessage>> outgoing)
      throws MayflyException, InterruptedException {
    Map<PartyId, List<byte[]>> byRecipient = new TreeMap<>();
    for (List<ProtocolMessage> messages : outgoing) {
      for (ProtocolMessage message : messages) {
        byRecipient.computeIfAbsent(message.recipient().orElseThrow(), r -> new ArrayList<>())
            .add(message.encode());
      }
    }
    for (Map.Entry<PartyId, List<byte[]>> entry : byRecipient.entrySet()) {
      try {
        io.sendSealed(entry.getKey(), tag, Messages.list(entry.getValue()));
      } finally {
        entry.getValue().forEach(bytes -> Arrays.fill(bytes, (byte) 0));
      }
    }
    List<List<ProtocolMessage>> next = new ArrayList<>();
    for (int i = 0; i < outgoing.size(); i++) {
      next.add(new ArrayList<>());
    }
    for (VerifiedEnvelope envelope : io.collect(tag, otherSigners).values()) {
      PartyId peer = envelope.sender();
      try (SecretBytes plaintext = io.openSealed(envelope)) {
        byte[] bytes = plaintext.copyBytes(InsecureSecretAccess.get());
        try {
          List<byte[]> messages = Messages.parseList(bytes, peer, io.phase(), outgoing.size());
          for (int i = 0; i < messages.size(); i++) {
            io.requireSender(messages.get(i), peer);
            next.get(i).addAll(signing.get(i).receive(messages.get(i)).messages());
            Arrays.fill(messages.get(i), (byte) 0);
          }
        } finally {
          Arrays.fill(bytes, (byte) 0);
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
      valid = verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      valid = false;
    }
    if (!valid) {
      throw new ProtocolException(ErrorCode.MPC_INVALID_SIGNATURE,
          "the ECDSA signature does not verify under the group key");
    }
  }

  @Override
  public void abandon() {
    if (dkg != null) {
      dkg.abandon();
    }
    signing.forEach(EcdsaSigningParticipant::abandon);
  }
}

package dev.mayfly.ceremony;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.internal.Sha256;
import dev.mayfly.transport.Envelope;
import dev.mayfly.transport.RoundTag;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * One document the parties sign, as this party built it: its kind, the index of the artifact it
 * belongs to in the proposal's list ({@link #NO_ARTIFACT} for the certificate), its bytes and
 * SHA-256. Signatures are matched to documents by kind and artifact index, never by position.
 */
record Document(SessionDocuments.Kind kind, int artifact, byte[] bytes, byte[] digest) {
  /** The artifact index of a document that belongs to no artifact (the certificate). */
  static final int NO_ARTIFACT = -1;

  static Document of(SessionDocuments.Kind kind, byte[] bytes) {
    return new Document(kind, NO_ARTIFACT, bytes, sha256(bytes));
  }

  static Document of(SessionDocuments.Kind kind, int artifact, byte[] bytes) {
    return new Document(kind, artifact, bytes, sha256(bytes));
  }

  /** The document's name in messages. */
  String name() {
    return artifact == NO_ARTIFACT ? kind.label() : kind.label() + " #" + (artifact + 1);
  }

  static byte[] sha256(byte[] bytes) {
    return Sha256.hash(bytes);
  }

  /**
   * Checks that {@code peer} announced, in its {@code envelope} of round {@code tag}, the same
   * digests for {@code documents}, in order: a party signs only bytes it built itself (DESIGN.md
   * section 1). Every party builds the same documents, so a difference is a proof.
   *
   * @throws SessionFault a proof of {@code CEREMONY_MESSAGE_MISMATCH} naming the peer
   */
  static void checkDigests(List<Document> documents, List<byte[]> announced, PartyId peer,
      RoundTag tag, Envelope envelope, SessionIo io) throws SessionFault {
    for (int i = 0; i < documents.size(); i++) {
      if (!MessageDigest.isEqual(announced.get(i), documents.get(i).digest())) {
        throw io.proof(ErrorCode.CEREMONY_MESSAGE_MISMATCH, peer, tag, envelope,
            peer + " would sign other " + documents.get(i).name() + " bytes (SHA-256 "
                + HexFormat.of().formatHex(announced.get(i)) + ") than " + io.self() + " built ("
                + HexFormat.of().formatHex(documents.get(i).digest()) + ")");
      }
    }
  }
}

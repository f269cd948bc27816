package dev.mayfly.ceremony;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.internal.Sha256;
import dev.mayfly.transport.Envelope;
import dev.mayfly.transport.RoundTag;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/** One document the parties sign, as this party built it, with its kind and SHA-256. */
record Document(SessionDocuments.Kind kind, byte[] bytes, byte[] digest) {
  static Document of(SessionDocuments.Kind kind, byte[] bytes) {
    return new Document(kind, bytes, sha256(bytes));
  }

  /** The document's name in messages. */
  String name() {
    return kind.label();
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

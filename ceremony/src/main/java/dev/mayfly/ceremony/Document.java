package dev.mayfly.ceremony;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * One document the parties sign (certificate TBS or request info, artifact, statement), as this
 * party built it, with its SHA-256.
 */
record Document(String name, byte[] bytes, byte[] digest) {
  static Document of(String name, byte[] bytes) {
    return new Document(name, bytes, PartySession.sha256(bytes));
  }

  /**
   * Checks that {@code peer} announced the same digests for {@code documents}, in order: a party
   * signs only bytes it built itself (DESIGN.md section 1).
   *
   * @throws CeremonyException {@code CEREMONY_MESSAGE_MISMATCH} naming the peer
   */
  static void checkDigests(List<Document> documents, List<byte[]> announced,
      PartyId peer, SessionIo io) throws CeremonyException {
    for (int i = 0; i < documents.size(); i++) {
      if (!MessageDigest.isEqual(announced.get(i), documents.get(i).digest())) {
        throw io.fail(ErrorCode.CEREMONY_MESSAGE_MISMATCH,
            peer + " would sign other " + documents.get(i).name() + " bytes (SHA-256 "
                + HexFormat.of().formatHex(announced.get(i)) + ") than " + io.self() + " built ("
                + HexFormat.of().formatHex(documents.get(i).digest()) + ")", List.of(peer));
      }
    }
  }
}

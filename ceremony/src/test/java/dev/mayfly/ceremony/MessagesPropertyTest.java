package dev.mayfly.ceremony;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mayfly.ceremony.internal.Messages;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** The ceremony's message decoders, fed arbitrary bytes, fail only with the typed error. */
class MessagesPropertyTest {
  private static final PartyId SENDER = PartyId.of(7);

  private static void decodeAll(byte[] bytes) {
    expectOnlyMalformed(() -> Messages.parseHello(bytes, SENDER));
    expectOnlyMalformed(() -> Messages.parseCommits(bytes, SENDER, 3));
    expectOnlyMalformed(() -> Messages.parseShares(bytes, SENDER, 3));
    expectOnlyMalformed(() -> Messages.parseDone(bytes, SENDER));
    expectOnlyMalformed(() -> Messages.parseAbort(bytes, SENDER, CeremonyPhase.DKG));
    expectOnlyMalformed(() -> Messages.parseOpaque(bytes, SENDER, CeremonyPhase.DKG,
        Messages.TYPE_PROTOCOL));
  }

  @FunctionalInterface
  private interface Decode {
    Object run() throws CeremonyException;
  }

  private static void expectOnlyMalformed(Decode decode) {
    try {
      decode.run();
    } catch (CeremonyException e) {
      assertEquals(ErrorCode.CEREMONY_MALFORMED_MESSAGE, e.code());
      assertEquals(List.of(SENDER), e.culprits());
    }
  }

  @Property(tries = 3000)
  void decoders_arbitraryBytes_throwOnlyMalformed(@ForAll @Size(max = 300) byte[] bytes) {
    decodeAll(bytes);
  }

  @Property(tries = 2000)
  void decoders_mutatedValidMessages_throwOnlyMalformed(@ForAll @Size(min = 1, max = 8) int[] edits,
      @ForAll byte value) {
    byte[] valid = Messages.commits(List.of(
        new Messages.Commit(new byte[32], Optional.of(new byte[] {1, 2, 3})),
        new Messages.Commit(new byte[32], Optional.empty()),
        new Messages.Commit(new byte[32], Optional.of(new byte[70]))));
    for (int edit : edits) {
      valid[Math.floorMod(edit, valid.length)] ^= (byte) (value | 1);
    }
    decodeAll(valid);
  }

  @Property(tries = 200)
  void abort_roundTrips(@ForAll @Size(max = 5) List<@net.jqwik.api.constraints.IntRange(
      min = 1, max = 65535) Integer> culprits) throws CeremonyException {
    List<PartyId> ids = culprits.stream().map(PartyId::of).toList();
    Messages.Abort abort = new Messages.Abort("TRANSPORT_TIMEOUT", ids, "DKG", "text é");
    Messages.Abort back = Messages.parseAbort(Messages.abort(abort), SENDER, CeremonyPhase.DKG);
    assertEquals(abort, back);
    assertArrayEquals(Messages.abort(abort), Messages.abort(back));
  }
}

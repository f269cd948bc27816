package dev.mayfly.transport;

import static dev.mayfly.transport.SessionFixture.p;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PeerDirectoryTest {
  private final Random random = new Random(17);

  @Test
  void pin_sameKeyTwice_isIdempotent() {
    try (IdentityKeyPair key = SessionFixture.keyPair(random)) {
      PeerDirectory directory = PeerDirectory.create(Set.of(p(2), p(1)));
      assertEquals(Optional.empty(), directory.key(p(2)));
      directory.pin(p(2), key.publicKey());
      directory.pin(p(2), key.publicKey());
      assertEquals(Optional.of(key.publicKey()), directory.key(p(2)));
      assertEquals(List.of(p(1), p(2)), directory.parties());
    }
  }

  @Test
  void pin_otherKeyForPinnedParty_throwsIllegalState() {
    try (IdentityKeyPair first = SessionFixture.keyPair(random);
        IdentityKeyPair second = SessionFixture.keyPair(random)) {
      PeerDirectory directory = PeerDirectory.create(Set.of(p(1), p(2)));
      directory.pin(p(2), first.publicKey());
      assertThrows(IllegalStateException.class, () -> directory.pin(p(2), second.publicKey()));
      assertEquals(Optional.of(first.publicKey()), directory.key(p(2)));
    }
  }

  @Test
  void pin_nonMember_throwsIllegalArgument() {
    try (IdentityKeyPair key = SessionFixture.keyPair(random)) {
      PeerDirectory directory = PeerDirectory.create(Set.of(p(1), p(2)));
      assertThrows(IllegalArgumentException.class, () -> directory.pin(p(3), key.publicKey()));
      assertFalse(directory.isMember(p(3)));
      assertTrue(directory.isMember(p(1)));
    }
  }

  @Test
  void create_empty_throwsIllegalArgument() {
    assertThrows(IllegalArgumentException.class, () -> PeerDirectory.create(Set.of()));
  }
}

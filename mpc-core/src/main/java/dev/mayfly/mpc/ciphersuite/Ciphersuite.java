package dev.mayfly.mpc.ciphersuite;

import java.util.List;
import java.util.Optional;

/**
 * A FROST ciphersuite (RFC 9591 §6): a prime-order group, its scalar field, and the hash functions
 * H1..H5 (plus HDKG for the key generation's proofs of knowledge).
 *
 * <p>The protocol code is written once against this interface. Two suites exist:
 * {@link Ed25519Sha512} (whose group signatures are plain RFC 8032 Ed25519 signatures) and
 * {@link P256Sha256} (whose group signatures are Schnorr signatures {@code R || z} on P-256,
 * <em>not</em> ECDSA).
 *
 * <p>Every encoded message and key carries {@link #id()}, so a message for one suite is never
 * read as another.
 *
 * @since 0.1.0
 */
public sealed interface Ciphersuite permits Ed25519Sha512, P256Sha256 {

  /** The RFC 9591 name, e.g. {@code FROST(Ed25519, SHA-512)}. */
  String name();

  /** The RFC 9591 context string, e.g. {@code FROST-ED25519-SHA512-v1}. */
  String contextString();

  /** The one-byte identifier used in Mayfly encodings (1 = Ed25519, 2 = P-256). */
  int id();

  /** Length of an encoded group element (Ne). */
  int elementLengthBytes();

  /** Length of an encoded scalar (Ns). */
  int scalarLengthBytes();

  /** Length of an encoded signature, {@code Ne + Ns}. */
  default int signatureLengthBytes() {
    return elementLengthBytes() + scalarLengthBytes();
  }

  /** FROST(Ed25519, SHA-512). */
  static Ciphersuite ed25519Sha512() {
    return Ed25519Sha512.instance();
  }

  /** FROST(P-256, SHA-256). */
  static Ciphersuite p256Sha256() {
    return P256Sha256.instance();
  }

  /** Every supported suite, in identifier order. */
  static List<Ciphersuite> all() {
    return List.of(Ed25519Sha512.instance(), P256Sha256.instance());
  }

  /** The suite with this one-byte identifier, if any. */
  static Optional<Ciphersuite> byId(int id) {
    return all().stream().filter(s -> s.id() == id).findFirst();
  }
}

package dev.mayfly.ceremony;

/**
 * The phases of one ceremony (DESIGN.md section 1), in order. Every phase has its own deadline
 * ({@link CeremonyOptions#phaseTimeout(CeremonyPhase)}).
 *
 * @since 0.1.0
 */
public enum CeremonyPhase {
  /** Local checks before and while attesting: policy pin, clock skew, artifact digest, approvals. */
  SETUP,
  /** Attestation: every party's report binds its session keys; every peer's report is verified. */
  HELLO,
  /** Distributed key generation: commitments by echo broadcast, shares end-to-end encrypted. */
  DKG,
  /** Threshold signing of the certificate (or CSR), the artifact and, for Ed25519, the statement. */
  SIGN,
  /** Shares destroyed; destruction receipts exchanged and checked; final agreement. */
  DESTROY,
  /** The host assembles certificate, timestamp, Sigstore bundle and evidence document. */
  BUNDLE
}

/**
 * The threshold signing protocols as state machines: FROST (Ed25519, P-256) and threshold ECDSA
 * (DKLs23) on P-256, with their distributed key generation.
 *
 * @since 0.1.0
 */
module dev.mayfly.mpc {
  requires transitive dev.mayfly.common;
  requires static transitive org.jspecify;
  requires org.bouncycastle.provider;

  exports dev.mayfly.mpc;
  exports dev.mayfly.mpc.ciphersuite;
  exports dev.mayfly.mpc.ecdsa;
  exports dev.mayfly.mpc.keygen;
  exports dev.mayfly.mpc.sign;
}

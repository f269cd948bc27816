package dev.mayfly.mpc.internal;

import dev.mayfly.mpc.SecretHolder;

/**
 * The {@link SecretHolder} of the protocols' internal secret state (polynomials, oblivious-transfer
 * keys and seeds, per-peer key-generation state): the same life cycle as the API's secret holders,
 * under a class that is not API.
 */
public abstract non-sealed class SecretState extends SecretHolder {
  /** For subclasses. */
  protected SecretState() {}
}

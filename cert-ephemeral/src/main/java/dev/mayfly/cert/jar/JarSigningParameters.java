package dev.mayfly.cert.jar;

import static java.util.Objects.requireNonNull;

import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What every party of a ceremony must agree on, besides the JAR itself, to compute the same
 * {@link JarSigningPlan}: the group key's algorithm, the signer name (the base name of the
 * signature file and block under META-INF) and, optionally, a signing time.
 *
 * <p>The signing time is left out of the signed attributes unless set here, because a time read
 * from each party's clock would make the to-be-signed bytes differ between parties; the RFC 3161
 * timestamp is what proves when the JAR was signed. A ceremony that wants the attribute sets it to
 * the agreed start time.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class JarSigningParameters {
  /** The default signer name: files {@code META-INF/MAYFLY.SF} and {@code META-INF/MAYFLY.EC}. */
  public static final String DEFAULT_SIGNER_NAME = "MAYFLY";

  /** What jarsigner accepts as a signer name (its {@code -sigfile} rule): 1 to 8 of A-Z 0-9 _ -. */
  private static final Pattern SIGNER_NAME = Pattern.compile("[A-Z0-9_-]{1,8}");

  private final GroupKeyAlgorithm algorithm;
  private final String signerName;
  private final @Nullable Instant signingTime;

  private JarSigningParameters(Builder builder) {
    this.algorithm = builder.algorithm;
    this.signerName = builder.signerName;
    this.signingTime = builder.signingTime;
  }

  /** The defaults for {@code algorithm}: signer name {@value #DEFAULT_SIGNER_NAME}, no signing time. */
  public static JarSigningParameters of(GroupKeyAlgorithm algorithm) {
    return builder(algorithm).build();
  }

  /** A builder for {@code algorithm}, starting from the defaults. */
  public static Builder builder(GroupKeyAlgorithm algorithm) {
    return new Builder(requireNonNull(algorithm, "algorithm"));
  }

  /** The group key's algorithm. */
  public GroupKeyAlgorithm algorithm() {
    return algorithm;
  }

  /** The base name of the signature file and block, for example {@code MAYFLY}. */
  public String signerName() {
    return signerName;
  }

  /** The signing-time signed attribute, if the ceremony fixed one (whole seconds). */
  public Optional<Instant> signingTime() {
    return Optional.ofNullable(signingTime);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof JarSigningParameters that
        && algorithm == that.algorithm
        && signerName.equals(that.signerName)
        && Objects.equals(signingTime, that.signingTime);
  }

  @Override
  public int hashCode() {
    return Objects.hash(algorithm, signerName, signingTime);
  }

  @Override
  public String toString() {
    return "JarSigningParameters[" + algorithm.id() + ", " + signerName
        + (signingTime == null ? "" : ", signingTime=" + signingTime) + "]";
  }

  /**
   * Builds {@link JarSigningParameters}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final GroupKeyAlgorithm algorithm;
    private String signerName = DEFAULT_SIGNER_NAME;
    private @Nullable Instant signingTime;

    private Builder(GroupKeyAlgorithm algorithm) {
      this.algorithm = algorithm;
    }

    /**
     * The signer name: 1 to 8 characters from A-Z, 0-9, underscore and hyphen, as jarsigner
     * requires of {@code -sigfile}.
     *
     * @throws IllegalArgumentException for any other name
     */
    public Builder signerName(String name) {
      requireNonNull(name, "name");
      if (!SIGNER_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "signer name must be 1 to 8 of A-Z, 0-9, _ and -, got '" + name + "'");
      }
      this.signerName = name;
      return this;
    }

    /**
     * Puts a signing-time attribute with this time into the signed attributes. Every party must
     * use the same agreed time (for example the session's start time).
     *
     * @throws IllegalArgumentException when the time has a fraction of a second
     */
    public Builder signingTime(Instant time) {
      requireNonNull(time, "time");
      if (time.getNano() != 0) {
        throw new IllegalArgumentException("signing time must be whole seconds, got " + time);
      }
      this.signingTime = time;
      return this;
    }

    /** The parameters. */
    public JarSigningParameters build() {
      return new JarSigningParameters(this);
    }
  }
}

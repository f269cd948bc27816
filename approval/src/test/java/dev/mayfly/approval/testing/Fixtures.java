package dev.mayfly.approval.testing;

import dev.mayfly.approval.ApprovalPolicy;
import dev.mayfly.approval.ApprovalSigner;
import dev.mayfly.approval.ApprovalStatement;
import dev.mayfly.approval.ApproverSet;
import dev.mayfly.approval.keys.ApproverSigningKey;
import dev.mayfly.approval.keys.KeyAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/** Shared test data: seeded approver keys, an artifact, a policy hash, and signed approvals. */
public final class Fixtures {
  public static final String ARTIFACT = "mayfly-demo-1.0.jar";
  public static final byte[] ARTIFACT_SHA256 = sha256("the artifact bytes");
  public static final byte[] OTHER_SHA256 = sha256("another artifact");
  public static final byte[] POLICY_HASH = sha256("the pinned TEE policy");
  public static final byte[] OTHER_POLICY_HASH = sha256("another TEE policy");
  /** The ceremony instant the approvals are checked at. */
  public static final Instant AT = Instant.parse("2026-11-24T12:00:00Z");
  public static final Instant NOT_BEFORE = AT.minus(Duration.ofHours(1));
  public static final Instant NOT_AFTER = AT.plus(Duration.ofHours(1));

  private static final Map<String, ApproverSigningKey> KEYS = new ConcurrentHashMap<>();

  private Fixtures() {}

  /** A deterministic random source (SHA1PRNG seeded before first use). */
  public static SecureRandom seeded(long seed) {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(seed);
      return random;
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** Approver key number {@code i}: even numbers Ed25519, odd ECDSA P-256; cached, never closed. */
  public static ApproverSigningKey key(int i) {
    return key(i, i % 2 == 0 ? KeyAlgorithm.ED25519 : KeyAlgorithm.ECDSA_P256);
  }

  /** Approver key number {@code i} of {@code algorithm}; cached, never closed. */
  public static ApproverSigningKey key(int i, KeyAlgorithm algorithm) {
    return KEYS.computeIfAbsent(algorithm + "/" + i,
        k -> ApproverSigningKey.generate(algorithm, seeded(1000L * algorithm.ordinal() + i)));
  }

  /** The id of approver {@code i}. */
  public static String id(int i) {
    return "approver-" + i;
  }

  /** A policy of approvers {@code 0..count-1} (key(i), id(i)) with quorum {@code quorum}. */
  public static ApprovalPolicy policy(int count, int quorum) {
    ApproverSet.Builder set = ApproverSet.builder();
    for (int i = 0; i < count; i++) {
      set.approver(id(i), key(i).publicKey());
    }
    return ApprovalPolicy.builder().approvers(set.build()).quorum(quorum).build();
  }

  /** A statement builder for approver {@code i} over the fixture artifact and policy. */
  public static ApprovalStatement.Builder statement(int i) {
    return ApprovalStatement.builder()
        .artifact(ARTIFACT, ARTIFACT_SHA256)
        .approverId(id(i))
        .changeRef("CHANGE-" + i)
        .teePolicyHash(POLICY_HASH)
        .validity(NOT_BEFORE, NOT_AFTER)
        .random(seeded(i));
  }

  /** A valid approval envelope (JSON) by approver {@code i}. */
  public static byte[] approval(int i) {
    return approval(i, b -> b);
  }

  /** An approval envelope (JSON) signed by key(i) of a statement changed by {@code edit}. */
  public static byte[] approval(int i, UnaryOperator<ApprovalStatement.Builder> edit) {
    return ApprovalSigner.create(key(i)).sign(edit.apply(statement(i)).build()).toJsonBytes();
  }

  /** SHA-256 of the UTF-8 of {@code s}. */
  public static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}

package dev.mayfly.cert.evidence;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.mayfly.common.internal.Hex;
import dev.mayfly.cert.internal.Json;
import dev.mayfly.common.PartyId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The part of the evidence document written after minting, which the certificate's evidence
 * digest cannot cover: the session transcript hash, every party's destruction receipt (each bound
 * to that transcript hash by its REPORT_DATA), optionally the raw signature over each artifact
 * (one per artifact of the session, in session order), and
 * optionally the certificate chain of the timestamp authority that stamped the bundle (a record of
 * which TSA was used; a verifier trusts it only when told to, see {@code
 * BundleVerifierOptions.Builder#trustRecordedTimestampAuthorityInsecure()}).
 *
 * @since 0.1.0
 */
public final class CompletionEvidence {
  private final byte[] transcriptHash;
  private final List<DestructionReceipt> receipts;
  private final List<byte[]> artifactSignatures;
  private final List<byte[]> timestampAuthorityChain;

  private CompletionEvidence(byte[] transcriptHash, List<DestructionReceipt> receipts,
      List<byte[]> artifactSignatures, List<byte[]> timestampAuthorityChain) {
    this.transcriptHash = transcriptHash;
    this.receipts = receipts;
    this.artifactSignatures = artifactSignatures;
    this.timestampAuthorityChain = timestampAuthorityChain;
  }

  /**
   * The completion part.
   *
   * @param transcriptHash the 32-byte session transcript hash
   * @param receipts one receipt per party (distinct ids; sorted here)
   * @param artifactSignature the raw signature over the artifact bytes (the {@code .sig} file), or
   *     null when the session signed a statement only
   * @throws IllegalArgumentException for a wrong hash length or duplicate parties
   */
  public static CompletionEvidence of(byte[] transcriptHash, List<DestructionReceipt> receipts,
      byte @Nullable [] artifactSignature) {
    return of(transcriptHash, receipts, artifactSignature, List.of());
  }

  /**
   * The completion part with the chain of the timestamp authority that stamped the bundle.
   *
   * @param timestampAuthorityChain DER certificates, the TSA's own first, then its issuers; may be
   *     empty
   * @throws IllegalArgumentException as {@link #of(byte[], List, byte[])}
   */
  public static CompletionEvidence of(byte[] transcriptHash, List<DestructionReceipt> receipts,
      byte @Nullable [] artifactSignature, List<byte[]> timestampAuthorityChain) {
    return ofRelease(transcriptHash, receipts,
        artifactSignature == null ? List.of() : List.of(artifactSignature),
        timestampAuthorityChain);
  }

  /**
   * The completion part of a session that signed a release.
   *
   * @param artifactSignatures the raw signature over each artifact's bytes, in the session's
   *     artifact order (one per artifact), or empty when the session signed statements only
   * @throws IllegalArgumentException as {@link #of(byte[], List, byte[])}, or if there are more
   *     signatures than a release has artifacts
   * @since 0.2.0
   */
  public static CompletionEvidence ofRelease(byte[] transcriptHash,
      List<DestructionReceipt> receipts, List<byte[]> artifactSignatures,
      List<byte[]> timestampAuthorityChain) {
    requireNonNull(artifactSignatures, "artifactSignatures");
    if (artifactSignatures.size() > dev.mayfly.common.ArtifactDigest.MAX_ARTIFACTS) {
      throw new IllegalArgumentException(artifactSignatures.size() + " artifact signatures");
    }
    requireNonNull(timestampAuthorityChain, "timestampAuthorityChain");
    requireNonNull(transcriptHash, "transcriptHash");
    requireNonNull(receipts, "receipts");
    if (transcriptHash.length != 32) {
      throw new IllegalArgumentException("transcriptHash must be 32 bytes");
    }
    List<DestructionReceipt> sorted = new ArrayList<>(receipts);
    sorted.sort(Comparator.comparing(DestructionReceipt::partyId));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).partyId().equals(sorted.get(i - 1).partyId())) {
        throw new IllegalArgumentException("duplicate receipt of " + sorted.get(i).partyId());
      }
    }
    List<byte[]> chain = new ArrayList<>();
    timestampAuthorityChain.forEach(der -> chain.add(requireNonNull(der, "certificate").clone()));
    List<byte[]> signatures = new ArrayList<>();
    artifactSignatures.forEach(sig -> signatures.add(requireNonNull(sig, "signature").clone()));
    return new CompletionEvidence(transcriptHash.clone(), List.copyOf(sorted),
        List.copyOf(signatures), List.copyOf(chain));
  }

  /** The session transcript hash. */
  public byte[] transcriptHash() {
    return transcriptHash.clone();
  }

  /** The destruction receipts, ascending by party. */
  public List<DestructionReceipt> receipts() {
    return receipts;
  }

  /** The receipt of {@code partyId}, if present. */
  public Optional<DestructionReceipt> receipt(PartyId partyId) {
    return receipts.stream().filter(r -> r.partyId().equals(partyId)).findFirst();
  }

  /** The raw signature over the (first) artifact, if the session produced one. */
  public Optional<byte[]> artifactSignature() {
    return artifactSignatures.isEmpty() ? Optional.empty()
        : Optional.of(artifactSignatures.get(0).clone());
  }

  /**
   * The raw signature over each artifact, in the session's artifact order; empty if the session
   * signed statements only.
   *
   * @since 0.2.0
   */
  public List<byte[]> artifactSignatures() {
    return artifactSignatures.stream().map(byte[]::clone).toList();
  }

  /** The recorded timestamp authority chain (DER, TSA first); empty if none was recorded. */
  public List<byte[]> timestampAuthorityChain() {
    List<byte[]> copies = new ArrayList<>();
    timestampAuthorityChain.forEach(der -> copies.add(der.clone()));
    return copies;
  }

  JsonObject toJson() {
    JsonObject json = new JsonObject();
    json.addProperty("transcriptHash", Hex.encode(transcriptHash));
    JsonArray array = new JsonArray();
    receipts.forEach(receipt -> array.add(receipt.toJson()));
    json.add("destructionReceipts", array);
    if (artifactSignatures.size() == 1) {
      json.add("artifactSignature", Json.base64(artifactSignatures.get(0)));
    } else if (!artifactSignatures.isEmpty()) {
      JsonArray signatures = new JsonArray();
      artifactSignatures.forEach(sig -> signatures.add(Json.base64(sig)));
      json.add("artifactSignatures", signatures);
    }
    if (!timestampAuthorityChain.isEmpty()) {
      JsonArray chain = new JsonArray();
      timestampAuthorityChain.forEach(der -> chain.add(Json.base64(der)));
      json.add("timestampAuthorityChain", chain);
    }
    return json;
  }

  static CompletionEvidence fromJson(JsonObject json) {
    List<DestructionReceipt> receipts = new ArrayList<>();
    for (JsonElement receipt : Json.array(json, "destructionReceipts")) {
      if (!receipt.isJsonObject()) {
        throw new IllegalArgumentException("destructionReceipts entries must be objects");
      }
      receipts.add(DestructionReceipt.fromJson(receipt.getAsJsonObject()));
    }
    List<byte[]> signatures = new ArrayList<>();
    if (json.has("artifactSignature")) {
      if (json.has("artifactSignatures")) {
        throw new IllegalArgumentException(
            "both 'artifactSignature' and 'artifactSignatures' are present");
      }
      signatures.add(Json.base64(json, "artifactSignature"));
    } else if (json.has("artifactSignatures")) {
      for (JsonElement signature : Json.array(json, "artifactSignatures")) {
        signatures.add(Json.base64(signature, "artifactSignatures entry"));
      }
      if (signatures.size() < 2) {
        throw new IllegalArgumentException("'artifactSignatures' lists fewer than two signatures;"
            + " one is written as 'artifactSignature'");
      }
    }
    List<byte[]> chain = new ArrayList<>();
    if (json.has("timestampAuthorityChain")) {
      for (JsonElement certificate : Json.array(json, "timestampAuthorityChain")) {
        chain.add(Json.base64(certificate, "timestampAuthorityChain entry"));
      }
    }
    return ofRelease(Hex.decode(Json.string(json, "transcriptHash"), 32), receipts, signatures,
        chain);
  }

  @Override
  public String toString() {
    return "CompletionEvidence[" + receipts.size() + " receipts]";
  }
}

package dev.mayfly.party.internal;

import static java.util.Objects.requireNonNull;

import dev.mayfly.approval.ApprovalException;
import dev.mayfly.approval.ApprovalPolicy;
import dev.mayfly.ceremony.ArtifactMode;
import dev.mayfly.common.ArtifactDigest;
import dev.mayfly.ceremony.PartyInfo;
import dev.mayfly.ceremony.SessionProposal;
import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.cert.mint.IssuanceMode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.bytes.ByteReader;
import dev.mayfly.common.bytes.ByteWriter;
import dev.mayfly.common.bytes.MalformedBytesException;
import dev.mayfly.transport.SessionId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The full encoding of a {@link SessionProposal} as the signing client sends it to each party
 * (docs/deployment.md, "Wire between client and parties"). Unlike the canonical encoding the
 * proposal hash covers, it carries the whole approval policy, not its digest. Version 1:
 *
 * <pre>
 * u8 version = 1, session id (32), u16 n and per party u16 id + u8 length + display name,
 * u16 threshold, u8 length + algorithm id, u16 artifact count + per artifact (u16 length +
 * name (UTF-8), SHA-256 (32), u8 JAR flag (1: signed in the JAR format) + if 1 u8 length + JAR
 * signer name), u8 length + artifact mode, TEE policy hash (32), u32 length + approval policy JSON,
 * u16 count + per approval u32 length + DSSE JSON, u64 start (epoch seconds),
 * u32 certificate validity (seconds), u8 length + issuance mode
 * </pre>
 *
 * The decoder is strict (bounds, no trailing bytes) and then builds the proposal through its
 * builder, which checks every field again.
 */
public final class ProposalCodec {
  private static final int VERSION = 2;
  private static final int MAX_POLICY_BYTES = 256 * 1024;
  private static final int MAX_APPROVAL_BYTES = 64 * 1024;

  private ProposalCodec() {}

  public static byte[] encode(SessionProposal proposal) {
    requireNonNull(proposal, "proposal");
    ByteWriter out = new ByteWriter(4096);
    out.u8(VERSION).bytes(proposal.sessionId().bytes());
    out.u16(proposal.partyCount());
    for (PartyInfo party : proposal.parties()) {
      out.u16(party.id().value());
      ascii(out, party.displayName());
    }
    out.u16(proposal.threshold());
    ascii(out, proposal.algorithm().id());
    out.u16(proposal.artifactCount());
    for (int i = 0; i < proposal.artifactCount(); i++) {
      ArtifactDigest artifact = proposal.artifacts().get(i);
      byte[] name = artifact.name().getBytes(StandardCharsets.UTF_8);
      out.u16(name.length).bytes(name).bytes(artifact.sha256());
      var jar = proposal.jarSigningParameters(i);
      out.u8(jar.isPresent() ? 1 : 0);
      jar.ifPresent(parameters -> ascii(out, parameters.signerName()));
    }
    ascii(out, proposal.artifactMode().name());
    out.bytes(proposal.teePolicyHash());
    out.lengthPrefixed(proposal.approvalPolicy().toJsonBytes());
    List<byte[]> approvals = proposal.approvals();
    out.u16(approvals.size());
    approvals.forEach(out::lengthPrefixed);
    out.u64(proposal.startTime().getEpochSecond());
    out.u32(proposal.certificateValidity().getSeconds());
    ascii(out, proposal.issuance().name());
    return out.toByteArray();
  }

  /**
   * Decodes and builds a proposal.
   *
   * @throws MalformedBytesException if the bytes break the format or the proposal does not build
   */
  public static SessionProposal decode(byte[] bytes) {
    requireNonNull(bytes, "bytes");
    ByteReader in = new ByteReader(bytes);
    int version = in.u8("version");
    if (version != VERSION) {
      throw new MalformedBytesException("proposal version " + version + ", expected " + VERSION);
    }
    try {
      SessionProposal.Builder builder = SessionProposal.builder()
          .sessionId(SessionId.create(in.bytes(SessionId.LENGTH_BYTES, "session id")));
      int n = in.u16("party count");
      if (n > SessionProposal.MAX_PARTIES) {
        throw new MalformedBytesException(n + " parties, at most " + SessionProposal.MAX_PARTIES);
      }
      for (int i = 0; i < n; i++) {
        builder.party(new PartyInfo(PartyId.of(in.u16("party")), ascii(in, "display name")));
      }
      builder.threshold(in.u16("threshold"));
      builder.algorithm(GroupKeyAlgorithm.fromId(ascii(in, "algorithm")));
      int artifacts = in.u16("artifact count");
      if (artifacts < 1 || artifacts > SessionProposal.MAX_ARTIFACTS) {
        throw new MalformedBytesException(artifacts + " artifacts, 1 to "
            + SessionProposal.MAX_ARTIFACTS + " allowed");
      }
      for (int i = 0; i < artifacts; i++) {
        String name = new String(in.bytes(in.u16("artifact name length"), "artifact name"),
            StandardCharsets.UTF_8);
        builder.addArtifact(name, in.bytes(32, "artifact digest"));
        int jar = in.u8("JAR flag");
        if (jar > 1) {
          throw new MalformedBytesException("JAR flag " + jar);
        }
        if (jar == 1) {
          builder.signJar(name, ascii(in, "JAR signer name"));
        }
      }
      builder.artifactMode(ArtifactMode.valueOf(ascii(in, "artifact mode")));
      builder.teePolicyHash(in.bytes(32, "TEE policy hash"));
      builder.approvalPolicy(ApprovalPolicy.parseJson(
          in.lengthPrefixed(MAX_POLICY_BYTES, "approval policy")));
      int approvals = in.u16("approval count");
      if (approvals > 256) {
        throw new MalformedBytesException(approvals + " approvals, at most 256");
      }
      List<byte[]> envelopes = new ArrayList<>();
      for (int i = 0; i < approvals; i++) {
        envelopes.add(in.lengthPrefixed(MAX_APPROVAL_BYTES, "approval"));
      }
      builder.approvals(envelopes);
      long start = in.u64("start time");
      if (start < 0 || start > Instant.MAX.getEpochSecond()) {
        throw new MalformedBytesException("start time out of range");
      }
      builder.startTime(Instant.ofEpochSecond(start));
      builder.certificateValidity(Duration.ofSeconds(in.u32("certificate validity")));
      builder.issuance(IssuanceMode.valueOf(ascii(in, "issuance")));
      in.expectEnd("proposal");
      return builder.build();
    } catch (ApprovalException e) {
      throw new MalformedBytesException("approval policy: " + e.getMessage());
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new MalformedBytesException("proposal: " + e.getMessage());
    }
  }

  static void ascii(ByteWriter out, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
    out.u8(bytes.length).bytes(bytes);
  }

  static String ascii(ByteReader in, String field) {
    byte[] bytes = in.bytes(in.u8(field + " length"), field);
    for (byte b : bytes) {
      if (b < 0x20 || b > 0x7E) {
        throw new MalformedBytesException(field + " is not printable ASCII");
      }
    }
    return new String(bytes, StandardCharsets.US_ASCII);
  }
}

package dev.mayfly.ceremony;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.common.bytes.ByteReader;
import dev.mayfly.common.bytes.ByteWriter;
import dev.mayfly.common.bytes.MalformedBytesException;
import dev.mayfly.common.internal.Hex;
import dev.mayfly.common.internal.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The agreed record of an aborted session (DESIGN.md section 1, "One agreed outcome record"):
 * what every honest party ends with, computed by each of them from the same abort announcements.
 *
 * <ul>
 *   <li>{@link #proofs()}: faults shown by messages their culprit signed, which this party checked
 *       itself; {@link #culprits()} lists their culprits and nobody else.
 *   <li>{@link #reports()}: what parties reported without proof (a message that never came, a
 *       sealed message only its recipient could read, a local check that failed), as "who
 *       reported whom"; they name nobody as culprit.
 *   <li>{@link #code()}: the first proof's code (earliest round, then code, then culprit), or
 *       without proofs the first report's (timeouts last, then earliest round, then code). A
 *       {@code TRANSPORT_TIMEOUT} report says whom the reporter had not heard from in a round when
 *       it stopped, because its deadline passed or another party's announcement ended the
 *       session.
 *   <li>{@link #phase()}: the earliest phase any announcing party was in.
 * </ul>
 *
 * <p>Two records are equal when all of this is; {@link #digestHex()} summarises it for
 * comparison across processes. Immutable.
 *
 * @since 0.1.0
 */
public final class OutcomeRecord {
  /**
   * A fault proven by what {@code culprit} signed, in round {@code round} ({@code phase/number},
   * or {@code abort/1} for an announcement).
   *
   * @param code what the fault is
   * @param culprit who signed the messages that show it
   * @param round the round of those messages
   */
  public record Proof(ErrorCode code, PartyId culprit, String round) {
    /** Checks the fields. */
    public Proof {
      requireNonNull(code, "code");
      requireNonNull(culprit, "culprit");
      requireNonNull(round, "round");
    }
  }

  /**
   * An unproven report: {@code reporter} says {@code code} about {@code accused} (possibly nobody)
   * in round {@code round}.
   *
   * @param reporter the party that reported
   * @param code what it reported (a timeout, a failed check of a sealed message, a local check)
   * @param accused whom the report is about, ascending; empty for a local check
   * @param round the round concerned, or {@code setup} for checks before the hello
   */
  public record Report(PartyId reporter, ErrorCode code, List<PartyId> accused, String round) {
    /** Checks and copies the fields. */
    public Report {
      requireNonNull(reporter, "reporter");
      requireNonNull(code, "code");
      accused = List.copyOf(accused);
      requireNonNull(round, "round");
    }
  }

  private static final int ENCODING_VERSION = 1;
  private static final int MAX_ITEMS = 1024;

  private final ErrorCode code;
  private final CeremonyPhase phase;
  private final List<Proof> proofs;
  private final List<PartyId> culprits;
  private final List<Report> reports;

  OutcomeRecord(ErrorCode code, CeremonyPhase phase, List<Proof> proofs, List<Report> reports) {
    this.code = requireNonNull(code, "code");
    this.phase = requireNonNull(phase, "phase");
    this.proofs = List.copyOf(proofs);
    this.culprits = proofs.stream().map(Proof::culprit).distinct().sorted().toList();
    this.reports = List.copyOf(reports);
  }

  /** The headline code (see the class comment). */
  public ErrorCode code() {
    return code;
  }

  /** The earliest phase an announcing party was in. */
  public CeremonyPhase phase() {
    return phase;
  }

  /** Every proven fault, in the record's order. */
  public List<Proof> proofs() {
    return proofs;
  }

  /** The culprits of {@link #proofs()}, ascending: the only parties the record blames. */
  public List<PartyId> culprits() {
    return culprits;
  }

  /** Every unproven report, in the record's order. */
  public List<Report> reports() {
    return reports;
  }

  /** SHA-256 of the record's canonical encoding, in hex: equal records, equal digests. */
  public String digestHex() {
    return Hex.encode(Sha256.hash(canonical()));
  }

  /**
   * The record as bytes, for a party process to tell the signing client how its session ended:
   * {@code u8 version = 1} followed by the canonical encoding {@link #digestHex()} covers
   * (docs/ceremony.md, "Outcome record encoding"). {@link #decode} reads it back.
   */
  public byte[] encode() {
    byte[] canonical = canonical();
    return new ByteWriter(canonical.length + 1).u8(ENCODING_VERSION).bytes(canonical)
        .toByteArray();
  }

  /**
   * Reads a record {@link #encode()}d by party {@code from}, strictly: known version, known codes
   * and phases, printable round names, no trailing bytes.
   *
   * @throws ProtocolException {@code PARTY_RESPONSE_INVALID} naming {@code from}
   */
  public static OutcomeRecord decode(byte[] encoded, PartyId from) throws ProtocolException {
    requireNonNull(encoded, "encoded");
    requireNonNull(from, "from");
    try {
      ByteReader in = new ByteReader(encoded);
      int version = in.u8("version");
      if (version != ENCODING_VERSION) {
        throw new MalformedBytesException("version " + version + ", expected "
            + ENCODING_VERSION);
      }
      ErrorCode code = ErrorCode.valueOf(ascii(in, "code"));
      CeremonyPhase phase = CeremonyPhase.valueOf(ascii(in, "phase"));
      int proofCount = bounded(in.u16("proof count"), "proofs");
      List<Proof> proofs = new ArrayList<>();
      for (int i = 0; i < proofCount; i++) {
        proofs.add(new Proof(ErrorCode.valueOf(ascii(in, "proof code")),
            PartyId.of(in.u16("culprit")), ascii(in, "round")));
      }
      int reportCount = bounded(in.u16("report count"), "reports");
      List<Report> reports = new ArrayList<>();
      for (int i = 0; i < reportCount; i++) {
        PartyId reporter = PartyId.of(in.u16("reporter"));
        ErrorCode reported = ErrorCode.valueOf(ascii(in, "report code"));
        int accusedCount = bounded(in.u16("accused count"), "accused");
        List<PartyId> accused = new ArrayList<>();
        for (int j = 0; j < accusedCount; j++) {
          accused.add(PartyId.of(in.u16("accused")));
        }
        reports.add(new Report(reporter, reported, accused, ascii(in, "round")));
      }
      in.expectEnd("outcome record");
      return new OutcomeRecord(code, phase, proofs, reports);
    } catch (MalformedBytesException | IllegalArgumentException e) {
      throw new ProtocolException(ErrorCode.PARTY_RESPONSE_INVALID, from
          + " sent an outcome record that does not decode: " + e.getMessage(), List.of(from), e);
    }
  }

  private static int bounded(int count, String what) {
    if (count > MAX_ITEMS) {
      throw new MalformedBytesException(count + " " + what + ", at most " + MAX_ITEMS);
    }
    return count;
  }

  private static String ascii(ByteReader in, String field) {
    byte[] bytes = in.bytes(in.u8(field + " length"), field);
    for (byte b : bytes) {
      if (b < 0x21 || b > 0x7E) {
        throw new MalformedBytesException(field + " is not printable ASCII");
      }
    }
    return new String(bytes, StandardCharsets.US_ASCII);
  }

  private byte[] canonical() {
    ByteWriter out = new ByteWriter(256);
    ascii(out, code.name());
    ascii(out, phase.name());
    out.u16(proofs.size());
    for (Proof proof : proofs) {
      ascii(out, proof.code().name());
      out.u16(proof.culprit().value());
      ascii(out, proof.round());
    }
    out.u16(reports.size());
    for (Report report : reports) {
      out.u16(report.reporter().value());
      ascii(out, report.code().name());
      out.u16(report.accused().size());
      report.accused().forEach(p -> out.u16(p.value()));
      ascii(out, report.round());
    }
    return out.toByteArray();
  }

  private static void ascii(ByteWriter out, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
    out.u8(bytes.length).bytes(bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof OutcomeRecord that && code == that.code && phase == that.phase
        && proofs.equals(that.proofs) && reports.equals(that.reports);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(code, phase, proofs, reports);
  }

  @Override
  public String toString() {
    return "OutcomeRecord[" + code + " in " + phase + ", culprits " + culprits + ", proofs "
        + proofs + ", reports " + reports + "]";
  }
}

package dev.mayfly.snp.abi;

import static dev.mayfly.snp.abi.ReportLayout.*;
import static java.util.Objects.requireNonNull;

import dev.mayfly.snp.internal.Bytes;

/**
 * Writes the bytes of an ATTESTATION_REPORT (SEV-SNP ABI §7.3): the encoder matching {@link
 * AttestationReport#parse}. Used by the simulated evidence provider (the {@code mayfly-simulation}
 * module) and by tests; real reports come from the AMD secure processor. The bytes it builds are
 * unsigned until {@link #signature(byte[], byte[])} is set, and authentic only if the secure
 * processor signed them.
 *
 * <p>Defaults: version 3, policy with only bit 17 and SMT set, VMPL 0, signature algorithm 1,
 * VCEK signer, all other fields zero. Unset TCB versions are zero. {@link #build()} returns the
 * 1184 bytes; the signature stays as set by {@link #signature(byte[], byte[])} (zero by default).
 *
 * <p>Not thread-safe.
 *
 * @since 0.1.0
 */
public final class ReportBuilder {
  private final byte[] raw = new byte[SIZE];

  private ReportBuilder() {
    version(3);
    policy(new GuestPolicy(GuestPolicy.RESERVED_ONE | GuestPolicy.SMT));
    Bytes.putU32(raw, SIGNATURE_ALGO, 1);
  }

  /** A builder with the defaults above. */
  public static ReportBuilder create() {
    return new ReportBuilder();
  }

  /** VERSION (2, 3 or 5 to be parseable). */
  public ReportBuilder version(int version) {
    Bytes.putU32(raw, VERSION, version);
    return this;
  }

  /** GUEST_SVN. */
  public ReportBuilder guestSvn(long svn) {
    Bytes.putU32(raw, GUEST_SVN, svn);
    return this;
  }

  /** POLICY. */
  public ReportBuilder policy(GuestPolicy policy) {
    Bytes.putU64(raw, POLICY, requireNonNull(policy, "policy").raw());
    return this;
  }

  /** FAMILY_ID, 16 bytes. */
  public ReportBuilder familyId(byte[] familyId) {
    return put(FAMILY_ID, familyId, 16, "familyId");
  }

  /** IMAGE_ID, 16 bytes. */
  public ReportBuilder imageId(byte[] imageId) {
    return put(IMAGE_ID, imageId, 16, "imageId");
  }

  /** VMPL. */
  public ReportBuilder vmpl(int vmpl) {
    Bytes.putU32(raw, VMPL, vmpl);
    return this;
  }

  /** SIGNATURE_ALGO (1 to be parseable). */
  public ReportBuilder signatureAlgorithm(int algorithm) {
    Bytes.putU32(raw, SIGNATURE_ALGO, algorithm);
    return this;
  }

  /** CURRENT_TCB. */
  public ReportBuilder currentTcb(TcbVersion tcb) {
    Bytes.putU64(raw, CURRENT_TCB, tcb.raw());
    return this;
  }

  /** REPORTED_TCB. */
  public ReportBuilder reportedTcb(TcbVersion tcb) {
    Bytes.putU64(raw, REPORTED_TCB, tcb.raw());
    return this;
  }

  /** COMMITTED_TCB. */
  public ReportBuilder committedTcb(TcbVersion tcb) {
    Bytes.putU64(raw, COMMITTED_TCB, tcb.raw());
    return this;
  }

  /** LAUNCH_TCB. */
  public ReportBuilder launchTcb(TcbVersion tcb) {
    Bytes.putU64(raw, LAUNCH_TCB, tcb.raw());
    return this;
  }

  /** Sets CURRENT, REPORTED, COMMITTED and LAUNCH TCB to the same value. */
  public ReportBuilder allTcb(TcbVersion tcb) {
    return currentTcb(tcb).reportedTcb(tcb).committedTcb(tcb).launchTcb(tcb);
  }

  /** PLATFORM_INFO. */
  public ReportBuilder platformInfo(PlatformInfo info) {
    Bytes.putU64(raw, PLATFORM_INFO, info.raw());
    return this;
  }

  /** The signer info field. */
  public ReportBuilder signerInfo(SignerInfo info) {
    Bytes.putU32(raw, SIGNER_INFO, info.raw());
    return this;
  }

  /** REPORT_DATA, 64 bytes. */
  public ReportBuilder reportData(byte[] reportData) {
    return put(REPORT_DATA, reportData, REPORT_DATA_SIZE, "reportData");
  }

  /** MEASUREMENT, 48 bytes. */
  public ReportBuilder measurement(byte[] measurement) {
    return put(MEASUREMENT, measurement, MEASUREMENT_SIZE, "measurement");
  }

  /** HOST_DATA, 32 bytes. */
  public ReportBuilder hostData(byte[] hostData) {
    return put(HOST_DATA, hostData, HOST_DATA_SIZE, "hostData");
  }

  /** ID_KEY_DIGEST, 48 bytes. */
  public ReportBuilder idKeyDigest(byte[] digest) {
    return put(ID_KEY_DIGEST, digest, 48, "idKeyDigest");
  }

  /** REPORT_ID, 32 bytes. */
  public ReportBuilder reportId(byte[] reportId) {
    return put(REPORT_ID, reportId, 32, "reportId");
  }

  /** REPORT_ID_MA, 32 bytes. */
  public ReportBuilder reportIdMa(byte[] reportIdMa) {
    return put(REPORT_ID_MA, reportIdMa, 32, "reportIdMa");
  }

  /** CPUID family, model and stepping (version 3 and later). */
  public ReportBuilder cpuid(int family, int model, int stepping) {
    raw[CPUID_FAM_ID] = (byte) family;
    raw[CPUID_MOD_ID] = (byte) model;
    raw[CPUID_STEP] = (byte) stepping;
    return this;
  }

  /** CHIP_ID, 64 bytes. */
  public ReportBuilder chipId(byte[] chipId) {
    return put(CHIP_ID, chipId, CHIP_ID_SIZE, "chipId");
  }

  /** CURRENT and COMMITTED firmware version. */
  public ReportBuilder firmware(FirmwareVersion version) {
    raw[CURRENT_MAJOR] = (byte) version.major();
    raw[CURRENT_MINOR] = (byte) version.minor();
    raw[CURRENT_BUILD] = (byte) version.build();
    raw[COMMITTED_MAJOR] = (byte) version.major();
    raw[COMMITTED_MINOR] = (byte) version.minor();
    raw[COMMITTED_BUILD] = (byte) version.build();
    return this;
  }

  /** LAUNCH_MIT_VECTOR and CURRENT_MIT_VECTOR (version 5). */
  public ReportBuilder mitigationVectors(long launch, long current) {
    Bytes.putU64(raw, LAUNCH_MIT_VECTOR, launch);
    Bytes.putU64(raw, CURRENT_MIT_VECTOR, current);
    return this;
  }

  /** Signature R and S, each at most 72 bytes little-endian. */
  public ReportBuilder signature(byte[] rLittleEndian, byte[] sLittleEndian) {
    if (rLittleEndian.length > SIGNATURE_COMPONENT_SIZE
        || sLittleEndian.length > SIGNATURE_COMPONENT_SIZE) {
      throw new IllegalArgumentException("signature components are at most 72 bytes");
    }
    java.util.Arrays.fill(raw, SIGNATURE, SIGNATURE_RESERVED, (byte) 0);
    System.arraycopy(rLittleEndian, 0, raw, SIGNATURE_R, rLittleEndian.length);
    System.arraycopy(sLittleEndian, 0, raw, SIGNATURE_S, sLittleEndian.length);
    return this;
  }

  /** The 1184 report bytes (a copy; the builder can go on). */
  public byte[] build() {
    return raw.clone();
  }

  private ReportBuilder put(int offset, byte[] value, int size, String name) {
    requireNonNull(value, name);
    if (value.length != size) {
      throw new IllegalArgumentException(name + " must be " + size + " bytes, got " + value.length);
    }
    System.arraycopy(value, 0, raw, offset, size);
    return this;
  }
}

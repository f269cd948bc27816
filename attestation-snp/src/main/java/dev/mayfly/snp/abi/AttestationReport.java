package dev.mayfly.snp.abi;

import static dev.mayfly.snp.abi.ReportLayout.*;
import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.internal.Hex;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.internal.Bytes;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A well-formed SEV-SNP attestation report (SEV-SNP Firmware ABI specification, §7.3, table
 * "ATTESTATION_REPORT Structure"), versions 2, 3 and 5.
 *
 * <p>{@link #parse(byte[])} checks the length (exactly 1184 bytes), the version, the signature
 * algorithm (1, ECDSA P-384 with SHA-384), every must-be-zero range for the version, guest policy
 * bit 17 (must be 1) and reserved policy bits, the VMPL range and the signer info. It detects the
 * product from CPUID_FAM_ID/CPUID_MOD_ID (version 3 and later).
 *
 * <p><b>Security:</b> a parsed report is well-formed, not authentic. Only {@code SnpVerifier}
 * establishes authenticity; policy decisions take its {@code VerifiedReport}.
 *
 * <p>Immutable and thread-safe; byte-array accessors return copies.
 *
 * @since 0.1.0
 */
public final class AttestationReport {
  /** The size of every report version in bytes. */
  public static final int SIZE_BYTES = SIZE;
  /** The number of leading bytes covered by the signature (0x000-0x29F). */
  public static final int SIGNED_SIZE_BYTES = SIGNATURE;

  private final byte[] raw;
  private final int version;
  private final GuestPolicy policy;
  private final SignerInfo signerInfo;
  private final Optional<Product> product;
  private final Optional<TcbLayout> tcbLayout;

  private AttestationReport(byte[] raw, Optional<Product> product) {
    this.raw = raw;
    this.version = (int) Bytes.u32(raw, VERSION);
    this.policy = new GuestPolicy(Bytes.u64(raw, POLICY));
    long signer = Bytes.u32(raw, SIGNER_INFO);
    this.signerInfo = new SignerInfo(
        (signer & 1) != 0,
        (signer & 2) != 0,
        SigningKey.fromCode((int) (signer >>> 2 & 7)).orElseThrow());
    this.product = product;
    this.tcbLayout = product.map(Product::tcbLayout)
        .or(() -> version == 2 ? Optional.of(TcbLayout.MILAN_GENOA) : Optional.empty());
  }

  /**
   * Parses and checks a report; the product comes from CPUID (version 3 and later) when known.
   *
   * @throws AttestationException {@code SNP_REPORT_TRUNCATED}, {@code SNP_REPORT_OVERSIZED},
   *     {@code SNP_REPORT_VERSION_UNSUPPORTED}, {@code SNP_SIGNATURE_ALGORITHM_UNSUPPORTED},
   *     {@code SNP_REPORT_RESERVED_NONZERO} or {@code SNP_REPORT_FIELD_INVALID}
   */
  public static AttestationReport parse(byte[] bytes) throws AttestationException {
    requireNonNull(bytes, "bytes");
    byte[] raw = bytes.clone();
    check(raw);
    return new AttestationReport(raw, cpuidProduct(raw));
  }

  /**
   * Parses and checks a report whose product the caller knows (needed for version 2, which has
   * no CPUID fields, to pick the AMD chain).
   *
   * @throws AttestationException as {@link #parse(byte[])}, or {@code SNP_PRODUCT_MISMATCH} when
   *     the report's CPUID names another product
   */
  public static AttestationReport parse(byte[] bytes, Product product) throws AttestationException {
    requireNonNull(product, "product");
    return parse(bytes).withProduct(product);
  }

  /**
   * This report with its product fixed (from the caller or the endorsement certificate).
   *
   * @throws AttestationException {@code SNP_PRODUCT_MISMATCH} when CPUID names another product
   */
  public AttestationReport withProduct(Product product) throws AttestationException {
    requireNonNull(product, "product");
    if (this.product.isPresent()) {
      if (this.product.get() != product) {
        throw new AttestationException(ErrorCode.SNP_PRODUCT_MISMATCH,
            "report CPUID names " + this.product.get().kdsName() + ", expected "
                + product.kdsName());
      }
      return this;
    }
    return new AttestationReport(raw, Optional.of(product));
  }

  private static void check(byte[] raw) throws AttestationException {
    if (raw.length < SIZE) {
      throw new AttestationException(ErrorCode.SNP_REPORT_TRUNCATED,
          "report is " + raw.length + " bytes, expected " + SIZE);
    }
    if (raw.length > SIZE) {
      throw new AttestationException(ErrorCode.SNP_REPORT_OVERSIZED,
          "report is " + raw.length + " bytes, expected " + SIZE);
    }
    long version = Bytes.u32(raw, VERSION);
    if (version != 2 && version != 3 && version != 5) {
      throw new AttestationException(ErrorCode.SNP_REPORT_VERSION_UNSUPPORTED,
          "report VERSION is " + version + ", expected 2, 3 or 5");
    }
    long algorithm = Bytes.u32(raw, SIGNATURE_ALGO);
    if (algorithm != 1) {
      throw new AttestationException(ErrorCode.SNP_SIGNATURE_ALGORITHM_UNSUPPORTED,
          "report SIGNATURE_ALGO is " + algorithm + ", expected 1 (ECDSA P-384 with SHA-384)");
    }
    checkZero(raw, SIGNER_INFO, SIGNER_INFO + 4, 0xFFFF_FFE0L, "signer info bits 5-31");
    checkZero(raw, RESERVED_0, REPORT_DATA, "reserved 0x04C");
    checkZero(raw, version == 2 ? CPUID_FAM_ID : RESERVED_1_V3, CHIP_ID, "reserved 0x188");
    checkZero(raw, RESERVED_2, RESERVED_2 + 1, "reserved 0x1EB");
    checkZero(raw, RESERVED_3, RESERVED_3 + 1, "reserved 0x1EF");
    checkZero(raw, version == 5 ? RESERVED_4_V5 : RESERVED_4_V2, SIGNATURE, "reserved 0x1F8");
    checkZero(raw, SIGNATURE_RESERVED, SIZE, "signature reserved 0x330");

    GuestPolicy policy = new GuestPolicy(Bytes.u64(raw, POLICY));
    if ((policy.raw() & GuestPolicy.RESERVED_ONE) == 0) {
      throw new AttestationException(ErrorCode.SNP_REPORT_FIELD_INVALID,
          "guest POLICY is " + policy + ", reserved bit 17 must be 1");
    }
    if ((policy.raw() & GuestPolicy.RESERVED_ZERO_MASK) != 0) {
      throw new AttestationException(ErrorCode.SNP_REPORT_FIELD_INVALID,
          "guest POLICY is " + policy + ", reserved bits 26-63 must be 0");
    }
    long vmpl = Bytes.u32(raw, VMPL);
    if (vmpl > 3) {
      throw new AttestationException(ErrorCode.SNP_REPORT_FIELD_INVALID,
          "report VMPL is " + vmpl + ", expected 0..3");
    }
    int signingKey = (int) (Bytes.u32(raw, SIGNER_INFO) >>> 2 & 7);
    if (SigningKey.fromCode(signingKey).isEmpty()) {
      throw new AttestationException(ErrorCode.SNP_REPORT_FIELD_INVALID,
          "report SIGNING_KEY is " + signingKey + ", expected 0 (VCEK), 1 (VLEK) or 7 (none)");
    }
  }

  private static void checkZero(byte[] raw, int from, int to, String what)
      throws AttestationException {
    int at = Bytes.firstNonZero(raw, from, to);
    if (at >= 0) {
      throw new AttestationException(ErrorCode.SNP_REPORT_RESERVED_NONZERO,
          what + " must be zero, byte at offset 0x" + Integer.toHexString(at) + " is not");
    }
  }

  private static void checkZero(byte[] raw, int from, int to, long mask, String what)
      throws AttestationException {
    if ((Bytes.u32(raw, from) & mask) != 0) {
      throw new AttestationException(ErrorCode.SNP_REPORT_RESERVED_NONZERO,
          what + " must be zero, field at offset 0x" + Integer.toHexString(from) + " is not");
    }
  }

  private static Optional<Product> cpuidProduct(byte[] raw) {
    if (Bytes.u32(raw, VERSION) < 3) {
      return Optional.empty();
    }
    return Product.fromCpuid(Bytes.u8(raw, CPUID_FAM_ID), Bytes.u8(raw, CPUID_MOD_ID));
  }

  /** The whole report, 1184 bytes (a copy). */
  public byte[] toBytes() {
    return raw.clone();
  }

  /** The bytes the signature covers, offsets 0x000 to 0x29F (a copy). */
  public byte[] signedBytes() {
    return Arrays.copyOf(raw, SIGNATURE);
  }

  /** VERSION: 2, 3 or 5. */
  public int version() {
    return version;
  }

  /** GUEST_SVN: the guest's security version number. */
  public long guestSvn() {
    return Bytes.u32(raw, GUEST_SVN);
  }

  /** POLICY: the guest policy. */
  public GuestPolicy policy() {
    return policy;
  }

  /** FAMILY_ID (16 bytes) from the ID block. */
  public byte[] familyId() {
    return Bytes.slice(raw, FAMILY_ID, 16);
  }

  /** IMAGE_ID (16 bytes) from the ID block. */
  public byte[] imageId() {
    return Bytes.slice(raw, IMAGE_ID, 16);
  }

  /** VMPL: the privilege level that requested the report, 0..3. */
  public int vmpl() {
    return (int) Bytes.u32(raw, VMPL);
  }

  /** SIGNATURE_ALGO: always 1 (ECDSA P-384 with SHA-384) for a parsed report. */
  public int signatureAlgorithm() {
    return (int) Bytes.u32(raw, SIGNATURE_ALGO);
  }

  /** The product, from CPUID (version 3+) or as fixed by {@link #withProduct}. */
  public Optional<Product> product() {
    return product;
  }

  /** The TCB layout, known once the product is known (always for version 2). */
  public Optional<TcbLayout> tcbLayout() {
    return tcbLayout;
  }

  /** CURRENT_TCB, decoded for the product. */
  public TcbVersion currentTcb() {
    return tcb(CURRENT_TCB);
  }

  /** REPORTED_TCB: the TCB the VCEK was derived from, decoded for the product. */
  public TcbVersion reportedTcb() {
    return tcb(REPORTED_TCB);
  }

  /** COMMITTED_TCB, decoded for the product. */
  public TcbVersion committedTcb() {
    return tcb(COMMITTED_TCB);
  }

  /** LAUNCH_TCB, decoded for the product. */
  public TcbVersion launchTcb() {
    return tcb(LAUNCH_TCB);
  }

  /** The raw 64-bit REPORTED_TCB value. */
  public long reportedTcbRaw() {
    return Bytes.u64(raw, REPORTED_TCB);
  }

  /** The raw 64-bit CURRENT_TCB value. */
  public long currentTcbRaw() {
    return Bytes.u64(raw, CURRENT_TCB);
  }

  private TcbVersion tcb(int offset) {
    TcbLayout layout = tcbLayout.orElseThrow(() -> new IllegalStateException(
        "product unknown: parse with a product to decode TCB versions"));
    return TcbVersion.decode(Bytes.u64(raw, offset), layout);
  }

  /** PLATFORM_INFO. */
  public PlatformInfo platformInfo() {
    return new PlatformInfo(Bytes.u64(raw, PLATFORM_INFO));
  }

  /** The signer info at offset 0x48: author key, masked chip key, signing key. */
  public SignerInfo signerInfo() {
    return signerInfo;
  }

  /** REPORT_DATA (64 bytes) supplied by the guest when it asked for the report. */
  public byte[] reportData() {
    return Bytes.slice(raw, REPORT_DATA, REPORT_DATA_SIZE);
  }

  /** MEASUREMENT (48 bytes): the launch digest of the guest. */
  public byte[] measurement() {
    return Bytes.slice(raw, MEASUREMENT, MEASUREMENT_SIZE);
  }

  /** HOST_DATA (32 bytes) supplied by the host at launch. */
  public byte[] hostData() {
    return Bytes.slice(raw, HOST_DATA, HOST_DATA_SIZE);
  }

  /** ID_KEY_DIGEST (48 bytes). */
  public byte[] idKeyDigest() {
    return Bytes.slice(raw, ID_KEY_DIGEST, 48);
  }

  /** AUTHOR_KEY_DIGEST (48 bytes). */
  public byte[] authorKeyDigest() {
    return Bytes.slice(raw, AUTHOR_KEY_DIGEST, 48);
  }

  /** REPORT_ID (32 bytes). */
  public byte[] reportId() {
    return Bytes.slice(raw, REPORT_ID, 32);
  }

  /** REPORT_ID_MA (32 bytes), all ones when there is no migration agent. */
  public byte[] reportIdMa() {
    return Bytes.slice(raw, REPORT_ID_MA, 32);
  }

  /** CPUID family (version 3+, else empty). */
  public Optional<Integer> cpuidFamily() {
    return version >= 3 ? Optional.of(Bytes.u8(raw, CPUID_FAM_ID)) : Optional.empty();
  }

  /** CPUID model (version 3+, else empty). */
  public Optional<Integer> cpuidModel() {
    return version >= 3 ? Optional.of(Bytes.u8(raw, CPUID_MOD_ID)) : Optional.empty();
  }

  /** CPUID stepping (version 3+, else empty). */
  public Optional<Integer> cpuidStepping() {
    return version >= 3 ? Optional.of(Bytes.u8(raw, CPUID_STEP)) : Optional.empty();
  }

  /** CHIP_ID (64 bytes); all zero when the platform masks it. */
  public byte[] chipId() {
    return Bytes.slice(raw, CHIP_ID, CHIP_ID_SIZE);
  }

  /** Whether CHIP_ID is masked (all zero), as with MaskChipId or on VLEK-signing platforms. */
  public boolean isChipIdMasked() {
    return Bytes.firstNonZero(raw, CHIP_ID, CHIP_ID + CHIP_ID_SIZE) < 0;
  }

  /** CURRENT_MAJOR/MINOR/BUILD: the running firmware. */
  public FirmwareVersion currentFirmware() {
    return new FirmwareVersion(
        Bytes.u8(raw, CURRENT_MAJOR), Bytes.u8(raw, CURRENT_MINOR), Bytes.u8(raw, CURRENT_BUILD));
  }

  /** COMMITTED_MAJOR/MINOR/BUILD: the committed firmware (anti-rollback floor). */
  public FirmwareVersion committedFirmware() {
    return new FirmwareVersion(Bytes.u8(raw, COMMITTED_MAJOR), Bytes.u8(raw, COMMITTED_MINOR),
        Bytes.u8(raw, COMMITTED_BUILD));
  }

  /** LAUNCH_MIT_VECTOR (version 5, else empty). */
  public OptionalLong launchMitigationVector() {
    return version >= 5 ? OptionalLong.of(Bytes.u64(raw, LAUNCH_MIT_VECTOR)) : OptionalLong.empty();
  }

  /** CURRENT_MIT_VECTOR (version 5, else empty). */
  public OptionalLong currentMitigationVector() {
    return version >= 5
        ? OptionalLong.of(Bytes.u64(raw, CURRENT_MIT_VECTOR))
        : OptionalLong.empty();
  }

  /** Signature R, 72 bytes little-endian (zero-extended). */
  public byte[] signatureR() {
    return Bytes.slice(raw, SIGNATURE_R, SIGNATURE_COMPONENT_SIZE);
  }

  /** Signature S, 72 bytes little-endian (zero-extended). */
  public byte[] signatureS() {
    return Bytes.slice(raw, SIGNATURE_S, SIGNATURE_COMPONENT_SIZE);
  }

  /** Short description (version, product, VMPL, report id prefix); no full blobs. */
  @Override
  public String toString() {
    return "AttestationReport[v" + version + ", "
        + product.map(Product::kdsName).orElse("product unknown") + ", vmpl " + vmpl()
        + ", report id " + Hex.encode(reportId()).substring(0, 16) + "...]";
  }
}

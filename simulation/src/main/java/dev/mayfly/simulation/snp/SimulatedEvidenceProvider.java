package dev.mayfly.simulation.snp;

import static java.util.Objects.requireNonNull;

import dev.mayfly.snp.abi.AttestationReport;
import dev.mayfly.snp.abi.FirmwareVersion;
import dev.mayfly.snp.abi.GuestPolicy;
import dev.mayfly.snp.abi.PlatformInfo;
import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.abi.ReportBuilder;
import dev.mayfly.snp.abi.SignerInfo;
import dev.mayfly.snp.abi.SigningKey;
import dev.mayfly.snp.abi.TcbVersion;
import dev.mayfly.snp.evidence.Evidence;
import dev.mayfly.snp.evidence.EvidenceProvider;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Evidence from a {@link SimulatedChip}: real SEV-SNP report bytes (same format as the
 * hardware's) signed by the chip's simulated VCEK, with the chain VCEK, simulated ASK, simulated
 * ARK.
 *
 * <p>Every report field a test might want wrong is configurable: measurement, guest policy
 * (e.g. with DEBUG), VMPL, HOST_DATA, report version, firmware, and the REPORTED_TCB (by default
 * the chip's, so it matches the VCEK).
 *
 * <p><b>Security:</b> simulation only, for demos and tests; never in production. Simulated
 * evidence proves nothing; a default {@code SnpVerifier} refuses it with {@code
 * SNP_SIMULATED_EVIDENCE_REFUSED}, and only a verifier built with {@code
 * allowSimulatedEvidenceInsecure()} accepts it (its {@code VerifiedReport.isSimulated()} is
 * true).
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class SimulatedEvidenceProvider implements EvidenceProvider {
  private final SimulatedChip chip;
  private final byte[] measurement;
  private final GuestPolicy policy;
  private final int vmpl;
  private final byte[] hostData;
  private final int version;
  private final FirmwareVersion firmware;
  private final TcbVersion reportedTcb;
  private final SecureRandom random;
  private final boolean maskChipId;

  private SimulatedEvidenceProvider(Builder b) {
    this.chip = b.chip;
    this.measurement = b.measurement.clone();
    this.policy = b.policy;
    this.vmpl = b.vmpl;
    this.hostData = b.hostData.clone();
    this.version = b.version;
    this.firmware = b.firmware;
    this.reportedTcb = b.reportedTcb;
    this.random = b.random;
    this.maskChipId = b.maskChipId;
  }

  /** A builder for reports from {@code chip}. */
  public static Builder builder(SimulatedChip chip) {
    return new Builder(requireNonNull(chip, "chip"));
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException if the chip was closed
   */
  @Override
  public Evidence getEvidence(byte[] reportData) {
    requireLength(reportData, 64, "REPORT_DATA");
    byte[] reportId = new byte[32];
    random.nextBytes(reportId);
    byte[] noMigrationAgent = new byte[32];
    Arrays.fill(noMigrationAgent, (byte) 0xFF);
    ReportBuilder builder = ReportBuilder.create()
        .version(version)
        .guestSvn(1)
        .policy(policy)
        .vmpl(vmpl)
        .currentTcb(chip.tcb())
        .reportedTcb(reportedTcb)
        .committedTcb(chip.tcb())
        .launchTcb(chip.tcb())
        .platformInfo(new PlatformInfo(0x25))
        .signerInfo(new SignerInfo(false, false, chip.signingKey()))
        .reportData(reportData)
        .measurement(measurement)
        .hostData(hostData)
        .reportId(reportId)
        .reportIdMa(noMigrationAgent)
        .chipId(maskChipId ? new byte[64] : chip.chipId())
        .firmware(firmware);
    if (version >= 3) {
      switch (chip.product()) {
        case MILAN -> builder.cpuid(0x19, 0x01, 1);
        case GENOA -> builder.cpuid(0x19, 0x11, 1);
        case TURIN -> builder.cpuid(0x1A, 0x02, 1);
        default -> throw new IllegalStateException("unknown product " + chip.product());
      }
    }
    byte[] unsigned = builder.build();
    byte[][] rs = chip.sign(Arrays.copyOf(unsigned, AttestationReport.SIGNED_SIZE_BYTES));
    byte[] report = builder.signature(rs[0], rs[1]).build();
    return Evidence.of(report, chip.certificateChain());
  }

  @Override
  public String toString() {
    return "SimulatedEvidenceProvider[SIMULATED, " + chip + "]";
  }

  private static byte[] requireLength(byte[] value, int length, String name) {
    requireNonNull(value, name);
    if (value.length != length) {
      throw new IllegalArgumentException(
          name + " must be " + length + " bytes, got " + value.length);
    }
    return value;
  }

  /** Builder; defaults: zero measurement, policy SMT + bit 17, VMPL 0, zero HOST_DATA. */
  public static final class Builder {
    private final SimulatedChip chip;
    private byte[] measurement = new byte[48];
    private GuestPolicy policy = new GuestPolicy(GuestPolicy.RESERVED_ONE | GuestPolicy.SMT);
    private int vmpl;
    private byte[] hostData = new byte[32];
    private int version;
    private FirmwareVersion firmware = new FirmwareVersion(1, 55, 0);
    private TcbVersion reportedTcb;
    private SecureRandom random = new SecureRandom();
    private boolean maskChipId;

    private Builder(SimulatedChip chip) {
      this.chip = chip;
      this.version = chip.product() == Product.TURIN ? 5 : 3;
      this.reportedTcb = chip.tcb();
    }

    /** MEASUREMENT (48 bytes); default zeros. */
    public Builder measurement(byte[] measurement) {
      this.measurement = requireLength(measurement, 48, "MEASUREMENT").clone();
      return this;
    }

    /** The guest policy; default SMT allowed, bit 17 set, no DEBUG, no MIGRATE_MA. */
    public Builder guestPolicy(GuestPolicy policy) {
      this.policy = requireNonNull(policy, "policy");
      return this;
    }

    /** VMPL 0..3; default 0. */
    public Builder vmpl(int vmpl) {
      if (vmpl < 0 || vmpl > 3) {
        throw new IllegalArgumentException("VMPL must be 0..3");
      }
      this.vmpl = vmpl;
      return this;
    }

    /** HOST_DATA (32 bytes); default zeros. */
    public Builder hostData(byte[] hostData) {
      this.hostData = requireLength(hostData, 32, "HOST_DATA").clone();
      return this;
    }

    /** Report VERSION 2, 3 or 5; default 3 (5 on Turin). */
    public Builder reportVersion(int version) {
      if (version != 2 && version != 3 && version != 5) {
        throw new IllegalArgumentException("report version must be 2, 3 or 5");
      }
      this.version = version;
      return this;
    }

    /** Firmware version; default 1.55 build 0. */
    public Builder firmware(FirmwareVersion firmware) {
      this.firmware = requireNonNull(firmware, "firmware");
      return this;
    }

    /** REPORTED_TCB; default the chip's TCB (anything else no longer matches the VCEK). */
    public Builder reportedTcb(TcbVersion tcb) {
      this.reportedTcb = requireNonNull(tcb, "tcb");
      return this;
    }

    /**
     * Reports CHIP_ID as all zeros, as a platform with MaskChipId set does; the VCEK still names
     * the chip in its hwID.
     */
    public Builder maskChipId() {
      this.maskChipId = true;
      return this;
    }

    /** Randomness for REPORT_ID; default a new {@link SecureRandom}. */
    public Builder random(SecureRandom random) {
      this.random = requireNonNull(random, "random");
      return this;
    }

    /** The provider. */
    public SimulatedEvidenceProvider build() {
      return new SimulatedEvidenceProvider(this);
    }
  }
}

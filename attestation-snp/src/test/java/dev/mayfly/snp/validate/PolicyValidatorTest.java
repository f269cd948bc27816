package dev.mayfly.snp.validate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.Vectors;
import dev.mayfly.snp.abi.FirmwareVersion;
import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.abi.SigningKey;
import dev.mayfly.snp.verify.SnpVerifier;
import dev.mayfly.snp.verify.SnpVerifyOptions;
import dev.mayfly.snp.verify.VerifiedReport;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyValidatorTest {
  static final SnpVerifier VERIFIER = SnpVerifier.create(
      SnpVerifyOptions.builder().clock(Vectors.CLOCK).allowSimulatedEvidenceInsecure().build());

  private static VerifiedReport verified(Vectors.Pair pair) throws AttestationException {
    return VERIFIER.verify(pair.report(), List.of(pair.leaf()));
  }

  static TeePolicy.Builder policyFor(VerifiedReport v) {
    return TeePolicy.builder().allowMeasurement(v.measurement());
  }

  static ReportExpectations expectFor(VerifiedReport v) {
    return ReportExpectations.reportData(v.reportData());
  }

  static PolicyViolationException refused(TeePolicy policy, VerifiedReport v,
      ReportExpectations expectations) {
    return assertThrows(PolicyViolationException.class,
        () -> PolicyValidator.create(policy).validate(v, expectations));
  }

  static void assertSingle(ErrorCode code, PolicyViolationException e) {
    assertEquals(code, e.code());
    assertEquals(List.of(code), e.mismatchCodes());
    assertEquals(List.of(), e.culprits());
  }

  static Stream<Vectors.Pair> acceptedByDefault() {
    return Stream.of(Vectors.P2, Vectors.P3, Vectors.P5, Vectors.P6, Vectors.P7);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("acceptedByDefault")
  void validate_realVectorWithItsMeasurement_accepts(Vectors.Pair pair) throws AttestationException {
    VerifiedReport v = verified(pair);
    TeePolicy policy = policyFor(v).build();

    ValidatedReport validated = PolicyValidator.create(policy).validate(v, expectFor(v));

    assertArrayEquals(policy.hash(), validated.policyHash());
  }

  @Test
  void validate_p1DebugPolicy_refusedByDefaultAcceptedWhenAllowed() throws AttestationException {
    VerifiedReport v = verified(Vectors.P1);
    assertSingle(ErrorCode.SNP_DEBUG_NOT_ALLOWED, refused(policyFor(v).build(), v, expectFor(v)));
    PolicyValidator.create(policyFor(v).allowDebug(true).build()).validate(v, expectFor(v));
  }

  @Test
  void validate_p4Vmpl1_refusedByDefaultAcceptedWhenAllowed() throws AttestationException {
    VerifiedReport v = verified(Vectors.P4);
    assertSingle(ErrorCode.SNP_VMPL_NOT_ALLOWED, refused(policyFor(v).build(), v, expectFor(v)));
    PolicyValidator.create(policyFor(v).vmpls(Set.of(0, 1)).build()).validate(v, expectFor(v));
  }

  @Test
  void validate_wrongMeasurement_throwsMeasurementMismatch() throws AttestationException {
    VerifiedReport v = verified(Vectors.P2);
    TeePolicy policy = TeePolicy.builder().allowMeasurement(verified(Vectors.P3).measurement()).build();
    assertSingle(ErrorCode.SNP_MEASUREMENT_MISMATCH, refused(policy, v, expectFor(v)));
  }

  @Test
  void validate_wrongHostData_throwsHostDataMismatch() throws AttestationException {
    VerifiedReport v = verified(Vectors.P2);
    byte[] other = new byte[32];
    other[0] = 1;
    assertSingle(ErrorCode.SNP_HOST_DATA_MISMATCH,
        refused(policyFor(v).hostData(other).build(), v, expectFor(v)));
    assertSingle(ErrorCode.SNP_HOST_DATA_MISMATCH,
        refused(policyFor(v).build(), v, expectFor(v).withHostData(other)));
  }

  @Test
  void validate_wrongReportData_throwsReportDataMismatch() throws AttestationException {
    VerifiedReport v = verified(Vectors.P2);
    assertSingle(ErrorCode.SNP_REPORT_DATA_MISMATCH,
        refused(policyFor(v).build(), v, ReportExpectations.reportData(new byte[64])));
  }

  @Test
  void validate_lowTcbOldFirmwareOldVersion_eachHasItsCode() throws AttestationException {
    VerifiedReport v = verified(Vectors.P2);
    assertSingle(ErrorCode.SNP_TCB_TOO_LOW, refused(
        policyFor(v).minimumTcb(new MinimumTcb(0, 0, 0, 0, 116)).build(), v, expectFor(v)));
    assertSingle(ErrorCode.SNP_FIRMWARE_TOO_OLD, refused(
        policyFor(v).minimumFirmware(new FirmwareVersion(1, 53, 0)).build(), v, expectFor(v)));
    assertSingle(ErrorCode.SNP_REPORT_VERSION_TOO_OLD,
        refused(policyFor(v).minimumReportVersion(3).build(), v, expectFor(v)));
  }

  @Test
  void validate_vlekWhenOnlyVcekAllowed_throwsSigningKeyNotAllowed() throws AttestationException {
    VerifiedReport v = verified(Vectors.P4);
    assertSingle(ErrorCode.SNP_SIGNING_KEY_NOT_ALLOWED, refused(policyFor(v).vmpls(Set.of(1))
        .signingKeys(EnumSet.of(SigningKey.VCEK)).build(), v, expectFor(v)));
  }

  @Test
  void validate_productNotAllowed_throwsProductNotAllowed() throws AttestationException {
    VerifiedReport v = verified(Vectors.P7);
    assertSingle(ErrorCode.SNP_PRODUCT_NOT_ALLOWED,
        refused(policyFor(v).products(EnumSet.of(Product.MILAN)).build(), v, expectFor(v)));
  }

  @Test
  void validate_severalMismatches_listsEveryOne() throws AttestationException {
    VerifiedReport v = verified(Vectors.P1);
    TeePolicy policy = TeePolicy.builder().allowMeasurement(new byte[48])
        .minimumTcb(new MinimumTcb(0, 9, 0, 0, 0)).build();

    PolicyViolationException e = refused(policy, v, ReportExpectations.reportData(new byte[64]));

    assertEquals(ErrorCode.SNP_POLICY_VIOLATED, e.code());
    assertEquals(List.of(ErrorCode.SNP_DEBUG_NOT_ALLOWED, ErrorCode.SNP_TCB_TOO_LOW,
        ErrorCode.SNP_MEASUREMENT_MISMATCH, ErrorCode.SNP_REPORT_DATA_MISMATCH), e.mismatchCodes());
  }
}

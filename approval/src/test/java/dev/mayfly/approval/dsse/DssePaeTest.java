package dev.mayfly.approval.dsse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mayfly.approval.ApprovalException;
import dev.mayfly.approval.keys.ApproverPublicKey;
import dev.mayfly.approval.keys.ApproverSigningKey;
import dev.mayfly.common.ErrorCode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.junit.jupiter.api.Test;

/** The PAE and the worked example of the DSSE specification ({@code protocol.md}, v1.0.0). */
class DssePaeTest {
  // protocol.md, "Test Vectors": the inputs, the PAE, the P-256 key and the signature (r || s).
  private static final String TYPE = "http://example.com/HelloWorld";
  private static final byte[] BODY = "hello world".getBytes(StandardCharsets.UTF_8);
  private static final String PAE = "DSSEv1 29 http://example.com/HelloWorld 11 hello world";
  private static final String PAE_HEX = "4453534576312032392068747470"
      + "3a2f2f6578616d706c652e636f6d2f48656c6c6f576f726c6420313120"
      + "68656c6c6f20776f726c64";
  private static final BigInteger X = new BigInteger(
      "46950820868899156662930047687818585632848591499744589407958293238635476079160");
  private static final BigInteger Y = new BigInteger(
      "5640078356564379163099075877009565129882514886557779369047442380624545832820");
  private static final BigInteger D = new BigInteger(
      "97358161215184420915383655311931858321456579547487070936769975997791359926199");
  private static final String SIG_RAW_B64 =
      "A3JqsQGtVsJ2O2xqrI5IcnXip5GToJ3F+FnZ+O88SjtR6rDAajabZKciJTfUiHqJPcIAriEGAHTVeCUjW2JIZA==";
  private static final ECNamedDomainParameters P256 =
      ECNamedDomainParameters.lookup(SECObjectIdentifiers.secp256r1);

  @Test
  void preAuthEncoding_specExample_matchesPublishedBytes() {
    byte[] pae = Dsse.preAuthEncoding(TYPE, BODY);
    assertEquals(PAE, new String(pae, StandardCharsets.US_ASCII));
    assertArrayEquals(HexFormat.of().parseHex(PAE_HEX), pae);
  }

  @Test
  void preAuthEncoding_emptyPayload_endsWithZeroAndSpace() {
    assertEquals("DSSEv1 1 t 0 ",
        new String(Dsse.preAuthEncoding("t", new byte[0]), StandardCharsets.US_ASCII));
  }

  @Test
  void preAuthEncoding_nonAsciiType_countsUtf8Bytes() {
    byte[] pae = Dsse.preAuthEncoding("ä", new byte[] {1});
    assertArrayEquals(new byte[] {'D', 'S', 'S', 'E', 'v', '1', ' ', '2', ' ',
        (byte) 0xc3, (byte) 0xa4, ' ', '1', ' ', 1}, pae);
  }

  @Test
  void envelopePreAuthEncoding_sameAsStaticHelper() {
    DsseEnvelope envelope = DsseEnvelope.of(TYPE, BODY, java.util.List.of());
    assertArrayEquals(Dsse.preAuthEncoding(TYPE, BODY), envelope.preAuthEncoding());
  }

  @Test
  void verify_specExampleSignature_verifiesUnderSpecKey() throws Exception {
    ApproverPublicKey key = specPublicKey();
    key.verify(Dsse.preAuthEncoding(TYPE, BODY), specSignatureDer());
  }

  @Test
  void verify_specExampleSignatureOverOtherType_throwsBadSignature() throws Exception {
    ApproverPublicKey key = specPublicKey();
    ApprovalException e = assertThrows(ApprovalException.class,
        () -> key.verify(Dsse.preAuthEncoding(TYPE + "2", BODY), specSignatureDer()));
    assertEquals(ErrorCode.APPROVAL_BAD_SIGNATURE, e.code());
    assertEquals(java.util.List.of(), e.culprits());
  }

  @Test
  void sign_specExampleKey_reproducesDeterministicSignature() throws Exception {
    byte[] pkcs8 = PrivateKeyInfoFactory.createPrivateKeyInfo(new ECPrivateKeyParameters(D, P256))
        .getEncoded(ASN1Encoding.DER);
    try (ApproverSigningKey key = ApproverSigningKey.parsePkcs8Der(pkcs8)) {
      assertEquals(specPublicKey(), key.publicKey());
      // RFC 6979 with SHA-256 gives the same (r, s) as the specification's Cryptodome signer.
      assertArrayEquals(specSignatureDer(), key.sign(Dsse.preAuthEncoding(TYPE, BODY)));
    }
  }

  private static ApproverPublicKey specPublicKey() throws Exception {
    ECPublicKeyParameters params =
        new ECPublicKeyParameters(P256.getCurve().createPoint(X, Y), P256);
    return ApproverPublicKey.parseDer(SubjectPublicKeyInfoFactory
        .createSubjectPublicKeyInfo(params).getEncoded(ASN1Encoding.DER));
  }

  private static byte[] specSignatureDer() throws Exception {
    byte[] raw = Base64.getDecoder().decode(SIG_RAW_B64);
    BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(raw, 0, 32));
    BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(raw, 32, 64));
    return StandardDSAEncoding.INSTANCE.encode(P256.getN(), r, s);
  }
}

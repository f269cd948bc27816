package dev.mayfly.snp.verify;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.internal.Hex;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.abi.SigningKey;
import dev.mayfly.snp.abi.TcbLayout;
import dev.mayfly.snp.abi.TcbVersion;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;

/**
 * The AMD extensions of a VCEK or VLEK certificate (AMD "Versioned Chip Endorsement Key (VCEK)
 * Certificate and KDS Interface Specification", table "VCEK Certificate Extensions"), arc
 * {@code 1.3.6.1.4.1.3704.1}.
 *
 * <p>{@code .1} structVersion (INTEGER 0 or 1), {@code .2} productName (IA5String, e.g.
 * "Milan-B0"), {@code .3.1} blSPL, {@code .3.2} teeSPL, {@code .3.3} snpSPL, {@code .3.4-.3.7}
 * spl_4..spl_7, {@code .3.8} ucodeSPL, {@code .3.9} fmcSPL (Turin) (INTEGER 0..255), {@code .4}
 * hwID (raw bytes: 64, or 8 on Turin; VCEK only), {@code .5} cspID (string; VLEK only).
 *
 * <p>Immutable.
 *
 * @since 0.1.0
 */
public final class AmdKeyExtensions {
  private static final String ARC = "1.3.6.1.4.1.3704.1";
  static final ASN1ObjectIdentifier STRUCT_VERSION = new ASN1ObjectIdentifier(ARC + ".1");
  static final ASN1ObjectIdentifier PRODUCT_NAME = new ASN1ObjectIdentifier(ARC + ".2");
  static final ASN1ObjectIdentifier BL_SPL = new ASN1ObjectIdentifier(ARC + ".3.1");
  static final ASN1ObjectIdentifier TEE_SPL = new ASN1ObjectIdentifier(ARC + ".3.2");
  static final ASN1ObjectIdentifier SNP_SPL = new ASN1ObjectIdentifier(ARC + ".3.3");
  static final ASN1ObjectIdentifier UCODE_SPL = new ASN1ObjectIdentifier(ARC + ".3.8");
  static final ASN1ObjectIdentifier FMC_SPL = new ASN1ObjectIdentifier(ARC + ".3.9");
  static final ASN1ObjectIdentifier HW_ID = new ASN1ObjectIdentifier(ARC + ".4");
  static final ASN1ObjectIdentifier CSP_ID = new ASN1ObjectIdentifier(ARC + ".5");

  private final int structVersion;
  private final Optional<String> productName;
  private final int bootloaderSpl;
  private final int teeSpl;
  private final int snpSpl;
  private final int microcodeSpl;
  private final OptionalInt fmcSpl;
  private final Optional<byte[]> hwId;
  private final Optional<String> cspId;

  private AmdKeyExtensions(int structVersion, Optional<String> productName, int bootloaderSpl,
      int teeSpl, int snpSpl, int microcodeSpl, OptionalInt fmcSpl, Optional<byte[]> hwId,
      Optional<String> cspId) {
    this.structVersion = structVersion;
    this.productName = productName;
    this.bootloaderSpl = bootloaderSpl;
    this.teeSpl = teeSpl;
    this.snpSpl = snpSpl;
    this.microcodeSpl = microcodeSpl;
    this.fmcSpl = fmcSpl;
    this.hwId = hwId;
    this.cspId = cspId;
  }

  /**
   * Parses the DER encoding of a certificate's {@code Extensions} SEQUENCE.
   *
   * @throws AttestationException {@code SNP_CERT_EXTENSION_INVALID}
   */
  public static AmdKeyExtensions parse(byte[] extensionsDer) throws AttestationException {
    requireNonNull(extensionsDer, "extensionsDer");
    Extensions extensions;
    try {
      extensions = Extensions.getInstance(ASN1Primitive.fromByteArray(extensionsDer));
    } catch (IOException | RuntimeException e) {
      throw invalid("extensions are not a DER Extensions sequence", e);
    }
    if (extensions == null) {
      throw invalid("extensions are missing", null);
    }
    return from(extensions);
  }

  /**
   * Reads the AMD extensions out of parsed certificate extensions.
   *
   * @throws AttestationException {@code SNP_CERT_EXTENSION_INVALID}
   */
  static AmdKeyExtensions from(Extensions extensions) throws AttestationException {
    try {
      int structVersion = integer(extensions, STRUCT_VERSION, true).orElseThrow();
      if (structVersion != 0 && structVersion != 1) {
        throw invalid("structVersion is " + structVersion + ", expected 0 or 1", null);
      }
      Optional<String> productName = string(extensions, PRODUCT_NAME);
      int bl = spl(extensions, BL_SPL, "blSPL");
      int tee = spl(extensions, TEE_SPL, "teeSPL");
      int snp = spl(extensions, SNP_SPL, "snpSPL");
      int ucode = spl(extensions, UCODE_SPL, "ucodeSPL");
      for (int i = 4; i <= 7; i++) {
        OptionalInt other = integer(extensions, new ASN1ObjectIdentifier(ARC + ".3." + i), false);
        if (other.isPresent()) {
          checkSplRange(other.getAsInt(), "spl_" + i);
        }
      }
      OptionalInt fmc = integer(extensions, FMC_SPL, false);
      if (fmc.isPresent()) {
        checkSplRange(fmc.getAsInt(), "fmcSPL");
      }
      Optional<byte[]> hwId = raw(extensions, HW_ID);
      if (hwId.isPresent() && hwId.get().length != 64 && hwId.get().length != 8) {
        throw invalid("hwID is " + hwId.get().length + " bytes, expected 64 (or 8 on Turin)", null);
      }
      Optional<String> cspId = string(extensions, CSP_ID);
      if (hwId.isPresent() == cspId.isPresent()) {
        throw invalid("exactly one of hwID (VCEK) and cspID (VLEK) must be present", null);
      }
      return new AmdKeyExtensions(structVersion, productName, bl, tee, snp, ucode, fmc, hwId, cspId);
    } catch (RuntimeException e) {
      throw invalid("AMD extension is malformed: " + e.getClass().getSimpleName(), e);
    }
  }

  private static int spl(Extensions extensions, ASN1ObjectIdentifier oid, String name)
      throws AttestationException {
    int value = integer(extensions, oid, true).orElseThrow();
    checkSplRange(value, name);
    return value;
  }

  private static void checkSplRange(int value, String name) throws AttestationException {
    if (value < 0 || value > 0xFF) {
      throw invalid(name + " is " + value + ", expected 0..255", null);
    }
  }

  private static OptionalInt integer(Extensions extensions, ASN1ObjectIdentifier oid,
      boolean required) throws AttestationException {
    Optional<ASN1Primitive> value = value(extensions, oid, required);
    if (value.isEmpty()) {
      return OptionalInt.empty();
    }
    if (!(value.get() instanceof ASN1Integer integer)) {
      throw invalid("extension " + oid + " is not an INTEGER", null);
    }
    if (integer.getValue().bitLength() > 31) {
      throw invalid("extension " + oid + " is out of range", null);
    }
    return OptionalInt.of(integer.intValueExact());
  }

  private static Optional<String> string(Extensions extensions, ASN1ObjectIdentifier oid)
      throws AttestationException {
    Optional<ASN1Primitive> value = value(extensions, oid, false);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (!(value.get() instanceof DERIA5String) && !(value.get() instanceof DERUTF8String)) {
      throw invalid("extension " + oid + " is not an IA5String or UTF8String", null);
    }
    return Optional.of(((ASN1String) value.get()).getString());
  }

  private static Optional<ASN1Primitive> value(Extensions extensions, ASN1ObjectIdentifier oid,
      boolean required) throws AttestationException {
    Optional<byte[]> octets = raw(extensions, oid);
    if (octets.isEmpty()) {
      if (required) {
        throw invalid("extension " + oid + " is missing", null);
      }
      return Optional.empty();
    }
    try {
      return Optional.of(ASN1Primitive.fromByteArray(octets.get()));
    } catch (IOException | RuntimeException e) {
      throw invalid("extension " + oid + " is not DER", e);
    }
  }

  private static Optional<byte[]> raw(Extensions extensions, ASN1ObjectIdentifier oid) {
    Extension extension = extensions.getExtension(oid);
    return extension == null
        ? Optional.empty()
        : Optional.of(extension.getExtnValue().getOctets());
  }

  private static AttestationException invalid(String message, Throwable cause) {
    return cause == null
        ? new AttestationException(ErrorCode.SNP_CERT_EXTENSION_INVALID, message)
        : new AttestationException(ErrorCode.SNP_CERT_EXTENSION_INVALID, message, cause);
  }

  /** structVersion: 0 or 1 (1 adds fmcSPL on Turin). */
  public int structVersion() {
    return structVersion;
  }

  /** productName, e.g. "Milan-B0", "Genoa", "Turin". */
  public Optional<String> productName() {
    return productName;
  }

  /** The product named by productName, if any and known. */
  public Optional<Product> product() {
    return productName.flatMap(Product::fromName);
  }

  /** blSPL. */
  public int bootloaderSpl() {
    return bootloaderSpl;
  }

  /** teeSPL. */
  public int teeSpl() {
    return teeSpl;
  }

  /** snpSPL. */
  public int snpSpl() {
    return snpSpl;
  }

  /** ucodeSPL. */
  public int microcodeSpl() {
    return microcodeSpl;
  }

  /** fmcSPL (Turin). */
  public OptionalInt fmcSpl() {
    return fmcSpl;
  }

  /** hwID (VCEK only): 64 bytes, or 8 on Turin (a copy). */
  public Optional<byte[]> hwId() {
    return hwId.map(byte[]::clone);
  }

  /** cspID (VLEK only): the cloud provider's name. */
  public Optional<String> cspId() {
    return cspId;
  }

  /** VCEK when hwID is present, VLEK when cspID is. */
  public SigningKey keyKind() {
    return hwId.isPresent() ? SigningKey.VCEK : SigningKey.VLEK;
  }

  /**
   * The SPLs as a TCB version in {@code layout}.
   *
   * @throws AttestationException {@code SNP_CERT_EXTENSION_INVALID} when the Turin layout is
   *     asked for and fmcSPL is missing
   */
  public TcbVersion tcb(TcbLayout layout) throws AttestationException {
    requireNonNull(layout, "layout");
    if (layout == TcbLayout.TURIN) {
      if (fmcSpl.isEmpty()) {
        throw invalid("Turin certificate lacks fmcSPL", null);
      }
      return TcbVersion.ofTurin(fmcSpl.getAsInt(), bootloaderSpl, teeSpl, snpSpl, microcodeSpl);
    }
    return TcbVersion.of(bootloaderSpl, teeSpl, snpSpl, microcodeSpl);
  }

  @Override
  public String toString() {
    return "AmdKeyExtensions[" + keyKind() + ", v" + structVersion + ", "
        + productName.orElse("no product") + ", bl " + bootloaderSpl + " tee " + teeSpl
        + " snp " + snpSpl + " ucode " + microcodeSpl
        + (fmcSpl.isPresent() ? " fmc " + fmcSpl.getAsInt() : "")
        + hwId.map(h -> ", hwID " + Hex.encode(h)).orElse("")
        + cspId.map(c -> ", cspID " + c).orElse("") + "]";
  }
}

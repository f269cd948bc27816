package dev.mayfly.simulation.snp.internal;

import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.abi.TcbVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.ContentSigner;

/**
 * Makes SEV-SNP-shaped certificates and CRLs for the simulated authority and for tests: RSA
 * ARK/ASK signed with RSASSA-PSS SHA-384 (salt 48) and P-384 VCEKs with the AMD extensions.
 * Never used to verify anything. Simulation only; not API.
 */
public final class CertificateFactory {
  /** The AMD extension arc. */
  public static final String AMD_ARC = "1.3.6.1.4.1.3704.1";
  private static final AlgorithmIdentifier PSS = new AlgorithmIdentifier(
      PKCSObjectIdentifiers.id_RSASSA_PSS,
      new RSASSAPSSparams(
          new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha384, DERNull.INSTANCE),
          new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1,
              new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha384, DERNull.INSTANCE)),
          new ASN1Integer(48), new ASN1Integer(1)));

  private CertificateFactory() {}

  /** A fresh RSA key pair (simulated ARK/ASK; 2048 bits keep start-up fast). */
  public static AsymmetricCipherKeyPair rsaKeyPair(SecureRandom random, int bits) {
    RSAKeyPairGenerator generator = new RSAKeyPairGenerator();
    generator.init(new RSAKeyGenerationParameters(BigInteger.valueOf(65537), random, bits, 100));
    return generator.generateKeyPair();
  }

  /** A fresh P-384 key pair (simulated VCEK). */
  public static AsymmetricCipherKeyPair p384KeyPair(SecureRandom random) {
    ECKeyPairGenerator generator = new ECKeyPairGenerator();
    generator.init(new ECKeyGenerationParameters(
        ECNamedDomainParameters.lookup(SECObjectIdentifiers.secp384r1), random));
    return generator.generateKeyPair();
  }

  /** The AMD extensions of a VCEK for {@code product} with hwID {@code hwId} at {@code tcb}. */
  public static Map<String, byte[]> vcekExtensions(Product product, byte[] hwId, TcbVersion tcb) {
    try {
      java.util.LinkedHashMap<String, byte[]> ext = new java.util.LinkedHashMap<>();
      boolean turin = product == Product.TURIN;
      ext.put(AMD_ARC + ".1", new ASN1Integer(turin ? 1 : 0).getEncoded(ASN1Encoding.DER));
      String name = product == Product.MILAN ? "Milan-B0" : product.kdsName();
      ext.put(AMD_ARC + ".2", new DERIA5String(name).getEncoded(ASN1Encoding.DER));
      if (turin) {
        ext.put(AMD_ARC + ".3.9", integer(tcb.fmc()));
      }
      ext.put(AMD_ARC + ".3.1", integer(tcb.bootloader()));
      ext.put(AMD_ARC + ".3.2", integer(tcb.tee()));
      ext.put(AMD_ARC + ".3.3", integer(tcb.snp()));
      ext.put(AMD_ARC + ".3.8", integer(tcb.microcode()));
      ext.put(AMD_ARC + ".4", hwId.clone());
      return ext;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The AMD extensions of a simulated VLEK: those of a VCEK, with a cspID instead of a hwID. */
  public static Map<String, byte[]> vlekExtensions(Product product, String cspId, TcbVersion tcb) {
    Map<String, byte[]> ext = new java.util.LinkedHashMap<>(vcekExtensions(product, new byte[64],
        tcb));
    ext.remove(AMD_ARC + ".4");
    try {
      ext.put(AMD_ARC + ".5", new DERIA5String(cspId).getEncoded(ASN1Encoding.DER));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return ext;
  }

  private static byte[] integer(int value) throws IOException {
    return new ASN1Integer(value).getEncoded(ASN1Encoding.DER);
  }

  /**
   * A certificate signed with RSASSA-PSS SHA-384 by {@code signerKey}.
   *
   * @param extensions extension OID to raw extnValue contents, all non-critical
   * @param criticalExtensions extension OID to raw extnValue contents, marked critical
   */
  public static byte[] certificate(X500Name issuer, X500Name subject, BigInteger serial,
      Instant notBefore, Instant notAfter, AsymmetricKeyParameter subjectKey, boolean ca,
      Map<String, byte[]> extensions, Map<String, byte[]> criticalExtensions,
      CipherParameters signerKey) {
    try {
      SubjectPublicKeyInfo spki =
          SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(subjectKey);
      X509v3CertificateBuilder builder = new X509v3CertificateBuilder(issuer, serial,
          Date.from(notBefore), Date.from(notAfter), subject, spki);
      if (ca) {
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      }
      for (Map.Entry<String, byte[]> e : extensions.entrySet()) {
        builder.addExtension(new ASN1ObjectIdentifier(e.getKey()), false, e.getValue());
      }
      for (Map.Entry<String, byte[]> e : criticalExtensions.entrySet()) {
        builder.addExtension(new ASN1ObjectIdentifier(e.getKey()), true, e.getValue());
      }
      return builder.build(pssSigner(signerKey)).getEncoded();
    } catch (IOException e) {
      throw new IllegalStateException("certificate encoding failed", e);
    }
  }

  /** An ARK-signed CRL revoking {@code revokedSerials}. */
  public static byte[] crl(X500Name issuer, Instant thisUpdate, Instant nextUpdate,
      List<BigInteger> revokedSerials, CipherParameters signerKey) {
    try {
      X509v2CRLBuilder builder = new X509v2CRLBuilder(issuer, Date.from(thisUpdate));
      builder.setNextUpdate(Date.from(nextUpdate));
      for (BigInteger serial : revokedSerials) {
        builder.addCRLEntry(serial, Date.from(thisUpdate), 0);
      }
      X509CRLHolder holder = builder.build(pssSigner(signerKey));
      return holder.getEncoded();
    } catch (IOException e) {
      throw new IllegalStateException("CRL encoding failed", e);
    }
  }

  private static ContentSigner pssSigner(CipherParameters key) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    return new ContentSigner() {
      @Override
      public AlgorithmIdentifier getAlgorithmIdentifier() {
        return PSS;
      }

      @Override
      public OutputStream getOutputStream() {
        return buffer;
      }

      @Override
      public byte[] getSignature() {
        return Signing.rsaPssSha384(key, buffer.toByteArray());
      }
    };
  }

}

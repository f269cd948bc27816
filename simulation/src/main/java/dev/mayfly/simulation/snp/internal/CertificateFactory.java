package dev.mayfly.simulation.snp.internal;

import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.abi.TcbVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

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
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
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

  /**
   * A fresh RSA key pair (simulated ARK/ASK/ASVK; 2048 bits, the least the verifier accepts, keep
   * start-up fast). Made by the JDK's generator (about twice as fast as Bouncy Castle's here) and
   * handed over as Bouncy Castle parameters, which the certificate signer uses.
   */
  public static AsymmetricCipherKeyPair rsaKeyPair(SecureRandom random, int bits) {
    KeyPair pair;
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4), random);
      pair = generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA key generation unavailable", e);
    }
    RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
    RSAPrivateCrtKey key = (RSAPrivateCrtKey) pair.getPrivate();
    return new AsymmetricCipherKeyPair(
        new RSAKeyParameters(false, pub.getModulus(), pub.getPublicExponent()),
        new RSAPrivateCrtKeyParameters(key.getModulus(), key.getPublicExponent(),
            key.getPrivateExponent(), key.getPrimeP(), key.getPrimeQ(), key.getPrimeExponentP(),
            key.getPrimeExponentQ(), key.getCrtCoefficient()));
  }

  /**
   * {@code count} fresh RSA key pairs, made at the same time on their own threads (key generation
   * is the slowest step of a simulated authority's set-up; on a machine with several cores this
   * costs about as long as one key).
   */
  public static List<AsymmetricCipherKeyPair> rsaKeyPairs(SecureRandom random, int bits,
      int count) {
    List<CompletableFuture<AsymmetricCipherKeyPair>> futures = new ArrayList<>();
    for (int i = 1; i < count; i++) {
      futures.add(CompletableFuture.supplyAsync(() -> rsaKeyPair(random, bits),
          runnable -> daemon(runnable, "mayfly-simulated-rsa-keygen").start()));
    }
    List<AsymmetricCipherKeyPair> pairs = new ArrayList<>();
    if (count > 0) {
      pairs.add(rsaKeyPair(random, bits));
    }
    for (CompletableFuture<AsymmetricCipherKeyPair> future : futures) {
      pairs.add(future.join());
    }
    return pairs;
  }

  /** A daemon thread named {@code name} that runs {@code runnable}. */
  public static Thread daemon(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
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

package dev.mayfly.cert.jar;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.mayfly.cert.CertMintingException;
import dev.mayfly.cert.internal.Crypto;
import dev.mayfly.cert.mint.GroupPublicKey;
import dev.mayfly.cert.mint.SigningFunction;
import dev.mayfly.cert.internal.ThresholdContentSigner;
import dev.mayfly.cert.tsa.Timestamper;
import dev.mayfly.cert.tsa.VerifiedTimestamp;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.MayflyException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAttributeTableGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.SignerInfoGeneratorBuilder;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * The second half of signing a JAR: joins a {@link JarSigningPlan}, a signature over its
 * {@link JarSigningPlan#toBeSigned()} bytes, the certificate chain and an RFC 3161 timestamp into
 * the signature block and writes the signed JAR.
 *
 * <p>The signature block is a CMS SignedData (RFC 5652) with detached content (the signature
 * file), the chain as certificates, one SignerInfo (version 1, issuerAndSerialNumber) whose signed
 * attributes are exactly the plan's, and the timestamp token as the unsigned attribute
 * id-aa-timeStampToken (RFC 3161 Appendix A). Bouncy Castle's {@code CMSSignedDataGenerator}
 * builds it, with an internal threshold {@code ContentSigner} as the content signer, so the
 * signature value comes through the threshold signing function (or, for {@link #assemble}, is
 * checked by it).
 *
 * <p>The JAR is written as jarsigner writes it: the manifest first, then the signature file and
 * block, then the other META-INF entries and the remaining entries in archive order. Entries keep
 * their names, compression methods, times and contents; ZIP extra fields and comments are not
 * copied.
 *
 * <p><b>Security:</b> the signature is verified under the leaf certificate's key before use
 * ({@link ErrorCode#CERT_SIGNATURE_INVALID}); the timestamp must cover exactly that signature
 * ({@link ErrorCode#CERT_TIMESTAMP_INVALID}) and lie inside the leaf's validity
 * ({@link ErrorCode#CERT_TIMESTAMP_OUTSIDE_VALIDITY}); and the written JAR is read back with the
 * JDK's verifying {@code JarInputStream}, which must find every planned entry signed. Certificate
 * chains are not validated here: that is the verifier's job (jarsigner with its truststore).
 *
 * @since 0.1.0
 */
public final class JarSignatureAssembler {
  private JarSignatureAssembler() {}

  /**
   * Signs the plan with {@code signer} (through the internal threshold {@code ContentSigner}),
   * timestamps the signature with {@code timestamper} and writes the signed JAR.
   *
   * @param chain the leaf certificate for the signer's key first, then any intermediates
   * @throws IllegalArgumentException when the chain is empty or its leaf does not certify the
   *     signer's key of the plan's algorithm
   * @throws CertMintingException {@link ErrorCode#CERT_SIGNING_FAILED} or
   *     {@link ErrorCode#CERT_SIGNATURE_INVALID} from the signer, the timestamper's codes,
   *     {@link ErrorCode#CERT_TIMESTAMP_OUTSIDE_VALIDITY}, or
   *     {@link ErrorCode#CERT_JAR_ENTRY_UNSIGNABLE} when the JDK does not accept an entry as signed
   */
  public static SignedJar sign(JarSigningPlan plan, SigningFunction signer,
      List<X509Certificate> chain, Timestamper timestamper) throws CertMintingException {
    requireNonNull(plan, "plan");
    requireNonNull(signer, "signer");
    requireNonNull(timestamper, "timestamper");
    GroupPublicKey key = leafKey(plan, chain);
    if (!key.equals(signer.groupPublicKey())) {
      throw new IllegalArgumentException("leaf certificate does not certify the signer's key");
    }
    CMSSignedData unstamped = signedData(plan, chain, planOnly(plan, signer));
    byte[] signature = onlySigner(unstamped).getSignature();
    VerifiedTimestamp timestamp = timestamper.timestamp(signature);
    return finish(plan, chain, unstamped, timestamp);
  }

  /**
   * Writes the signed JAR from a signature the group key already made over
   * {@link JarSigningPlan#toBeSigned()} (for example by a ceremony's signing round) and a timestamp
   * over that signature.
   *
   * @param chain the leaf certificate for the group key first, then any intermediates
   * @throws IllegalArgumentException when the chain is empty or its leaf's key is not of the
   *     plan's algorithm
   * @throws CertMintingException {@link ErrorCode#CERT_SIGNATURE_INVALID} when the signature does
   *     not verify under the leaf's key, {@link ErrorCode#CERT_TIMESTAMP_INVALID} when the
   *     timestamp covers other bytes, {@link ErrorCode#CERT_TIMESTAMP_OUTSIDE_VALIDITY}, or
   *     {@link ErrorCode#CERT_JAR_ENTRY_UNSIGNABLE}
   */
  public static SignedJar assemble(JarSigningPlan plan, byte[] signature,
      List<X509Certificate> chain, VerifiedTimestamp timestamp) throws CertMintingException {
    requireNonNull(plan, "plan");
    requireNonNull(signature, "signature");
    requireNonNull(timestamp, "timestamp");
    GroupPublicKey key = leafKey(plan, chain);
    byte[] value = signature.clone();
    SigningFunction given = new SigningFunction() {
      @Override
      public GroupPublicKey groupPublicKey() {
        return key;
      }

      @Override
      public byte[] sign(byte[] message) {
        return value.clone();
      }
    };
    CMSSignedData unstamped = signedData(plan, chain, planOnly(plan, given));
    return finish(plan, chain, unstamped, timestamp);
  }

  private static GroupPublicKey leafKey(JarSigningPlan plan, List<X509Certificate> chain) {
    requireNonNull(chain, "chain");
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("certificate chain is empty");
    }
    GroupPublicKey key = GroupPublicKey.of(chain.get(0).getPublicKey());
    if (key.algorithm() != plan.parameters().algorithm()) {
      throw new IllegalArgumentException("leaf certificate key is " + key.algorithm().id()
          + ", the plan is for " + plan.parameters().algorithm().id());
    }
    return key;
  }

  /** {@code function}, refusing any message but the plan's to-be-signed bytes. */
  private static SigningFunction planOnly(JarSigningPlan plan, SigningFunction function) {
    byte[] expected = plan.toBeSigned();
    return new SigningFunction() {
      @Override
      public GroupPublicKey groupPublicKey() {
        return function.groupPublicKey();
      }

      @Override
      public byte[] sign(byte[] message) throws MayflyException {
        if (!Arrays.equals(message, expected)) {
          throw new IllegalStateException(
              "the CMS generator offered other bytes than the plan's signed attributes");
        }
        return function.sign(message);
      }
    };
  }

  private static CMSSignedData signedData(JarSigningPlan plan, List<X509Certificate> chain,
      SigningFunction function) throws CertMintingException {
    byte[] expectedDigest = plan.contentDigest();
    CMSAttributeTableGenerator attributes = parameters -> {
      Map<?, ?> map = parameters;
      if (!plan.digestAlgorithm().equals(
              map.get(CMSAttributeTableGenerator.DIGEST_ALGORITHM_IDENTIFIER))
          || !Arrays.equals(expectedDigest, (byte[]) map.get(CMSAttributeTableGenerator.DIGEST))) {
        throw new IllegalStateException("the CMS generator digested other content than the plan");
      }
      return plan.signedAttributes();
    };
    try {
      SignerInfoGenerator signerInfo = new SignerInfoGeneratorBuilder(
          new JcaDigestCalculatorProviderBuilder().setProvider(Crypto.BC).build())
          .setContentDigest(plan.digestAlgorithm())
          .setSignedAttributeGenerator(attributes)
          .build(ThresholdContentSigner.of(function), Crypto.toHolder(chain.get(0)));
      CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
      generator.addSignerInfoGenerator(signerInfo);
      generator.addCertificates(new JcaCertStore(chain));
      return generator.generate(new CMSProcessableByteArray(plan.signatureFile()), false);
    } catch (ThresholdContentSigner.SigningFailure e) {
      throw e.failure();
    } catch (CMSException e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof ThresholdContentSigner.SigningFailure failure) {
          throw failure.failure();
        }
      }
      throw new IllegalStateException("cannot build the CMS SignedData", e);
    } catch (OperatorCreationException | CertificateException e) {
      throw new IllegalStateException("cannot build the CMS SignedData", e);
    }
  }

  private static SignerInformation onlySigner(CMSSignedData data) {
    return data.getSignerInfos().getSigners().iterator().next();
  }

  private static SignedJar finish(JarSigningPlan plan, List<X509Certificate> chain,
      CMSSignedData unstamped, VerifiedTimestamp timestamp) throws CertMintingException {
    SignerInformation signer = onlySigner(unstamped);
    byte[] signature = signer.getSignature();
    if (!MessageDigest.isEqual(timestamp.imprint(), Crypto.sha256(signature))) {
      throw new CertMintingException(ErrorCode.CERT_TIMESTAMP_INVALID,
          "the timestamp's message imprint is not SHA-256 of the JAR signature");
    }
    X509Certificate leaf = chain.get(0);
    Instant time = timestamp.time();
    if (time.isBefore(leaf.getNotBefore().toInstant())
        || time.isAfter(leaf.getNotAfter().toInstant())) {
      throw new CertMintingException(ErrorCode.CERT_TIMESTAMP_OUTSIDE_VALIDITY,
          "timestamp time " + time + " lies outside the certificate's validity "
              + leaf.getNotBefore().toInstant() + ".." + leaf.getNotAfter().toInstant());
    }
    TimeStampToken token;
    try {
      token = new TimeStampResponse(timestamp.response()).getTimeStampToken();
    } catch (TSPException | IOException e) {
      throw new CertMintingException(ErrorCode.CERT_TIMESTAMP_INVALID,
          "the timestamp response does not parse", e);
    }
    Attribute stamp = new Attribute(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken,
        new DERSet(token.toCMSSignedData().toASN1Structure()));
    SignerInformation stamped =
        SignerInformation.replaceUnsignedAttributes(signer, new AttributeTable(stamp));
    byte[] block;
    try {
      block = CMSSignedData.replaceSigners(unstamped, new SignerInformationStore(stamped))
          .getEncoded(ASN1Encoding.DL);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode the signature block", e);
    }
    byte[] jar = write(plan, block);
    checkSigned(plan, jar);
    return new SignedJar(jar, plan.signatureBlockName(), block, signature, timestamp,
        plan.signedEntries());
  }

  private static byte[] write(JarSigningPlan plan, byte[] block) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(plan.jar().length + 4096);
    try (ZipOutputStream zip = new ZipOutputStream(bytes, UTF_8)) {
      LocalDateTime time = plan.addedEntriesTime();
      addEntry(zip, JarArchive.MANIFEST_NAME, plan.manifest(), time);
      addEntry(zip, plan.signatureFileName(), plan.signatureFile(), time);
      addEntry(zip, plan.signatureBlockName(), block, time);
      copyEntries(plan, zip, true);
      copyEntries(plan, zip, false);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the signed JAR in memory", e);
    }
    return bytes.toByteArray();
  }

  private static void addEntry(ZipOutputStream zip, String name, byte[] data, LocalDateTime time)
      throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setTimeLocal(time);
    zip.putNextEntry(entry);
    zip.write(data);
    zip.closeEntry();
  }

  /** Copies the META-INF entries ({@code metaInf} true) or the others, skipping the old manifest. */
  private static void copyEntries(JarSigningPlan plan, ZipOutputStream zip, boolean metaInf)
      throws IOException {
    List<JarArchive.Entry> entries = plan.archive().entries;
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(plan.jar()), UTF_8)) {
      for (JarArchive.Entry planned : entries) {
        ZipEntry read = in.getNextEntry();
        if (read == null || !read.getName().equals(planned.name)) {
          throw new IllegalStateException("the JAR bytes changed since the plan was made");
        }
        boolean inMetaInf = planned.name.toUpperCase(Locale.ROOT).startsWith(JarArchive.META_INF);
        if (planned.isManifest() || inMetaInf != metaInf) {
          continue;
        }
        ZipEntry out = new ZipEntry(planned.name);
        out.setTime(planned.javaTime);
        out.setMethod(planned.method);
        if (planned.method == ZipEntry.STORED) {
          out.setSize(planned.size);
          out.setCompressedSize(planned.size);
          out.setCrc(planned.crc);
        }
        zip.putNextEntry(out);
        in.transferTo(zip);
        zip.closeEntry();
      }
    }
  }

  /**
   * Reads the written JAR back with the JDK's verifying {@code JarInputStream}: every planned
   * entry must come out with code signers, and nothing else may.
   */
  private static void checkSigned(JarSigningPlan plan, byte[] jar) throws CertMintingException {
    List<String> signed = new ArrayList<>();
    List<String> unsigned = new ArrayList<>();
    try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar), true)) {
      JarEntry entry;
      while ((entry = in.getNextJarEntry()) != null) {
        in.transferTo(OutputStream.nullOutputStream());
        String upper = entry.getName().toUpperCase(Locale.ROOT);
        if (entry.isDirectory() || JarArchive.isSignatureRelated(upper)) {
          continue;
        }
        (entry.getCodeSigners() == null ? unsigned : signed).add(entry.getName());
      }
    } catch (IOException | SecurityException e) {
      throw new IllegalStateException("the JDK does not verify the JAR just signed", e);
    }
    if (!unsigned.isEmpty() || !new HashSet<>(signed).equals(new HashSet<>(plan.signedEntries()))) {
      throw new CertMintingException(ErrorCode.CERT_JAR_ENTRY_UNSIGNABLE,
          "the JDK verifier does not see the planned entries as signed; unsigned: "
              + unsigned.stream().limit(5).map(JarArchive::printable).toList());
    }
  }
}

package dev.mayfly.cert.verify;

import dev.mayfly.cert.CertVerificationException;
import dev.mayfly.common.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.cert.CertPath;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipException;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.cmp.PKIStatusInfo;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.tsp.TimeStampResp;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.jspecify.annotations.Nullable;

/**
 * Reads a JAR signed in the JAR format with the JDK's verifying {@link JarFile} (as jarsigner and
 * class loaders read it): every entry is read in full, so that the JDK checks its digest against
 * the signed manifest; every entry must be signed by the one signer; every entry the signed
 * manifest names must exist. The signature block is then parsed for what the JDK does not expose:
 * the signature value and its RFC 3161 timestamp tokens, which {@link BundleVerifier} checks
 * against the trusted timestamp authorities.
 */
final class SignedJarReader {
  /**
   * The signer of a verified JAR, and the approved artifact its signature file names (null when
   * it names none: a JAR not signed in a ceremony).
   */
  record Signature(X509Certificate leaf, byte[] signatureValue, List<byte[]> timestampResponses,
      @Nullable String approvedName, @Nullable String approvedSha256) {}

  private SignedJarReader() {}

  static Signature read(byte[] jar) throws CertVerificationException {
    Path file = null;
    try {
      file = Files.createTempFile("mayfly-verify-", ".jar");
      Files.write(file, jar);
      return read(file);
    } catch (IOException e) {
      throw new CertVerificationException(ErrorCode.CERT_JAR_MALFORMED,
          "cannot read the JAR: " + e.getMessage(), e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // a temporary copy of a public file; nothing secret is left behind
        }
      }
    }
  }

  private static Signature read(Path file) throws CertVerificationException, IOException {
    CodeSigner signer = null;
    Set<String> names = new HashSet<>();
    byte[] signatureFile = null;
    byte[] block = null;
    byte[] manifestBytes = null;
    String blockName = null;
    int signed = 0;
    Manifest manifest;
    try (JarFile jar = new JarFile(file.toFile(), true)) {
      manifest = jar.getManifest();
      Enumeration<JarEntry> entries = jar.entries();
      byte[] buffer = new byte[8192];
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        String name = entry.getName();
        if (!names.add(name)) {
          throw new CertVerificationException(ErrorCode.CERT_JAR_MALFORMED,
              "two entries are named " + name);
        }
        byte[] content;
        long length = 0;
        boolean isManifest = name.equalsIgnoreCase(JarFile.MANIFEST_NAME);
        try (InputStream in = jar.getInputStream(entry)) {
          content = isSignatureFile(name) || isManifest ? in.readAllBytes() : null;
          if (content == null) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
              // read to the end: the JDK checks the entry's digest at its end
              length += read;
            }
          }
        } catch (SecurityException e) {
          throw new CertVerificationException(ErrorCode.CERT_JAR_ENTRY_TAMPERED,
              "entry " + name + " does not match its signed digest: " + e.getMessage(), e);
        }
        if (isManifest) {
          manifestBytes = content;
        }
        if (entry.isDirectory() && length > 0) {
          throw new CertVerificationException(ErrorCode.CERT_JAR_MALFORMED,
              "directory entry " + name + " carries " + length + " bytes");
        }
        if (isSignatureFile(name)) {
          String upper = name.toUpperCase(Locale.ROOT);
          if (upper.startsWith("META-INF/SIG-")) {
            throw new CertVerificationException(ErrorCode.CERT_JAR_UNSIGNED_ENTRY, "entry " + name
                + " is a signature-related file no JAR signature covers, and no ceremony writes");
          }
          if (upper.endsWith(".SF")) {
            if (signatureFile != null) {
              throw several();
            }
            signatureFile = content;
          } else if (upper.endsWith(".EC") || upper.endsWith(".RSA") || upper.endsWith(".DSA")) {
            if (block != null) {
              throw several();
            }
            block = content;
            blockName = name;
          }
          continue;
        }
        if (entry.isDirectory() || name.equalsIgnoreCase(JarFile.MANIFEST_NAME)) {
          continue;
        }
        CodeSigner[] signers = entry.getCodeSigners();
        if (signers == null || signers.length == 0) {
          throw new CertVerificationException(ErrorCode.CERT_JAR_UNSIGNED_ENTRY,
              "entry " + name + " is not covered by a JAR signature");
        }
        if (signers.length > 1 || (signer != null && !signer.equals(signers[0]))) {
          throw several();
        }
        signer = signers[0];
        signed++;
      }
    } catch (ZipException | SecurityException e) {
      // The JDK throws SecurityException when the manifest, signature file or block fail to
      // verify as a whole (opened before any entry's content is read).
      throw new CertVerificationException(e instanceof SecurityException
          ? ErrorCode.CERT_JAR_ENTRY_TAMPERED : ErrorCode.CERT_JAR_MALFORMED,
          "the JAR's signature does not verify: " + e.getMessage(), e);
    }
    if (signer == null || signatureFile == null || block == null || signed == 0) {
      throw new CertVerificationException(ErrorCode.CERT_JAR_UNSIGNED_ENTRY,
          "the JAR carries no JAR signature over its entries");
    }
    if (manifest != null) {
      for (Map.Entry<String, Attributes> section : manifest.getEntries().entrySet()) {
        boolean digested = section.getValue().keySet().stream()
            .anyMatch(key -> key.toString().toUpperCase(Locale.ROOT).endsWith("-DIGEST"));
        if (digested && !names.contains(section.getKey())) {
          throw new CertVerificationException(ErrorCode.CERT_JAR_ENTRY_TAMPERED, "entry "
              + section.getKey() + " is named by the signed manifest but missing from the JAR");
        }
      }
    }
    Attributes signedMain = signedMainAttributes(signatureFile);
    checkWholeManifest(manifestBytes, signedMain);
    checkStreamView(file, names, signer);
    X509Certificate leaf = leafOf(signer.getSignerCertPath());
    Signature signature = parseBlock(blockName, block, signatureFile, leaf);
    return new Signature(signature.leaf(), signature.signatureValue(),
        signature.timestampResponses(),
        signedMain.getValue(dev.mayfly.cert.jar.JarSigningPlan.ARTIFACT_NAME_ATTRIBUTE),
        signedMain.getValue(dev.mayfly.cert.jar.JarSigningPlan.ARTIFACT_SHA256_ATTRIBUTE));
  }

  private static Attributes signedMainAttributes(byte[] signatureFile)
      throws CertVerificationException {
    try {
      return new Manifest(new java.io.ByteArrayInputStream(signatureFile)).getMainAttributes();
    } catch (IOException | RuntimeException e) {
      throw new CertVerificationException(ErrorCode.CERT_JAR_MALFORMED,
          "the signature file does not parse: " + e.getMessage(), e);
    }
  }

  /**
   * The manifest must be the signed one byte for byte: its SHA-256 is the signature file's
   * {@code SHA-256-Digest-Manifest}. (The JDK accepts a changed manifest whose signed sections
   * still match, which would let anyone add unsigned sections, such as package sealing or
   * versions; a ceremony always writes the whole-manifest digest.)
   */
  private static void checkWholeManifest(byte @Nullable [] manifest, Attributes signed)
      throws CertVerificationException {
    String expected = signed.getValue("SHA-256-Digest-Manifest");
    if (manifest == null || expected == null) {
      throw new CertVerificationException(ErrorCode.CERT_JAR_ENTRY_TAMPERED,
          "the signature file has no SHA-256 digest of the whole manifest, or there is none");
    }
    byte[] actual = dev.mayfly.cert.internal.Crypto.sha256(manifest);
    if (!java.util.Base64.getEncoder().encodeToString(actual).equals(expected.strip())) {
      throw new CertVerificationException(ErrorCode.CERT_JAR_ENTRY_TAMPERED,
          "the manifest is not the signed one: sections were added or changed after signing");
    }
  }

  /**
   * Reads the JAR again through its local headers, as {@code JarInputStream} (and tools that
   * stream a JAR) see it: the same entries as the central directory, each verified and signed by
   * {@code signer}, so that no view of the archive holds content the signature does not cover.
   */
  private static void checkStreamView(Path file, Set<String> centralNames, CodeSigner signer)
      throws CertVerificationException, IOException {
    Set<String> streamNames = new HashSet<>();
    List<String> unsigned = new ArrayList<>();
    boolean otherSigner = false;
    try (JarInputStream in = new JarInputStream(Files.newInputStream(file), true)) {
      if (in.getManifest() != null) {
        streamNames.add(JarFile.MANIFEST_NAME);
      }
      byte[] buffer = new byte[8192];
      JarEntry entry;
      while ((entry = in.getNextJarEntry()) != null) {
        String name = entry.getName();
        if (!streamNames.add(name)) {
          throw new CertVerificationException(ErrorCode.CERT_JAR_MALFORMED,
              "two local headers name " + name);
        }
        try {
          while (in.read(buffer) >= 0) {
            // read to the end: the JDK checks the entry's digest at its end
          }
        } catch (SecurityException e) {
          throw new CertVerificationException(ErrorCode.CERT_JAR_ENTRY_TAMPERED, "entry " + name
              + " (local header) does not match its signed digest: " + e.getMessage(), e);
        }
        if (isSignatureFile(name) || entry.isDirectory()
            || name.equalsIgnoreCase(JarFile.MANIFEST_NAME)) {
          continue;
        }
        CodeSigner[] signers = entry.getCodeSigners();
        if (signers == null || signers.length == 0) {
          unsigned.add(name);
        } else if (signers.length > 1 || !signer.equals(signers[0])) {
          otherSigner = true;
        }
      }
    } catch (ZipException | SecurityException | IllegalArgumentException e) {
      // IllegalArgumentException: ZipInputStream's answer to a local header name that is not
      // valid UTF-8 (the central directory may name the entry validly).
      throw new CertVerificationException(e instanceof SecurityException
          ? ErrorCode.CERT_JAR_ENTRY_TAMPERED : ErrorCode.CERT_JAR_MALFORMED,
          "the JAR's local headers do not read as a signed JAR: " + e.getMessage(), e);
    }
    // JarInputStream consumes a leading META-INF/ directory entry with the manifest.
    Set<String> central = new HashSet<>(centralNames);
    central.remove("META-INF/");
    streamNames.remove("META-INF/");
    if (!central.equals(streamNames)) {
      Set<String> onlyCentral = new java.util.TreeSet<>(central);
      onlyCentral.removeAll(streamNames);
      Set<String> onlyLocal = new java.util.TreeSet<>(streamNames);
      onlyLocal.removeAll(central);
      throw new CertVerificationException(ErrorCode.CERT_JAR_MALFORMED, "the local headers and "
          + "the central directory list different entries (only in the directory: " + onlyCentral
          + ", only in local headers: " + onlyLocal + ")");
    }
    if (!unsigned.isEmpty()) {
      throw new CertVerificationException(ErrorCode.CERT_JAR_UNSIGNED_ENTRY, "entries " + unsigned
          + " are not covered by the JAR signature when read through their local headers");
    }
    if (otherSigner) {
      throw several();
    }
  }

  /** Whether {@code name} is a signature-related file directly under META-INF (never signed). */
  private static boolean isSignatureFile(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    if (!upper.startsWith("META-INF/") || upper.indexOf('/', "META-INF/".length()) >= 0) {
      return false;
    }
    String file = upper.substring("META-INF/".length());
    return file.endsWith(".SF") || file.endsWith(".EC") || file.endsWith(".RSA")
        || file.endsWith(".DSA") || file.startsWith("SIG-");
  }

  private static X509Certificate leafOf(CertPath path) throws CertVerificationException {
    List<? extends Certificate> certificates = path.getCertificates();
    if (certificates.isEmpty() || !(certificates.get(0) instanceof X509Certificate leaf)) {
      throw new CertVerificationException(ErrorCode.CERT_JAR_SIGNER_MISMATCH,
          "the JAR's signer has no X.509 certificate");
    }
    return leaf;
  }

  /** The signature value and timestamps of the one SignerInfo, which must be {@code leaf}'s. */
  private static Signature parseBlock(String blockName, byte[] block, byte[] signatureFile,
      X509Certificate leaf) throws CertVerificationException {
    SignerInformation info;
    try {
      CMSSignedData data = new CMSSignedData(new CMSProcessableByteArray(signatureFile), block);
      Collection<SignerInformation> signers = data.getSignerInfos().getSigners();
      if (signers.size() != 1) {
        throw several();
      }
      info = signers.iterator().next();
      if (!info.getSID().match(new X509CertificateHolder(leaf.getEncoded()))) {
        throw new CertVerificationException(ErrorCode.CERT_JAR_SIGNER_MISMATCH, blockName
            + " names another signer than the certificate the JDK verified it with");
      }
    } catch (CMSException | IOException | CertificateException | RuntimeException e) {
      throw new CertVerificationException(ErrorCode.CERT_JAR_MALFORMED,
          "the signature block " + blockName + " does not parse: " + e.getMessage(), e);
    }
    List<byte[]> responses = new ArrayList<>();
    AttributeTable unsigned = info.getUnsignedAttributes();
    if (unsigned != null) {
      for (Attribute attribute : unsigned.toASN1Structure().getAttributes()) {
        if (!PKCSObjectIdentifiers.id_aa_signatureTimeStampToken.equals(
            attribute.getAttrType())) {
          continue;
        }
        for (ASN1Encodable value : attribute.getAttrValues()) {
          try {
            // TimestampVerifier reads a TimeStampResp: wrap the token in a granted one.
            responses.add(new TimeStampResp(new PKIStatusInfo(PKIStatus.granted),
                ContentInfo.getInstance(value)).getEncoded(ASN1Encoding.DER));
          } catch (IOException | RuntimeException e) {
            throw new CertVerificationException(ErrorCode.CERT_TIMESTAMP_INVALID,
                "the JAR signature's timestamp token does not parse", e);
          }
        }
      }
    }
    return new Signature(leaf, info.getSignature(), List.copyOf(responses), null, null);
  }

  private static CertVerificationException several() {
    return new CertVerificationException(ErrorCode.CERT_JAR_SIGNER_MISMATCH,
        "the JAR carries more than one signature; a release JAR has exactly one");
  }

}

package dev.mayfly.cert.jar;

import static java.util.Objects.requireNonNull;

import dev.mayfly.cert.CertMintingException;
import dev.mayfly.cert.internal.Crypto;
import dev.mayfly.common.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAlgorithmProtection;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.jspecify.annotations.Nullable;

/**
 * The deterministic first half of signing a JAR: from the JAR bytes and the
 * {@link JarSigningParameters}, the new {@code META-INF/MANIFEST.MF}, the signature file
 * {@code META-INF/<signer>.SF} and the exact bytes the group key must sign.
 *
 * <p>What it computes, as jarsigner does (JAR File Specification, "Signed JAR File"):
 * <ul>
 *   <li>The manifest keeps the existing main attributes (with {@code Manifest-Version} first,
 *       {@code 1.0} when absent) and every per-entry section's attributes, and adds a
 *       {@code SHA-256-Digest} of every entry except directories and the manifest. Sections follow
 *       the archive's entry order; sections naming no entry of the JAR follow, sorted by name.
 *   <li>The signature file has {@code SHA-256-Digest-Manifest}, {@code
 *       SHA-256-Digest-Manifest-Main-Attributes} and, per manifest section naming an entry of the
 *       JAR, the SHA-256 of that section's bytes (a section naming no entry stays in the manifest
 *       without one, since jarsigner warns about signed entries that do not exist).
 *   <li>Manifest lines are at most 72 bytes and, unlike the JDK's writer, never break inside a
 *       UTF-8 character (the JDK verifier's fallback cannot find such a section).
 *   <li>{@link #toBeSigned()} is the DER of the CMS SignedAttributes (RFC 5652 §5.4): content-type
 *       {@code id-data}, message-digest of the signature file (SHA-256 for ECDSA P-256, SHA-512 for
 *       Ed25519 as RFC 8419 §3 requires), CMSAlgorithmProtection (RFC 6211) and, only when the
 *       parameters fix one, signing-time.
 * </ul>
 *
 * <p>The output depends on nothing but the JAR bytes and the parameters (no clock, no
 * randomness, no hash-map order), so every party of a ceremony computes byte-identical
 * to-be-signed bytes.
 *
 * <p><b>Security:</b> the plan refuses, with a typed code, anything whose signed meaning could be
 * ambiguous: archives whose local headers and central directory disagree or that carry data
 * before the first entry ({@link ErrorCode#CERT_JAR_MALFORMED}), an existing signature
 * ({@link ErrorCode#CERT_JAR_ALREADY_SIGNED}), duplicate names
 * ({@link ErrorCode#CERT_JAR_DUPLICATE_ENTRY}), and names a manifest cannot hold or directories
 * with content ({@link ErrorCode#CERT_JAR_ENTRY_UNSIGNABLE}). A party must compute the plan from
 * the JAR bytes whose SHA-256 the approvals name ({@link #jarSha256()}), never accept
 * to-be-signed bytes from a host.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class JarSigningPlan {
  /**
   * The signature file's main attribute naming the approved JAR a ceremony signed (see {@link
   * #create(byte[], JarSigningParameters, String)}).
   */
  public static final String ARTIFACT_NAME_ATTRIBUTE = "Mayfly-Artifact-Name";
  /** The signature file's main attribute with the approved JAR's SHA-256 (lower-case hex). */
  public static final String ARTIFACT_SHA256_ATTRIBUTE = "Mayfly-Artifact-SHA-256";
  private static final String DIGEST_ATTRIBUTE = "SHA-256-Digest";
  private static final String CREATED_BY = "Mayfly";

  private final JarSigningParameters parameters;
  private final byte[] jar;
  private final byte[] jarSha256;
  private final JarArchive archive;
  private final byte[] manifest;
  private final byte[] signatureFile;
  private final AlgorithmIdentifier digestAlgorithm;
  private final AttributeTable signedAttributes;
  private final byte[] toBeSigned;
  private final byte[] contentDigest;
  private final List<String> signedEntries;

  private JarSigningPlan(JarSigningParameters parameters, byte[] jar, JarArchive archive,
      byte[] manifest, byte[] signatureFile, AlgorithmIdentifier digestAlgorithm,
      byte[] contentDigest, ASN1EncodableVector attributes, List<String> signedEntries) {
    this.parameters = parameters;
    this.jar = jar;
    this.jarSha256 = Crypto.sha256(jar);
    this.archive = archive;
    this.manifest = manifest;
    this.signatureFile = signatureFile;
    this.digestAlgorithm = digestAlgorithm;
    this.contentDigest = contentDigest;
    this.signedAttributes = new AttributeTable(attributes);
    try {
      this.toBeSigned = new DERSet(attributes).getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode signed attributes", e);
    }
    this.signedEntries = List.copyOf(signedEntries);
  }

  /**
   * Computes the plan for signing {@code jar}.
   *
   * @throws CertMintingException {@link ErrorCode#CERT_JAR_MALFORMED},
   *     {@link ErrorCode#CERT_JAR_ALREADY_SIGNED}, {@link ErrorCode#CERT_JAR_DUPLICATE_ENTRY} or
   *     {@link ErrorCode#CERT_JAR_ENTRY_UNSIGNABLE} when the JAR cannot be signed unambiguously
   */
  public static JarSigningPlan create(byte[] jar, JarSigningParameters parameters)
      throws CertMintingException {
    return create(jar, parameters, null);
  }

  /**
   * As {@link #create(byte[], JarSigningParameters)}, and names the approved JAR in the signature
   * file's main section ({@value #ARTIFACT_NAME_ATTRIBUTE}: {@code approvedName}, {@value
   * #ARTIFACT_SHA256_ATTRIBUTE}: the SHA-256 of {@code jar}), so that the signature says which
   * artifact of a release it is: a JAR of the same release served under another name is refused
   * by {@code BundleVerifier.verifySignedJar}. A ceremony always plans this way.
   *
   * @param approvedName the artifact's name in the session, or null for none
   * @throws CertMintingException as {@link #create(byte[], JarSigningParameters)}
   * @since 0.2.0
   */
  public static JarSigningPlan create(byte[] jar, JarSigningParameters parameters,
      @Nullable String approvedName) throws CertMintingException {
    requireNonNull(jar, "jar");
    requireNonNull(parameters, "parameters");
    byte[] copy = jar.clone();
    JarArchive archive = JarArchive.read(copy);
    Manifest existing = parseManifest(archive.manifest);

    ManifestText manifest = new ManifestText();
    Attributes main = existing.getMainAttributes();
    String version = main.getValue(Attributes.Name.MANIFEST_VERSION);
    manifest.header("Manifest-Version", version == null ? "1.0" : version);
    for (Map.Entry<Object, Object> attribute : main.entrySet()) {
      String name = attribute.getKey().toString();
      if (!name.equalsIgnoreCase("Manifest-Version")) {
        manifest.header(name, (String) attribute.getValue());
      }
    }
    manifest.endSection();
    int mainLength = manifest.length();

    // Sections in archive order for the digested entries, then the other sections by name.
    Map<String, Attributes> sections = existing.getEntries();
    List<String> sectionNames = new ArrayList<>();
    List<int[]> sectionBounds = new ArrayList<>();
    List<String> signedEntries = new ArrayList<>();
    Set<String> written = new HashSet<>();
    for (JarArchive.Entry entry : archive.entries) {
      if (!entry.isDigested()) {
        continue;
      }
      int start = manifest.length();
      manifest.header("Name", entry.name);
      Attributes attributes = sections.get(entry.name);
      if (attributes != null) {
        writeAttributes(manifest, attributes);
      }
      manifest.header(DIGEST_ATTRIBUTE, Base64.getEncoder().encodeToString(entry.sha256));
      manifest.endSection();
      sectionNames.add(entry.name);
      sectionBounds.add(new int[] {start, manifest.length()});
      signedEntries.add(entry.name);
      written.add(entry.name);
    }
    Set<String> archiveNames = new HashSet<>();
    archive.entries.forEach(entry -> archiveNames.add(entry.name));
    for (Map.Entry<String, Attributes> section : new TreeMap<>(sections).entrySet()) {
      if (written.contains(section.getKey())) {
        continue;
      }
      int start = manifest.length();
      manifest.header("Name", section.getKey());
      writeAttributes(manifest, section.getValue());
      manifest.endSection();
      // A section naming no entry stays in the manifest (covered by the manifest digest) but
      // gets no signature file section: jarsigner warns about signed entries that do not exist.
      if (archiveNames.contains(section.getKey())) {
        sectionNames.add(section.getKey());
        sectionBounds.add(new int[] {start, manifest.length()});
      }
    }
    byte[] manifestBytes = manifest.toByteArray();

    ManifestText signatureFile = new ManifestText();
    signatureFile.header("Signature-Version", "1.0");
    signatureFile.header("Created-By", CREATED_BY);
    signatureFile.header("SHA-256-Digest-Manifest", base64Sha256(manifestBytes, 0,
        manifestBytes.length));
    signatureFile.header("SHA-256-Digest-Manifest-Main-Attributes",
        base64Sha256(manifestBytes, 0, mainLength));
    if (approvedName != null) {
      signatureFile.header(ARTIFACT_NAME_ATTRIBUTE, approvedName);
      signatureFile.header(ARTIFACT_SHA256_ATTRIBUTE,
          java.util.HexFormat.of().formatHex(JarArchive.sha256().digest(copy)));
    }
    signatureFile.endSection();
    for (int i = 0; i < sectionNames.size(); i++) {
      int[] bounds = sectionBounds.get(i);
      signatureFile.header("Name", sectionNames.get(i));
      signatureFile.header(DIGEST_ATTRIBUTE,
          base64Sha256(manifestBytes, bounds[0], bounds[1] - bounds[0]));
      signatureFile.endSection();
    }
    byte[] signatureFileBytes = signatureFile.toByteArray();

    AlgorithmIdentifier signatureAlgorithm = Crypto.signatureAlgorithm(parameters.algorithm());
    AlgorithmIdentifier digestAlgorithm =
        new DefaultDigestAlgorithmIdentifierFinder().find(signatureAlgorithm);
    byte[] contentDigest = Crypto.digest(digestName(digestAlgorithm), signatureFileBytes);
    ASN1EncodableVector attributes = new ASN1EncodableVector();
    attributes.add(new Attribute(CMSAttributes.contentType, new DERSet(CMSObjectIdentifiers.data)));
    attributes.add(new Attribute(CMSAttributes.messageDigest,
        new DERSet(new DEROctetString(contentDigest))));
    attributes.add(new Attribute(CMSAttributes.cmsAlgorithmProtect, new DERSet(
        new CMSAlgorithmProtection(digestAlgorithm, CMSAlgorithmProtection.SIGNATURE,
            signatureAlgorithm))));
    Optional<Instant> signingTime = parameters.signingTime();
    if (signingTime.isPresent()) {
      attributes.add(new Attribute(CMSAttributes.signingTime,
          new DERSet(new Time(Date.from(signingTime.get()), Locale.ROOT))));
    }
    return new JarSigningPlan(parameters, copy, archive, manifestBytes, signatureFileBytes,
        digestAlgorithm, contentDigest, attributes, signedEntries);
  }

  private static Manifest parseManifest(byte @Nullable [] bytes) throws CertMintingException {
    if (bytes == null) {
      return new Manifest();
    }
    Manifest manifest;
    try {
      manifest = new Manifest(new ByteArrayInputStream(bytes));
    } catch (IOException | RuntimeException e) {
      throw new CertMintingException(ErrorCode.CERT_JAR_MALFORMED,
          "the JAR's manifest cannot be parsed: " + e.getMessage(), e);
    }
    for (Object name : manifest.getMainAttributes().keySet()) {
      if (name.toString().toUpperCase(Locale.ROOT).contains("-DIGEST-MANIFEST")) {
        throw new CertMintingException(ErrorCode.CERT_JAR_ALREADY_SIGNED,
            "the manifest's main section carries '" + name + "' of an earlier signature");
      }
    }
    for (Map.Entry<String, Attributes> section : manifest.getEntries().entrySet()) {
      JarArchive.checkName(section.getKey());
      for (Object name : section.getValue().keySet()) {
        if (name.toString().toUpperCase(Locale.ROOT).endsWith("-DIGEST")) {
          throw new CertMintingException(ErrorCode.CERT_JAR_ALREADY_SIGNED,
              "the manifest section of '" + JarArchive.printable(section.getKey())
                  + "' carries '" + name + "' of an earlier signature");
        }
      }
    }
    return manifest;
  }

  private static void writeAttributes(ManifestText text, Attributes attributes) {
    for (Map.Entry<Object, Object> attribute : attributes.entrySet()) {
      text.header(attribute.getKey().toString(), (String) attribute.getValue());
    }
  }

  private static String base64Sha256(byte[] data, int offset, int length) {
    MessageDigest sha256 = JarArchive.sha256();
    sha256.update(data, offset, length);
    return Base64.getEncoder().encodeToString(sha256.digest());
  }

  private static String digestName(AlgorithmIdentifier digestAlgorithm) {
    String oid = digestAlgorithm.getAlgorithm().getId();
    switch (oid) {
      case "2.16.840.1.101.3.4.2.1":
        return "SHA-256";
      case "2.16.840.1.101.3.4.2.3":
        return "SHA-512";
      default:
        throw new IllegalStateException("unexpected CMS digest algorithm " + oid);
    }
  }

  /** The parameters the plan was computed with. */
  public JarSigningParameters parameters() {
    return parameters;
  }

  /** SHA-256 of the JAR bytes the plan was computed from: the digest approvals must name. */
  public byte[] jarSha256() {
    return jarSha256.clone();
  }

  /** A copy of the new manifest, {@code META-INF/MANIFEST.MF}. */
  public byte[] manifest() {
    return manifest.clone();
  }

  /** The signature file's entry name, {@code META-INF/<signer>.SF}. */
  public String signatureFileName() {
    return JarArchive.META_INF + parameters.signerName() + ".SF";
  }

  /** A copy of the signature file: the content the CMS SignedData signs (detached). */
  public byte[] signatureFile() {
    return signatureFile.clone();
  }

  /**
   * The signature block's entry name, {@code META-INF/<signer>.EC}: jarsigner uses the {@code .EC}
   * extension for ECDSA and for EdDSA keys alike.
   */
  public String signatureBlockName() {
    return JarArchive.META_INF + parameters.signerName() + ".EC";
  }

  /**
   * A copy of the bytes the group key must sign: the DER encoding of the CMS SignedAttributes (a
   * SET OF Attribute, RFC 5652 §5.4). Ed25519 signs them as they are; ECDSA P-256 signs their
   * SHA-256 digest.
   */
  public byte[] toBeSigned() {
    return toBeSigned.clone();
  }

  /** The names of the entries whose digests the manifest carries, in archive order. */
  public List<String> signedEntries() {
    return signedEntries;
  }

  /** The CMS digest algorithm (SHA-256 or SHA-512) of the message-digest attribute. */
  AlgorithmIdentifier digestAlgorithm() {
    return digestAlgorithm;
  }

  /** The message-digest attribute's value: the digest of the signature file. */
  byte[] contentDigest() {
    return contentDigest.clone();
  }

  /** The signed attributes as a table, for the CMS generator. */
  AttributeTable signedAttributes() {
    return signedAttributes;
  }

  /** The JAR bytes (owned; not to be modified). */
  byte[] jar() {
    return jar;
  }

  JarArchive archive() {
    return archive;
  }

  /** The modification time of the entries the signature adds: the old manifest's, or 1980-01-01. */
  LocalDateTime addedEntriesTime() {
    return archive.manifestTime != null ? archive.manifestTime : LocalDateTime.of(1980, 1, 1, 0, 0);
  }

  @Override
  public String toString() {
    return "JarSigningPlan[" + parameters + ", " + signedEntries.size() + " entries]";
  }
}

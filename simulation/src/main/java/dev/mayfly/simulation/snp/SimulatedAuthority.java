package dev.mayfly.simulation.snp;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.InsecureSecretAccess;
import dev.mayfly.common.SecretBytes;
import dev.mayfly.simulation.snp.internal.CertificateFactory;
import dev.mayfly.common.bytes.ByteReader;
import dev.mayfly.common.bytes.ByteWriter;
import dev.mayfly.common.bytes.MalformedBytesException;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.abi.SigningKey;
import dev.mayfly.snp.abi.TcbVersion;
import dev.mayfly.snp.verify.SnpVerifier;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.security.auth.Destroyable;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.jspecify.annotations.Nullable;

/**
 * A simulated AMD key hierarchy, made at run time: a simulated ARK and ASK (RSA-2048,
 * RSASSA-PSS SHA-384) that issue VCEKs for {@link SimulatedChip}s.
 *
 * <p>Certificates are marked: subject CNs read {@code SIMULATED ARK-<product>} and {@code
 * SIMULATED SEV-<product>} ({@link SnpVerifier#SIMULATED_ROOT_MARKER}), so a verifier recognises
 * the root and refuses it unless its caller opted in with {@code allowSimulatedEvidenceInsecure()}.
 * Evidence is self-contained (its chain carries this ARK and ASK), so a verifier in another
 * process can check it.
 *
 * <p><b>Security:</b> simulation only, for demos and tests; never in production (this module is
 * not a dependency of any library jar). Anyone can make one of these: simulated evidence proves
 * nothing about hardware. The private keys live in {@link SecretBytes} and are wiped by {@link
 * #close()} (best effort: the JVM may hold copies); issuing after that throws {@link
 * IllegalStateException}.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class SimulatedAuthority implements AutoCloseable, Destroyable {
  /** The marker every simulated root CN carries: {@link SnpVerifier#SIMULATED_ROOT_MARKER}. */
  public static final String MARKER = SnpVerifier.SIMULATED_ROOT_MARKER;
  private static final Duration VALIDITY = Duration.ofDays(3650);
  private static final int RSA_BITS = 2048;
  /** The first bytes of a file written by {@link #writeInsecure}: says what it is. */
  private static final byte[] FILE_LABEL = "MAYFLY SIMULATED AUTHORITY, INSECURE TEST KEYS\n"
      .getBytes(StandardCharsets.US_ASCII);
  private static final int FILE_VERSION = 1;
  private static final int MAX_FILE_ITEM_BYTES = 16 * 1024;

  private final Product product;
  private final SecureRandom random;
  private final X500Name arkName;
  private final X500Name askName;
  private final SecretBytes arkKey;
  private final SecretBytes askKey;
  private final byte[] arkDer;
  private final byte[] askDer;
  private final Instant notBefore;
  /**
   * The private keys decoded, by their encoding (guarded by this): decoding an RSA key checks its
   * modulus, which costs more than the signature it is decoded for. Cleared by {@link #destroy()}
   * (the BigIntegers themselves cannot be wiped).
   */
  private final Map<SecretBytes, CipherParameters> decoded = new IdentityHashMap<>();
  private byte @Nullable [] asvkDer;
  private @Nullable SecretBytes asvkKey;
  private @Nullable X500Name asvkName;

  private SimulatedAuthority(Product product, SecureRandom random, Instant now) {
    this.product = product;
    this.random = random;
    this.notBefore = now.minus(Duration.ofDays(1));
    this.arkName = name(MARKER + " ARK-" + product.kdsName());
    this.askName = name(MARKER + " SEV-" + product.kdsName());
    // The two RSA keys are the slowest part of the set-up: made at the same time.
    List<AsymmetricCipherKeyPair> keys = CertificateFactory.rsaKeyPairs(random, RSA_BITS, 2);
    AsymmetricCipherKeyPair ark = keys.get(0);
    AsymmetricCipherKeyPair ask = keys.get(1);
    this.arkDer = CertificateFactory.certificate(arkName, arkName, BigInteger.ONE, notBefore,
        notBefore.plus(VALIDITY), ark.getPublic(), true, Map.of(), Map.of(), ark.getPrivate());
    this.askDer = CertificateFactory.certificate(arkName, askName, BigInteger.TWO, notBefore,
        notBefore.plus(VALIDITY), ask.getPublic(), true, Map.of(), Map.of(), ark.getPrivate());
    this.arkKey = secret(ark.getPrivate());
    this.askKey = secret(ask.getPrivate());
    decoded.put(arkKey, ark.getPrivate());
    decoded.put(askKey, ask.getPrivate());
  }

  private SimulatedAuthority(Product product, Instant notBefore, byte[] arkDer, byte[] askDer,
      SecretBytes arkKey, SecretBytes askKey, CipherParameters arkPrivate,
      CipherParameters askPrivate) {
    this.product = product;
    this.random = new SecureRandom();
    this.notBefore = notBefore;
    this.arkName = name("SIMULATED ARK-" + product.kdsName());
    this.askName = name("SIMULATED SEV-" + product.kdsName());
    this.arkDer = arkDer;
    this.askDer = askDer;
    this.arkKey = arkKey;
    this.askKey = askKey;
    decoded.put(arkKey, arkPrivate);
    decoded.put(askKey, askPrivate);
  }

  /**
   * Writes this authority, its ARK and ASK private keys included, to a new file with owner-only
   * permissions (where the file system has POSIX permissions), so that several processes of one
   * simulated deployment (a party per process) can issue chips under the same simulated root.
   * Format (version 1): the ASCII label {@code MAYFLY SIMULATED AUTHORITY, INSECURE TEST KEYS\n},
   * {@code u8 version}, {@code u8} length + product name, {@code u64} notBefore (epoch
   * milliseconds), then ARK DER, ASK DER, ARK and ASK private keys (PKCS #8), each {@code u32}
   * length + bytes.
   *
   * <p><b>Security:</b> the file holds the simulated root's private keys in the clear; whoever
   * reads it can make simulated evidence that every process trusting this root accepts. Simulated
   * evidence proves nothing anyway; this is for demos and tests on one machine only.
   *
   * @throws IOException if the file exists or cannot be written
   * @throws IllegalStateException after {@link #close()}
   */
  public synchronized void writeInsecure(Path file) throws IOException {
    requireNonNull(file, "file");
    ByteWriter out = new ByteWriter(8192);
    out.bytes(FILE_LABEL).u8(FILE_VERSION);
    byte[] productName = product.kdsName().getBytes(StandardCharsets.US_ASCII);
    out.u8(productName.length).bytes(productName).u64(notBefore.toEpochMilli());
    byte[] ark = arkKey.copyBytes(InsecureSecretAccess.get());
    byte[] ask = askKey.copyBytes(InsecureSecretAccess.get());
    byte[] encoded = null;
    try {
      out.lengthPrefixed(arkDer).lengthPrefixed(askDer).lengthPrefixed(ark).lengthPrefixed(ask);
      encoded = out.toByteArray();
      if (Files.exists(file)) {
        throw new FileAlreadyExistsException(file.toString());
      }
      Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
      } catch (UnsupportedOperationException e) {
        Files.createFile(file);
      }
      Files.write(file, encoded, StandardOpenOption.TRUNCATE_EXISTING);
    } finally {
      Arrays.fill(ark, (byte) 0);
      Arrays.fill(ask, (byte) 0);
      if (encoded != null) {
        Arrays.fill(encoded, (byte) 0);
      }
    }
  }

  /**
   * Reads an authority written by {@link #writeInsecure}. Chips made from it chain to the same
   * simulated ARK as the original's (VLEK chips do not: each process makes its own ASVK).
   *
   * <p><b>Security:</b> see {@link #writeInsecure}; only for simulated deployments.
   *
   * @throws IOException if the file cannot be read
   * @throws AttestationException {@code SNP_EVIDENCE_UNAVAILABLE} if it is not such a file (wrong
   *     label or version, unknown product, trailing bytes, keys that do not parse)
   */
  public static SimulatedAuthority readInsecure(Path file) throws IOException,
      AttestationException {
    requireNonNull(file, "file");
    byte[] bytes = Files.readAllBytes(file);
    try {
      ByteReader in = new ByteReader(bytes);
      if (!Arrays.equals(in.bytes(FILE_LABEL.length, "label"), FILE_LABEL)) {
        throw new MalformedBytesException("not a simulated authority file");
      }
      int version = in.u8("version");
      if (version != FILE_VERSION) {
        throw new MalformedBytesException("version " + version + ", expected " + FILE_VERSION);
      }
      String productName = new String(in.bytes(in.u8("product length"), "product"),
          StandardCharsets.US_ASCII);
      Product product = Arrays.stream(Product.values())
          .filter(p -> p.kdsName().equals(productName)).findFirst()
          .orElseThrow(() -> new MalformedBytesException("unknown product " + productName));
      Instant notBefore = Instant.ofEpochMilli(in.u64("notBefore"));
      byte[] ark = in.lengthPrefixed(MAX_FILE_ITEM_BYTES, "ARK");
      byte[] ask = in.lengthPrefixed(MAX_FILE_ITEM_BYTES, "ASK");
      byte[] arkKey = in.lengthPrefixed(MAX_FILE_ITEM_BYTES, "ARK key");
      byte[] askKey = in.lengthPrefixed(MAX_FILE_ITEM_BYTES, "ASK key");
      in.expectEnd("simulated authority file");
      SecretBytes arkSecret = SecretBytes.wrap(arkKey, InsecureSecretAccess.get());
      SecretBytes askSecret = SecretBytes.wrap(askKey, InsecureSecretAccess.get());
      return new SimulatedAuthority(product, notBefore, ark, ask, arkSecret, askSecret,
          load(arkSecret), load(askSecret));
    } catch (MalformedBytesException | IllegalStateException | IllegalArgumentException e) {
      throw new AttestationException(ErrorCode.SNP_EVIDENCE_UNAVAILABLE,
          file + " is not a simulated authority file: " + e.getMessage(), e);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * The simulated authority kept in {@code file}: read when the file exists, else made fresh
   * ({@link #generate(Product, SecureRandom, Instant)}) and written there ({@link #writeInsecure},
   * owner-only permissions), so that later runs skip its RSA key generation, the slowest part of
   * a simulated set-up (a real ARK and ASK live for years, too). Two processes making it at once
   * both succeed; the file keeps one of the two, complete.
   *
   * <p><b>Security:</b> see {@link #writeInsecure}; only for demos and tests on one machine.
   *
   * @throws IOException if the file cannot be read or written
   * @throws AttestationException {@code SNP_EVIDENCE_UNAVAILABLE} if the file is not a simulated
   *     authority file, or holds one of another product
   */
  public static SimulatedAuthority readOrCreateInsecure(Path file, Product product,
      SecureRandom random, Instant now) throws IOException, AttestationException {
    requireNonNull(file, "file");
    requireNonNull(product, "product");
    if (Files.exists(file)) {
      SimulatedAuthority kept = readInsecure(file);
      if (kept.product() != product) {
        kept.destroy();
        throw new AttestationException(ErrorCode.SNP_EVIDENCE_UNAVAILABLE,
            file + " holds a simulated " + kept.product() + " authority, not " + product);
      }
      return kept;
    }
    SimulatedAuthority made = generate(product, random, now);
    Path temporary = file.resolveSibling(
        file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    try {
      Files.deleteIfExists(temporary);
      made.writeInsecure(temporary);
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      made.destroy();
      throw e;
    } finally {
      Files.deleteIfExists(temporary);
    }
    return made;
  }

  /**
   * A fresh simulated hierarchy for {@code product}, valid from one day before {@code now} for
   * ten years.
   */
  public static SimulatedAuthority generate(Product product, SecureRandom random, Instant now) {
    requireNonNull(product, "product");
    requireNonNull(random, "random");
    requireNonNull(now, "now");
    return new SimulatedAuthority(product, random, now);
  }

  /** A fresh simulated hierarchy for {@code product}, valid from yesterday. */
  public static SimulatedAuthority generate(Product product) {
    return generate(product, new SecureRandom(), Instant.now());
  }

  private static X500Name name(String cn) {
    return new X500Name("CN=" + cn + ", O=Mayfly simulated SEV-SNP, C=ZZ");
  }

  private static SecretBytes secret(AsymmetricKeyParameter key) {
    try {
      byte[] encoded = PrivateKeyInfoFactory.createPrivateKeyInfo(key).getEncoded();
      return SecretBytes.wrap(encoded, InsecureSecretAccess.get());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code secret} decoded, once.
   *
   * @throws IllegalStateException after {@link #close()}
   */
  private synchronized CipherParameters key(SecretBytes secret) {
    if (secret.isDestroyed()) {
      throw new IllegalStateException("the simulated authority is destroyed");
    }
    return decoded.computeIfAbsent(secret, SimulatedAuthority::load);
  }

  private static CipherParameters load(SecretBytes secret) {
    byte[] encoded = secret.copyBytes(InsecureSecretAccess.get());
    try {
      return PrivateKeyFactory.createKey(encoded);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } finally {
      Arrays.fill(encoded, (byte) 0);
    }
  }

  /** The product this hierarchy simulates. */
  public Product product() {
    return product;
  }

  /** The simulated ARK (DER). */
  public byte[] arkDer() {
    return arkDer.clone();
  }

  /** The simulated ASK (DER). */
  public byte[] askDer() {
    return askDer.clone();
  }

  /**
   * A new simulated chip with {@code chipId} (64 bytes; Turin uses its first 8 as hwID) whose
   * VCEK certifies {@code tcb} (in this product's TCB layout).
   *
   * @throws IllegalStateException after {@link #close()}
   */
  public SimulatedChip newChip(byte[] chipId, TcbVersion tcb) {
    return newChip(chipId, tcb, Map.of());
  }

  /**
   * As {@link #newChip(byte[], TcbVersion)}, with extra critical extensions on the VCEK (OID to
   * raw value). For negative tests of verifiers.
   */
  public SimulatedChip newChip(byte[] chipId, TcbVersion tcb, Map<String, byte[]> critical) {
    requireNonNull(chipId, "chipId");
    requireNonNull(tcb, "tcb");
    requireNonNull(critical, "critical");
    if (chipId.length != 64) {
      throw new IllegalArgumentException("CHIP_ID is 64 bytes, got " + chipId.length);
    }
    if (tcb.layout() != product.tcbLayout()) {
      throw new IllegalArgumentException(product + " uses the " + product.tcbLayout() + " layout");
    }
    byte[] hwId = product == Product.TURIN ? Arrays.copyOf(chipId, 8) : chipId.clone();
    AsymmetricCipherKeyPair vcek = CertificateFactory.p384KeyPair(random);
    byte[] vcekDer = CertificateFactory.certificate(askName, name("SIMULATED SEV-VCEK"),
        new BigInteger(64, random).add(BigInteger.valueOf(3)), notBefore,
        notBefore.plus(VALIDITY), vcek.getPublic(), false,
        CertificateFactory.vcekExtensions(product, hwId, tcb), critical, key(askKey));
    return new SimulatedChip(product, chipId, tcb, vcek, List.of(vcekDer, askDer, arkDer),
        SigningKey.VCEK);
  }

  /**
   * A new simulated chip of a cloud provider whose reports are signed by a VLEK (issued by a
   * simulated ASVK under this authority's ARK) and carry no CHIP_ID: nothing in them tells the
   * chip apart. For tests of what a verifier does without a hardware identity.
   *
   * @throws IllegalStateException after {@link #close()}
   */
  public synchronized SimulatedChip newVlekChip(TcbVersion tcb) {
    requireNonNull(tcb, "tcb");
    if (tcb.layout() != product.tcbLayout()) {
      throw new IllegalArgumentException(product + " uses the " + product.tcbLayout() + " layout");
    }
    if (asvkDer == null) {
      X500Name asvkName = name("SIMULATED SEV-VLEK-" + product.kdsName());
      AsymmetricCipherKeyPair asvk = CertificateFactory.rsaKeyPair(random, RSA_BITS);
      asvkDer = CertificateFactory.certificate(arkName, asvkName, BigInteger.valueOf(3),
          notBefore, notBefore.plus(VALIDITY), asvk.getPublic(), true, Map.of(), Map.of(),
          key(arkKey));
      asvkKey = secret(asvk.getPrivate());
      decoded.put(asvkKey, asvk.getPrivate());
      this.asvkName = asvkName;
    }
    AsymmetricCipherKeyPair vlek = CertificateFactory.p384KeyPair(random);
    byte[] vlekDer = CertificateFactory.certificate(asvkName, name("SIMULATED SEV-VLEK"),
        new BigInteger(64, random).add(BigInteger.valueOf(3)), notBefore,
        notBefore.plus(VALIDITY), vlek.getPublic(), false,
        CertificateFactory.vlekExtensions(product, "SIMULATED-CSP", tcb), Map.of(),
        key(asvkKey));
    return new SimulatedChip(product, new byte[64], tcb, vlek,
        List.of(vlekDer, asvkDer, arkDer), SigningKey.VLEK);
  }

  /**
   * A CRL signed by the simulated ARK revoking {@code revokedSerials}; for tests of revocation.
   *
   * @throws IllegalStateException after {@link #close()}
   */
  public byte[] issueCrl(Instant thisUpdate, Instant nextUpdate, List<BigInteger> revokedSerials) {
    return CertificateFactory.crl(arkName, thisUpdate, nextUpdate, revokedSerials, key(arkKey));
  }

  /** The serial number of the simulated ASK. */
  public BigInteger askSerial() {
    return BigInteger.TWO;
  }

  /** Wipes the ARK and ASK private keys. */
  @Override
  public synchronized void destroy() {
    decoded.clear();
    arkKey.destroy();
    askKey.destroy();
    if (asvkKey != null) {
      asvkKey.destroy();
    }
  }

  /** Same as {@link #destroy()}. */
  @Override
  public void close() {
    destroy();
  }

  @Override
  public boolean isDestroyed() {
    return arkKey.isDestroyed() && askKey.isDestroyed();
  }

  @Override
  public String toString() {
    return "SimulatedAuthority[" + product.kdsName() + (isDestroyed() ? ", destroyed" : "") + "]";
  }
}

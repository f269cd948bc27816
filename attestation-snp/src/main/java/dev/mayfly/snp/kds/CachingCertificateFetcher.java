package dev.mayfly.snp.kds;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.internal.Hex;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.abi.SigningKey;
import dev.mayfly.snp.abi.TcbVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Caches VCEKs and certificate chains of another {@link CertificateFetcher} in memory and,
 * optionally, in a directory, so each chip and TCB is fetched once.
 *
 * <p>CRLs are never cached: they change, and a stale CRL defeats revocation. Cached
 * certificates are not trusted either: the verifier checks them as if freshly supplied, so a
 * tampered cache file only causes a refusal.
 *
 * <p>Thread-safe; disk files are written to a temporary name and moved into place.
 *
 * @since 0.1.0
 */
public final class CachingCertificateFetcher implements CertificateFetcher {
  private static final int MAX_ENTRIES = 4096;

  private final CertificateFetcher delegate;
  private final Optional<Path> directory;
  private final Map<String, List<byte[]>> memory = new ConcurrentHashMap<>();

  private CachingCertificateFetcher(CertificateFetcher delegate, Optional<Path> directory) {
    this.delegate = delegate;
    this.directory = directory;
  }

  /** An in-memory cache in front of {@code delegate}. */
  public static CachingCertificateFetcher inMemory(CertificateFetcher delegate) {
    return new CachingCertificateFetcher(requireNonNull(delegate, "delegate"), Optional.empty());
  }

  /** An in-memory and on-disk cache (in {@code directory}, created if missing). */
  public static CachingCertificateFetcher onDisk(CertificateFetcher delegate, Path directory) {
    requireNonNull(delegate, "delegate");
    requireNonNull(directory, "directory");
    return new CachingCertificateFetcher(delegate, Optional.of(directory));
  }

  @Override
  public byte[] fetchVcek(Product product, byte[] hwId, TcbVersion tcb)
      throws AttestationException {
    String key = "vcek-" + product.kdsName() + "-" + Hex.encode(hwId) + "-"
        + Long.toHexString(tcb.raw());
    return cached(key, () -> List.of(delegate.fetchVcek(product, hwId, tcb))).get(0).clone();
  }

  @Override
  public List<byte[]> fetchCertChain(Product product, SigningKey key)
      throws AttestationException {
    String name = "chain-" + product.kdsName() + "-" + key.name().toLowerCase(java.util.Locale.ROOT);
    List<byte[]> out = new ArrayList<>();
    for (byte[] der : cached(name, () -> delegate.fetchCertChain(product, key))) {
      out.add(der.clone());
    }
    return List.copyOf(out);
  }

  @Override
  public byte[] fetchCrl(Product product, SigningKey key) throws AttestationException {
    return delegate.fetchCrl(product, key);
  }

  private interface Fetch {
    List<byte[]> get() throws AttestationException;
  }

  private List<byte[]> cached(String key, Fetch fetch) throws AttestationException {
    List<byte[]> hit = memory.get(key);
    if (hit != null) {
      return hit;
    }
    Optional<List<byte[]>> fromDisk = readDisk(key);
    List<byte[]> value = fromDisk.isPresent() ? fromDisk.get() : fetch.get();
    if (fromDisk.isEmpty()) {
      writeDisk(key, value);
    }
    if (memory.size() >= MAX_ENTRIES) {
      memory.clear();
    }
    memory.put(key, List.copyOf(value));
    return value;
  }

  private Optional<List<byte[]>> readDisk(String key) {
    if (directory.isEmpty()) {
      return Optional.empty();
    }
    List<byte[]> parts = new ArrayList<>();
    for (int i = 0; ; i++) {
      Path file = directory.get().resolve(key + "-" + i + ".der");
      if (!Files.isRegularFile(file)) {
        break;
      }
      try {
        parts.add(Files.readAllBytes(file));
      } catch (IOException e) {
        return Optional.empty();
      }
    }
    return parts.isEmpty() ? Optional.empty() : Optional.of(parts);
  }

  private void writeDisk(String key, List<byte[]> value) throws AttestationException {
    if (directory.isEmpty()) {
      return;
    }
    try {
      Files.createDirectories(directory.get());
      for (int i = 0; i < value.size(); i++) {
        Path target = directory.get().resolve(key + "-" + i + ".der");
        Path temp = Files.createTempFile(directory.get(), key, ".tmp");
        Files.write(temp, value.get(i));
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw new AttestationException(ErrorCode.SNP_KDS_UNAVAILABLE,
          "cannot write the certificate cache in " + directory.get(), e);
    }
  }

  @Override
  public String toString() {
    return "CachingCertificateFetcher[" + delegate + directory.map(d -> ", " + d).orElse("") + "]";
  }
}

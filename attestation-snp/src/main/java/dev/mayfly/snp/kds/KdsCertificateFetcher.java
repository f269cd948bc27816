package dev.mayfly.snp.kds;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.internal.Hex;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.abi.SigningKey;
import dev.mayfly.snp.abi.TcbVersion;
import dev.mayfly.snp.verify.CertificateEncoding;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A {@link CertificateFetcher} for AMD's key distribution service over HTTPS (AMD "VCEK
 * Certificate and KDS Interface Specification"), with back-off on HTTP 429.
 *
 * <p>URLs: {@code /vcek/v1/{product}/{hwID hex}?blSPL=..&teeSPL=..&snpSPL=..&ucodeSPL=..} for
 * Milan and Genoa (64-byte hwID, decimal SPLs); {@code ?fmcSPL=..&blSPL=..&...} with two-digit
 * SPLs and the 8-byte hwID for Turin; {@code /{vcek|vlek}/v1/{product}/cert_chain} (PEM, ASK or
 * ASVK then ARK) and {@code /{vcek|vlek}/v1/{product}/crl} (DER).
 *
 * <p>Off by default: a verifier only uses the network when a host passes one of these. Wrap it in
 * a {@link CachingCertificateFetcher} to avoid asking AMD again for the same chip.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class KdsCertificateFetcher implements CertificateFetcher {
  /** AMD's public KDS. */
  public static final URI AMD_KDS = URI.create("https://kdsintf.amd.com");
  private static final int TOO_MANY_REQUESTS = 429;

  /** Sleeps between retries; replaced in tests. */
  @FunctionalInterface
  public interface Sleeper {
    /** Waits {@code duration}. */
    void sleep(Duration duration) throws InterruptedException;
  }

  private final URI base;
  private final HttpClient client;
  private final Duration timeout;
  private final int maxRetries;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Sleeper sleeper;

  private KdsCertificateFetcher(Builder b) {
    this.base = b.base;
    this.client = b.client != null
        ? b.client
        : HttpClient.newBuilder().connectTimeout(b.timeout).build();
    this.timeout = b.timeout;
    this.maxRetries = b.maxRetries;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.sleeper = b.sleeper;
  }

  /** A builder: AMD's KDS, 10 s timeout, 3 retries on 429 from 1 s doubling to at most 30 s. */
  public static Builder builder() {
    return new Builder();
  }

  /** The VCEK URL for a chip at a TCB (see the class description). */
  public URI vcekUri(Product product, byte[] hwId, TcbVersion tcb) {
    requireNonNull(product, "product");
    requireNonNull(hwId, "hwId");
    requireNonNull(tcb, "tcb");
    String query;
    if (product == Product.TURIN) {
      query = String.format("fmcSPL=%02d&blSPL=%02d&teeSPL=%02d&snpSPL=%02d&ucodeSPL=%02d",
          tcb.fmc(), tcb.bootloader(), tcb.tee(), tcb.snp(), tcb.microcode());
    } else {
      query = "blSPL=" + tcb.bootloader() + "&teeSPL=" + tcb.tee() + "&snpSPL=" + tcb.snp()
          + "&ucodeSPL=" + tcb.microcode();
    }
    return base.resolve("/vcek/v1/" + product.kdsName() + "/" + Hex.encode(hwId) + "?" + query);
  }

  private URI hierarchyUri(Product product, SigningKey key, String leaf) {
    String kind = key == SigningKey.VLEK ? "vlek" : "vcek";
    return base.resolve("/" + kind + "/v1/" + product.kdsName() + "/" + leaf);
  }

  @Override
  public byte[] fetchVcek(Product product, byte[] hwId, TcbVersion tcb)
      throws AttestationException {
    return get(vcekUri(product, hwId, tcb));
  }

  @Override
  public List<byte[]> fetchCertChain(Product product, SigningKey key)
      throws AttestationException {
    return CertificateEncoding.decodeAll(get(hierarchyUri(product, key, "cert_chain")));
  }

  @Override
  public byte[] fetchCrl(Product product, SigningKey key) throws AttestationException {
    return get(hierarchyUri(product, key, "crl"));
  }

  private byte[] get(URI uri) throws AttestationException {
    Duration backoff = initialBackoff;
    for (int attempt = 0; ; attempt++) {
      HttpResponse<byte[]> response;
      try {
        response = client.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        throw new AttestationException(ErrorCode.SNP_KDS_UNAVAILABLE, "GET " + uri + " failed", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AttestationException(ErrorCode.SNP_KDS_UNAVAILABLE, "GET " + uri + " interrupted", e);
      }
      int status = response.statusCode();
      if (status == 200) {
        return response.body();
      }
      if (status == TOO_MANY_REQUESTS) {
        if (attempt >= maxRetries) {
          throw new AttestationException(ErrorCode.SNP_KDS_RATE_LIMITED,
              "GET " + uri + " still rate limited after " + maxRetries + " retries");
        }
        Duration wait = retryAfter(response).orElse(backoff);
        wait = wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AttestationException(ErrorCode.SNP_KDS_RATE_LIMITED,
              "interrupted while backing off from " + uri, e);
        }
        backoff = backoff.multipliedBy(2);
        continue;
      }
      if (status >= 500) {
        throw new AttestationException(ErrorCode.SNP_KDS_UNAVAILABLE,
            "GET " + uri + " answered HTTP " + status);
      }
      throw new AttestationException(ErrorCode.SNP_KDS_NOT_FOUND,
          "GET " + uri + " answered HTTP " + status);
    }
  }

  private static Optional<Duration> retryAfter(HttpResponse<?> response) {
    return response.headers().firstValue("Retry-After").flatMap(v -> {
      try {
        return Optional.of(Duration.ofSeconds(Long.parseLong(v.strip())));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    });
  }

  @Override
  public String toString() {
    return "KdsCertificateFetcher[" + base + "]";
  }

  /** Builder for {@link KdsCertificateFetcher}; not thread-safe. */
  public static final class Builder {
    private URI base = AMD_KDS;
    private HttpClient client;
    private Duration timeout = Duration.ofSeconds(10);
    private int maxRetries = 3;
    private Duration initialBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private Sleeper sleeper = d -> Thread.sleep(d.toMillis());

    private Builder() {}

    /** The service base URI; default {@link #AMD_KDS}. */
    public Builder baseUri(URI base) {
      this.base = requireNonNull(base, "base");
      return this;
    }

    /** The HTTP client; default a new one with the timeout as connect timeout. */
    public Builder httpClient(HttpClient client) {
      this.client = requireNonNull(client, "client");
      return this;
    }

    /** Per-request timeout; default 10 s. */
    public Builder timeout(Duration timeout) {
      requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive");
      }
      this.timeout = timeout;
      return this;
    }

    /** Retries after HTTP 429 (0..10); default 3. */
    public Builder maxRetries(int retries) {
      if (retries < 0 || retries > 10) {
        throw new IllegalArgumentException("retries must be 0..10");
      }
      this.maxRetries = retries;
      return this;
    }

    /** First back-off (doubled each retry unless Retry-After says otherwise); default 1 s. */
    public Builder initialBackoff(Duration backoff) {
      this.initialBackoff = requireNonNull(backoff, "backoff");
      return this;
    }

    /** Longest single back-off; default 30 s. */
    public Builder maxBackoff(Duration backoff) {
      this.maxBackoff = requireNonNull(backoff, "backoff");
      return this;
    }

    /** How to wait; default {@link Thread#sleep}. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** The fetcher. */
    public KdsCertificateFetcher build() {
      return new KdsCertificateFetcher(this);
    }
  }
}

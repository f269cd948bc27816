package dev.mayfly.cert.tsa;

import static java.util.Objects.requireNonNull;

import dev.mayfly.cert.CertMintingException;
import dev.mayfly.common.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * An RFC 3161 §3.4 HTTP client: POSTs the request as {@code application/timestamp-query} and
 * expects {@code application/timestamp-reply}, using the JDK {@link HttpClient}.
 *
 * <p>Responses larger than {@link #MAX_RESPONSE_BYTES} are refused. Thread-safe.
 *
 * @since 0.1.0
 */
public final class HttpTsaClient implements TsaClient {
  /** The largest response accepted: 1 MiB. */
  public static final int MAX_RESPONSE_BYTES = 1 << 20;

  private final URI uri;
  private final Duration timeout;
  private final HttpClient http;

  private HttpTsaClient(URI uri, Duration timeout) {
    this.uri = uri;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /**
   * A client for the TSA at {@code uri} (http or https) with a per-request {@code timeout}.
   *
   * @throws IllegalArgumentException for another scheme or a non-positive timeout
   */
  public static HttpTsaClient create(URI uri, Duration timeout) {
    requireNonNull(uri, "uri");
    requireNonNull(timeout, "timeout");
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException("TSA URI must be http or https, got " + uri);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    return new HttpTsaClient(uri, timeout);
  }

  @Override
  public byte[] exchange(byte[] timeStampRequest) throws CertMintingException {
    requireNonNull(timeStampRequest, "timeStampRequest");
    HttpRequest request = HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .header("Content-Type", "application/timestamp-query")
        .header("Accept", "application/timestamp-reply")
        .POST(HttpRequest.BodyPublishers.ofByteArray(timeStampRequest))
        .build();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new CertMintingException(
          ErrorCode.CERT_TSA_UNAVAILABLE, "TSA " + uri + " unreachable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CertMintingException(
          ErrorCode.CERT_TSA_UNAVAILABLE, "interrupted while waiting for TSA " + uri, e);
    }
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw new CertMintingException(ErrorCode.CERT_TSA_UNAVAILABLE,
            "TSA " + uri + " answered HTTP " + response.statusCode() + ", expected 200");
      }
      String type = response.headers().firstValue("Content-Type").orElse("");
      if (!type.startsWith("application/timestamp-reply")) {
        throw new CertMintingException(ErrorCode.CERT_TSA_UNAVAILABLE,
            "TSA " + uri + " answered Content-Type '" + type
                + "', expected application/timestamp-reply");
      }
      byte[] bytes = body.readNBytes(MAX_RESPONSE_BYTES + 1);
      if (bytes.length > MAX_RESPONSE_BYTES) {
        throw new CertMintingException(ErrorCode.CERT_TSA_UNAVAILABLE,
            "TSA " + uri + " answered more than " + MAX_RESPONSE_BYTES + " bytes");
      }
      return bytes;
    } catch (IOException e) {
      throw new CertMintingException(
          ErrorCode.CERT_TSA_UNAVAILABLE, "TSA " + uri + " response unreadable", e);
    }
  }

  @Override
  public String toString() {
    return "HttpTsaClient[" + uri + "]";
  }
}

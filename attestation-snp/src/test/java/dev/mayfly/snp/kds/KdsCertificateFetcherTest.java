package dev.mayfly.snp.kds;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.internal.Hex;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.Vectors;
import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.abi.SigningKey;
import dev.mayfly.snp.abi.TcbVersion;
import dev.mayfly.snp.verify.SnpVerifier;
import dev.mayfly.snp.verify.SnpVerifyOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a local HTTP server on 127.0.0.1 that behaves like the KDS; never the internet. */
class KdsCertificateFetcherTest {
  private HttpServer server;
  private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
  private final List<String> requests = new ArrayList<>();
  private final AtomicInteger throttle = new AtomicInteger();
  private final List<Duration> sleeps = new ArrayList<>();
  private int status = 200;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      String uri = exchange.getRequestURI().toString();
      synchronized (requests) {
        requests.add(uri);
      }
      byte[] body = bodies.get(uri);
      int code = throttle.getAndDecrement() > 0 ? 429 : body == null ? 404 : status;
      if (code == 429) {
        exchange.getResponseHeaders().add("Retry-After", "2");
      }
      byte[] out = code == 200 ? body : new byte[0];
      exchange.sendResponseHeaders(code, out.length == 0 ? -1 : out.length);
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(out);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private KdsCertificateFetcher fetcher() {
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    return KdsCertificateFetcher.builder().baseUri(base).maxRetries(2)
        .sleeper(sleeps::add).timeout(Duration.ofSeconds(5)).build();
  }

  private static final String P2_URL = "/vcek/v1/Milan/d49554ec717f4e5b";

  @Test
  void vcekUri_milanAndTurinFormats() throws AttestationException {
    KdsCertificateFetcher f = KdsCertificateFetcher.builder().build();
    byte[] p1Chip = dev.mayfly.snp.abi.AttestationReport.parse(Vectors.P1.report()).chipId();
    assertEquals("https://kdsintf.amd.com/vcek/v1/Milan/" + Hex.encode(p1Chip)
        + "?blSPL=2&teeSPL=0&snpSPL=5&ucodeSPL=68",
        f.vcekUri(Product.MILAN, p1Chip, TcbVersion.of(2, 0, 5, 68)).toString());
    assertEquals("https://kdsintf.amd.com/vcek/v1/Turin/3b42092f69c656d3"
        + "?fmcSPL=00&blSPL=01&teeSPL=00&snpSPL=02&ucodeSPL=71",
        f.vcekUri(Product.TURIN, Hex.decode("3b42092f69c656d3"),
            TcbVersion.ofTurin(0, 1, 0, 2, 71)).toString());
  }

  private String p2Path() throws AttestationException {
    var report = dev.mayfly.snp.abi.AttestationReport.parse(Vectors.P2.report(), Product.MILAN);
    return fetcher().vcekUri(Product.MILAN, report.chipId(), report.reportedTcb()).toString()
        .replaceFirst("^http://[^/]+", "");
  }

  @Test
  void verify_withFetcher_fetchesMissingVcek() throws AttestationException {
    String path = p2Path();
    assertTrue(path.startsWith(P2_URL));
    bodies.put(path, Vectors.P2.leaf());
    SnpVerifier verifier = SnpVerifier.create(SnpVerifyOptions.builder().clock(Vectors.CLOCK)
        .product(Product.MILAN).certificateFetcher(fetcher()).build());

    verifier.verify(Vectors.P2.report(), List.of());

    assertEquals(List.of(path), requests);
  }

  @Test
  void verify_withFetcherButNoProduct_throwsProductUnknown() {
    SnpVerifier verifier = SnpVerifier.create(SnpVerifyOptions.builder().clock(Vectors.CLOCK)
        .certificateFetcher(fetcher()).build());
    AttestationException e = assertThrows(AttestationException.class,
        () -> verifier.verify(Vectors.P2.report(), List.of()));
    assertEquals(ErrorCode.SNP_PRODUCT_UNKNOWN, e.code());
  }

  @Test
  void fetch_rateLimitedThenServed_backsOffWithRetryAfter() throws AttestationException {
    bodies.put("/vcek/v1/Milan/crl", new byte[] {1, 2, 3});
    throttle.set(2);

    assertArrayEquals(new byte[] {1, 2, 3}, fetcher().fetchCrl(Product.MILAN, SigningKey.VCEK));
    assertEquals(List.of(Duration.ofSeconds(2), Duration.ofSeconds(2)), sleeps);
  }

  @Test
  void fetch_alwaysRateLimited_throwsRateLimited() {
    throttle.set(100);
    AttestationException e = assertThrows(AttestationException.class,
        () -> fetcher().fetchCrl(Product.GENOA, SigningKey.VLEK));
    assertEquals(ErrorCode.SNP_KDS_RATE_LIMITED, e.code());
    assertTrue(e.isRetryable());
    assertEquals(List.of("/vlek/v1/Genoa/crl", "/vlek/v1/Genoa/crl", "/vlek/v1/Genoa/crl"), requests);
  }

  @Test
  void fetch_serverErrorOrNotFoundOrDown_throwTypedCodes() {
    bodies.put("/vcek/v1/Turin/crl", new byte[] {1});
    status = 503;
    assertEquals(ErrorCode.SNP_KDS_UNAVAILABLE, assertThrows(AttestationException.class,
        () -> fetcher().fetchCrl(Product.TURIN, SigningKey.VCEK)).code());
    assertEquals(ErrorCode.SNP_KDS_NOT_FOUND, assertThrows(AttestationException.class,
        () -> fetcher().fetchCrl(Product.MILAN, SigningKey.VCEK)).code());
    KdsCertificateFetcher down = fetcher();
    server.stop(0);
    assertEquals(ErrorCode.SNP_KDS_UNAVAILABLE, assertThrows(AttestationException.class,
        () -> down.fetchCrl(Product.MILAN, SigningKey.VCEK)).code());
  }

  @Test
  void fetchCertChain_parsesPemAskThenArk() throws AttestationException {
    bodies.put("/vcek/v1/Milan/cert_chain", Vectors.bytes("go-sev-guest/trust/ask_ark_milan.pem"));
    List<byte[]> chain = fetcher().fetchCertChain(Product.MILAN, SigningKey.VCEK);
    assertEquals(2, chain.size());
  }

  @Test
  void caching_memoryAndDisk_fetchOncePerChip(@TempDir Path dir) throws AttestationException {
    bodies.put(p2Path(), Vectors.P2.leaf());
    var report = dev.mayfly.snp.abi.AttestationReport.parse(Vectors.P2.report(), Product.MILAN);
    CachingCertificateFetcher first = CachingCertificateFetcher.onDisk(fetcher(), dir);
    first.fetchVcek(Product.MILAN, report.chipId(), report.reportedTcb());
    first.fetchVcek(Product.MILAN, report.chipId(), report.reportedTcb());
    CachingCertificateFetcher second = CachingCertificateFetcher.onDisk(fetcher(), dir);
    byte[] fromDisk = second.fetchVcek(Product.MILAN, report.chipId(), report.reportedTcb());
    CachingCertificateFetcher.inMemory(fetcher())
        .fetchVcek(Product.MILAN, report.chipId(), report.reportedTcb());

    assertArrayEquals(Vectors.P2.leaf(), fromDisk);
    assertEquals(2, requests.size());
  }
}

package dev.mayfly.cert.tsa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.mayfly.cert.CertMintingException;
import dev.mayfly.cert.CertVerificationException;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.simulation.cert.TestTimestampAuthority;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.bouncycastle.tsp.TimeStampResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TimestampTest {
  private static final Instant NOW = Instant.parse("2026-06-01T10:00:00.123Z");
  private static final byte[] SIGNATURE = "a signature".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private final TestTimestampAuthority tsa =
      TestTimestampAuthority.generate(Clock.fixed(NOW, ZoneOffset.UTC));
  private final TimestampVerifier verifier = TimestampVerifier.create(tsa.chain());
  private HttpServer server;

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void timestamp_testTsa_verifiesWithWholeSecondTime() throws Exception {
    VerifiedTimestamp stamp = Timestamper.create(tsa, verifier).timestamp(SIGNATURE);

    assertEquals(Instant.parse("2026-06-01T10:00:00Z"), stamp.time());
    assertEquals(tsa.tsaCertificate(), stamp.authorityCertificate());
    TimeStampResponse parsed = new TimeStampResponse(stamp.response());
    assertEquals(0, parsed.getStatus());
    assertArrayEquals(stamp.response(), verifier.verify(stamp.response(), SIGNATURE).response());
  }

  @Test
  void verify_otherSignature_throwsTimestampInvalid() throws Exception {
    VerifiedTimestamp stamp = Timestamper.create(tsa, verifier).timestamp(SIGNATURE);

    CertVerificationException e = assertThrows(CertVerificationException.class,
        () -> verifier.verify(stamp.response(), "another signature".getBytes()));

    assertEquals(ErrorCode.CERT_TIMESTAMP_INVALID, e.code());
    assertEquals(List.of(), e.culprits());
  }

  @Test
  void verify_untrustedTsa_throwsTimestampInvalid() throws Exception {
    TestTimestampAuthority other = TestTimestampAuthority.generate(Clock.fixed(NOW, ZoneOffset.UTC));
    byte[] response = Timestamper.create(other, TimestampVerifier.create(other.chain()))
        .timestamp(SIGNATURE).response();

    CertVerificationException e = assertThrows(CertVerificationException.class,
        () -> verifier.verify(response, SIGNATURE));

    assertEquals(ErrorCode.CERT_TIMESTAMP_INVALID, e.code());
  }

  @Test
  void verify_flippedTokenByte_throwsTimestampInvalid() throws Exception {
    byte[] response = Timestamper.create(tsa, verifier).timestamp(SIGNATURE).response();
    for (int i = response.length - 70; i < response.length; i += 7) {
      byte[] tampered = response.clone();
      tampered[i] ^= 0x01;
      int index = i;
      CertVerificationException e = assertThrows(CertVerificationException.class,
          () -> verifier.verify(tampered, SIGNATURE), "byte " + index);
      assertEquals(ErrorCode.CERT_TIMESTAMP_INVALID, e.code());
    }
  }

  @Test
  void verify_garbage_throwsTimestampInvalid() {
    CertVerificationException e = assertThrows(CertVerificationException.class,
        () -> verifier.verify(new byte[] {0x30, 0x03, 0x02, 0x01}, SIGNATURE));

    assertEquals(ErrorCode.CERT_TIMESTAMP_INVALID, e.code());
  }

  @Test
  void timestamp_unacceptedPolicy_throwsTsaRejected() {
    CertMintingException e = assertThrows(CertMintingException.class,
        () -> Timestamper.create(tsa, verifier).withPolicy("1.2.3.4.5").timestamp(SIGNATURE));

    assertEquals(ErrorCode.CERT_TSA_REJECTED, e.code());
    assertEquals(List.of(), e.culprits());
  }

  @Test
  void timestamp_overHttp_verifies() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/tsr", tsa.httpHandler());
    server.start();
    HttpTsaClient client = HttpTsaClient.create(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/tsr"),
        Duration.ofSeconds(10));

    VerifiedTimestamp stamp = Timestamper.create(client, verifier)
        .withPolicy(TestTimestampAuthority.POLICY_OID).timestamp(SIGNATURE);

    assertEquals(Instant.parse("2026-06-01T10:00:00Z"), stamp.time());
  }

  @Test
  void timestamp_httpError_throwsTsaUnavailableRetryable() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/tsr", exchange -> {
      exchange.sendResponseHeaders(503, -1);
      exchange.close();
    });
    server.start();
    HttpTsaClient client = HttpTsaClient.create(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/tsr"),
        Duration.ofSeconds(10));

    CertMintingException e = assertThrows(CertMintingException.class,
        () -> Timestamper.create(client, verifier).timestamp(SIGNATURE));

    assertEquals(ErrorCode.CERT_TSA_UNAVAILABLE, e.code());
    assertTrue(e.isRetryable());
  }

  @Test
  void create_nonHttpUri_throwsIllegalArgument() {
    assertThrows(IllegalArgumentException.class,
        () -> HttpTsaClient.create(URI.create("ftp://example.invalid/"), Duration.ofSeconds(1)));
  }
}

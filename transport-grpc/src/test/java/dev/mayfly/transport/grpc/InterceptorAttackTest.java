package dev.mayfly.transport.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.transport.SessionId;
import dev.mayfly.transport.Transport;
import dev.mayfly.transport.TransportException;
import dev.mayfly.transport.grpc.internal.Wire;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A peer whose TLS evidence is accepted still cannot get a call through with other metadata: the
 * server interceptor closes it with PERMISSION_DENIED and the Mayfly code in the trailers, and
 * the client interceptor refuses answers that carry another policy hash or party.
 */
class InterceptorAttackTest {
  private static final PartyId ONE = PartyId.of(1);
  private static final PartyId TWO = PartyId.of(2);
  private static final PartyId THREE = PartyId.of(3);
  private static final byte[] PIN = Simulation.POLICY.hash();

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private GrpcPartyNode one;
  private ManagedChannel rogue;

  @BeforeEach
  void start() throws Exception {
    Map<PartyId, InetSocketAddress> unused = Cluster.addresses(List.of(TWO, THREE));
    one = Simulation.node(ONE).peer(TWO, unused.get(TWO)).peer(THREE, unused.get(THREE)).start();
    closeables.add(one);
    rogue = Rogue.client(Rogue.attested(TWO, PIN), one.localAddress());
    closeables.add(() -> rogue.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable closeable : closeables) {
      closeable.close();
    }
  }

  private static byte[] envelope(PartyId from) {
    return TestEnvelopes.broadcast(SessionId.generate(Simulation.RANDOM), from, new byte[] {1})
        .encode();
  }

  private void assertRefused(Rogue.Result result, ErrorCode code, Optional<PartyId> claimed) {
    assertRefused(result, code, claimed, 0);
  }

  private void assertRefused(Rogue.Result result, ErrorCode code, Optional<PartyId> claimed,
      long framesBefore) {
    assertEquals(Status.Code.PERMISSION_DENIED, result.status().getCode());
    assertEquals(code.name(), result.errorCode());
    assertEquals("1", result.trailers().get(Wire.PARTY));
    PeerRefusal refusal = one.recentRefusals().get(one.recentRefusals().size() - 1);
    assertEquals(PeerRefusal.Stage.CALL, refusal.stage());
    assertEquals(code, refusal.code());
    assertEquals(claimed, refusal.party());
    assertEquals(framesBefore, one.stats().framesBuffered());
  }

  @Test
  void honestMetadata_isAccepted() {
    Rogue.Result result = Rogue.deliver(rogue, Rogue.headers(TWO, ONE, PIN), envelope(TWO));
    assertEquals(Status.Code.OK, result.status().getCode());
    assertEquals(1, one.stats().framesBuffered());
  }

  @Test
  void anotherPolicyHash_isPermissionDenied() {
    Rogue.Result result = Rogue.deliver(rogue,
        Rogue.headers(TWO, ONE, Simulation.OTHER_POLICY.hash()), envelope(TWO));
    assertRefused(result, ErrorCode.TRANSPORT_POLICY_HASH_MISMATCH, Optional.of(TWO));
  }

  @Test
  void noMetadata_isPermissionDenied() {
    Rogue.Result result = Rogue.deliver(rogue, new Metadata(), envelope(TWO));
    assertRefused(result, ErrorCode.TRANSPORT_POLICY_HASH_MISMATCH, Optional.empty());
  }

  @Test
  void healthService_isGuardedToo() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () ->
        ClientCalls.blockingUnaryCall(rogue, Wire.HEALTH_CHECK,
            CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), new byte[0]));
    assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
    assertEquals(ErrorCode.TRANSPORT_POLICY_HASH_MISMATCH.name(),
        e.getTrailers().get(Wire.ERROR_CODE));
  }

  @Test
  void partyThatIsNotAPeer_isPermissionDenied() {
    Rogue.Result result = Rogue.deliver(rogue, Rogue.headers(PartyId.of(9), ONE, PIN),
        envelope(PartyId.of(9)));
    assertRefused(result, ErrorCode.TRANSPORT_UNKNOWN_SENDER, Optional.of(PartyId.of(9)));
  }

  @Test
  void callMeantForAnotherParty_isPermissionDenied() {
    Rogue.Result result = Rogue.deliver(rogue, Rogue.headers(TWO, THREE, PIN), envelope(TWO));
    assertRefused(result, ErrorCode.TRANSPORT_WRONG_RECIPIENT, Optional.of(TWO));
  }

  @Test
  void oneTlsKeySpeakingForTwoParties_isPermissionDenied() {
    assertEquals(Status.Code.OK,
        Rogue.deliver(rogue, Rogue.headers(TWO, ONE, PIN), envelope(TWO)).status().getCode());
    Rogue.Result result = Rogue.deliver(rogue, Rogue.headers(THREE, ONE, PIN), envelope(THREE));
    assertRefused(result, ErrorCode.TRANSPORT_UNKNOWN_SENDER, Optional.of(THREE), 1);
  }

  private TransportException sendToRogueServer(java.util.function.UnaryOperator<Metadata> stamp)
      throws Exception {
    Server server = Rogue.server(Rogue.attested(TWO, PIN), stamp);
    closeables.add(() -> server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    GrpcPartyNode sender = Simulation.node(THREE).peer(TWO, Rogue.address(server))
        .callTimeout(Duration.ofSeconds(5)).start();
    closeables.add(sender);
    SessionId session = SessionId.generate(Simulation.RANDOM);
    Transport transport = sender.openSession(session, List.of(TWO, THREE));
    return assertThrows(TransportException.class, () ->
        transport.send(TestEnvelopes.direct(session, THREE, TWO, new byte[] {1})));
  }

  /** Response headers as a server would stamp them under {@code policyHashHex} as {@code party}. */
  private static java.util.function.UnaryOperator<Metadata> answerAs(String policyHashHex,
      String party) {
    return headers -> {
      headers.put(Wire.POLICY_HASH, policyHashHex);
      headers.put(Wire.PARTY, party);
      return headers;
    };
  }

  @Test
  void answerWithAnotherPolicyHash_isRefusedByTheClient() throws Exception {
    TransportException e = sendToRogueServer(answerAs(Simulation.OTHER_POLICY.hashHex(), "2"));
    assertEquals(ErrorCode.TRANSPORT_POLICY_HASH_MISMATCH, e.code());
    assertEquals(List.of(TWO), e.culprits());
  }

  @Test
  void answerFromAnotherParty_isRefusedByTheClient() throws Exception {
    TransportException e = sendToRogueServer(answerAs(Simulation.POLICY.hashHex(), "1"));
    assertEquals(ErrorCode.TRANSPORT_WRONG_RECIPIENT, e.code());
    assertEquals(List.of(TWO), e.culprits());
  }

  @Test
  void clientInterceptor_stampsPolicyHashPartyAndTarget() throws Exception {
    List<Metadata> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
    Server server = Rogue.server(Rogue.attested(TWO, PIN),
        answerAs(Simulation.POLICY.hashHex(), "2"), requests::add);
    closeables.add(() -> server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    GrpcPartyNode sender = Simulation.node(THREE).peer(TWO, Rogue.address(server)).start();
    closeables.add(sender);
    SessionId session = SessionId.generate(Simulation.RANDOM);
    sender.openSession(session, List.of(TWO, THREE))
        .send(TestEnvelopes.direct(session, THREE, TWO, new byte[] {1}));
    assertEquals(1, requests.size());
    assertEquals(Simulation.POLICY.hashHex(), requests.get(0).get(Wire.POLICY_HASH));
    assertEquals("3", requests.get(0).get(Wire.PARTY));
    assertEquals("2", requests.get(0).get(Wire.TO));
  }
}

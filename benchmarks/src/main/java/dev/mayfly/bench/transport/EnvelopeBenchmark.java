package dev.mayfly.bench.transport;

import dev.mayfly.bench.BenchmarkDefaults;
import dev.mayfly.common.PartyId;
import dev.mayfly.transport.Envelope;
import dev.mayfly.transport.EnvelopeVerifier;
import dev.mayfly.transport.IdentityKeyPair;
import dev.mayfly.transport.PeerDirectory;
import dev.mayfly.transport.RoundTag;
import dev.mayfly.transport.SessionId;
import dev.mayfly.transport.Transport;
import dev.mayfly.transport.TransportException;
import dev.mayfly.transport.VerifiedEnvelope;
import dev.mayfly.transport.memory.InMemoryNetwork;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Set;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cost the transport SPI adds per message: sealing (encode and Ed25519-sign) an envelope,
 * opening one (strict decode and the receiver-side checks, which include one Ed25519
 * verification), and one direct message over the in-memory transport, sealed, sent, received and
 * opened. Compare with {@code BaselineBenchmark.bcEd25519SignVerify} run in the same invocation.
 */
public class EnvelopeBenchmark extends BenchmarkDefaults {
  private static final PartyId SENDER = PartyId.of(1);
  private static final PartyId RECEIVER = PartyId.of(2);
  private static final RoundTag TAG = RoundTag.of("dkg", 1);

  @Param({"64", "1024", "65536"})
  public int payloadBytes;

  private IdentityKeyPair key;
  private SessionId sessionId;
  private byte[] policyHash;
  private byte[] payload;
  private byte[] encoded;
  private EnvelopeVerifier verifier;
  private InMemoryNetwork network;
  private Transport senderTransport;
  private Transport receiverTransport;
  private long sequence;

  @Setup(Level.Trial)
  public void setUp() {
    SecureRandom random = new SecureRandom();
    key = IdentityKeyPair.generate(random);
    sessionId = SessionId.generate(random);
    policyHash = new byte[Envelope.POLICY_HASH_BYTES];
    random.nextBytes(policyHash);
    payload = new byte[payloadBytes];
    random.nextBytes(payload);
    encoded = seal().encode();
    PeerDirectory directory = PeerDirectory.create(Set.of(SENDER, RECEIVER));
    directory.pin(SENDER, key.publicKey());
    verifier = EnvelopeVerifier.create(sessionId, RECEIVER, policyHash, directory);
    network = InMemoryNetwork.builder().parties(2).build();
    senderTransport = network.transport(SENDER);
    receiverTransport = network.transport(RECEIVER);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    network.close();
    key.close();
  }

  private Envelope seal() {
    return Envelope.builder()
        .sessionId(sessionId)
        .tag(TAG)
        .sender(SENDER)
        .recipient(RECEIVER)
        .sequence(sequence++)
        .policyHash(policyHash)
        .payload(payload)
        .sign(key);
  }

  /** Encode and sign one envelope. */
  @Benchmark
  public Envelope sealEnvelope() {
    return seal();
  }

  /** Strictly decode one envelope and run the stateless receiver-side checks. */
  @Benchmark
  public VerifiedEnvelope openEnvelope() throws TransportException {
    return verifier.verify(Envelope.decode(encoded, SENDER), SENDER);
  }

  /** Seal, send over the in-memory transport, receive and open one direct message. */
  @Benchmark
  public VerifiedEnvelope inMemoryRoundTrip() throws TransportException, InterruptedException {
    senderTransport.send(seal());
    byte[] received = receiverTransport.receive(Duration.ofSeconds(1)).bytes();
    return verifier.verify(Envelope.decode(received, SENDER), SENDER);
  }
}

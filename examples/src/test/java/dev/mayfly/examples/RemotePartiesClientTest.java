package dev.mayfly.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.mayfly.cert.CertVerificationException;
import dev.mayfly.cert.bundle.TrustedRoot;
import dev.mayfly.cert.verify.BundleVerifier;
import dev.mayfly.cert.verify.BundleVerifierOptions;
import dev.mayfly.cert.verify.VerifiedArtifact;
import dev.mayfly.ceremony.CeremonyOutput;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.party.PartyConfig;
import dev.mayfly.party.PartyOutcome;
import dev.mayfly.party.PartyServer;
import dev.mayfly.party.SigningException;
import dev.mayfly.simulation.SimulatedDeployment;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Example 3 against three {@link PartyServer}s started in this JVM on loopback, each with a
 * simulated chip under the deployment's authority (configuration files as {@code mayfly party
 * serve} reads them): the output verifies under the client's pins, and its raw signature with the
 * JDK.
 */
class RemotePartiesClientTest {
  @TempDir
  static Path dir;

  private static SimulatedDeployment deployment;
  private static final List<PartyServer> servers = new ArrayList<>();
  private static final Map<PartyId, InetSocketAddress> clientAddresses = new TreeMap<>();

  @BeforeAll
  static void startParties() throws Exception {
    deployment = SimulatedDeployment.builder().build();
    deployment.authority().writeInsecure(dir.resolve("authority.bin"));
    Files.writeString(dir.resolve("policy.json"), deployment.teePolicy().toJson(), UTF_8);
    Files.write(dir.resolve("approvers.json"), deployment.approvalPolicy().toJsonBytes());
    Map<PartyId, Integer> peerPorts = new TreeMap<>();
    Map<PartyId, Integer> clientPorts = new TreeMap<>();
    for (PartyId party : deployment.partyIds()) {
      peerPorts.put(party, freePort());
      clientPorts.put(party, freePort());
      clientAddresses.put(party, new InetSocketAddress("127.0.0.1", clientPorts.get(party)));
    }
    for (PartyId party : deployment.partyIds()) {
      Path config = dir.resolve("party" + party.value() + ".json");
      Files.writeString(config, partyConfig(party, peerPorts, clientPorts), UTF_8);
      servers.add(PartyServer.start(PartyConfig.read(config)));
    }
  }

  @AfterAll
  static void stop() {
    servers.forEach(PartyServer::close);
    if (deployment != null) {
      deployment.close();
    }
  }

  @Test
  void sign_remoteParties_outputVerifiesUnderTheClientsPins() throws Exception {
    byte[] artifact = "an artifact signed by remote parties\n".getBytes(UTF_8);
    CeremonyOutput output = RemotePartiesClient.sign(deployment, clientAddresses, "remote.bin",
        artifact, deployment.approve("remote.bin", artifact));
    assertEquals(List.of("remote.bin.sig", "remote.bin.crt.pem", "remote.bin.pub.pem",
        "remote.bin.sigstore.json", "remote.bin.mayfly.json"), output.fileNames());
    BundleVerifier verifier = BundleVerifier.create(BundleVerifierOptions.builder()
        .localSimulatedInsecure(deployment.teePolicyHash(), deployment.approvalPolicy(),
            TrustedRoot.of(List.of(), List.of(deployment.timestampAuthorityChain())))
        .build());
    VerifiedArtifact verified = verifier.verify(artifact, output.sigstoreBundle(),
        output.evidence());
    assertEquals(3, verified.parties().size());
    assertEquals(2, verified.approvalsCounted());
    assertTrue(verified.simulated());
    Path pub = Files.write(dir.resolve("remote.bin.pub.pem"), output.publicKeyPem());
    assertTrue(SignWithOwnTransportTest.jdkVerifies(SignWithOwnTransportTest.publicKey(pub),
        artifact, output.signature()));
    byte[] other = artifact.clone();
    other[0] ^= 1;
    assertFalse(SignWithOwnTransportTest.jdkVerifies(SignWithOwnTransportTest.publicKey(pub),
        other, output.signature()));
    assertThrows(CertVerificationException.class,
        () -> verifier.verify(other, output.sigstoreBundle(), output.evidence()));
  }

  @Test
  void sign_oneApprovalShort_everyPartyAgreesOnQuorumNotMet() throws Exception {
    byte[] artifact = "an artifact one approver did not approve\n".getBytes(UTF_8);
    List<byte[]> alone = deployment.approve("remote.bin", artifact).subList(0, 1);
    SigningException e = assertThrows(SigningException.class, () -> RemotePartiesClient.sign(
        deployment, clientAddresses, "remote.bin", artifact, alone));
    assertEquals(ErrorCode.APPROVAL_QUORUM_NOT_MET, e.code());
    assertEquals(deployment.partyIds(), List.copyOf(e.outcomes().keySet()));
    e.outcomes().values().forEach(o -> assertEquals(PartyOutcome.Status.ABORTED, o.status()));
  }

  /** Party {@code self}'s configuration file, as {@code mayfly party serve} reads it. */
  private static String partyConfig(PartyId self, Map<PartyId, Integer> peerPorts,
      Map<PartyId, Integer> clientPorts) {
    JsonObject config = new JsonObject();
    config.addProperty("version", PartyConfig.VERSION);
    JsonObject party = new JsonObject();
    party.addProperty("id", self.value());
    config.add("party", party);
    config.addProperty("listen", "127.0.0.1:" + peerPorts.get(self));
    config.addProperty("clientListen", "127.0.0.1:" + clientPorts.get(self));
    JsonArray peers = new JsonArray();
    peerPorts.forEach((id, port) -> {
      if (!id.equals(self)) {
        JsonObject peer = new JsonObject();
        peer.addProperty("id", id.value());
        peer.addProperty("address", "127.0.0.1:" + port);
        peers.add(peer);
      }
    });
    config.add("peers", peers);
    config.addProperty("teePolicy", "policy.json");
    config.addProperty("approvalPolicy", "approvers.json");
    JsonObject evidence = new JsonObject();
    evidence.addProperty("provider", "simulated-insecure");
    evidence.addProperty("simulatedAuthorityFileInsecure", "authority.bin");
    config.add("evidence", evidence);
    JsonObject deadlines = new JsonObject();
    deadlines.addProperty("phaseTimeoutSeconds", 20);
    deadlines.addProperty("abortWindowSeconds", 2);
    deadlines.addProperty("shutdownGraceSeconds", 1);
    config.add("deadlines", deadlines);
    return new Gson().toJson(config);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

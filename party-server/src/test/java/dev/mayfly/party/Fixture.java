package dev.mayfly.party;

import dev.mayfly.approval.ApprovalPolicy;
import dev.mayfly.approval.ApprovalSigner;
import dev.mayfly.approval.ApprovalStatement;
import dev.mayfly.approval.ApproverSet;
import dev.mayfly.approval.keys.ApproverSigningKey;
import dev.mayfly.approval.keys.KeyAlgorithm;
import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.validate.TeePolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A simulated deployment in one folder: TEE policy, approvers and approvals, a shared simulated
 * authority, and the party and client configuration files for parties 1..n on loopback. Public
 * (in this module's test jar) for the Maven plugin's tests.
 */
public final class Fixture {
  public static final byte[] ARTIFACT = "an artifact for the party server tests\n"
      .getBytes(StandardCharsets.UTF_8);
  /** A release of three artifacts. */
  public static final List<dev.mayfly.ceremony.NamedArtifact> RELEASE = List.of(
      dev.mayfly.ceremony.NamedArtifact.of("lib-1.0.jar", jar()),
      dev.mayfly.ceremony.NamedArtifact.of("lib-1.0.pom",
          "<project/>\n".getBytes(StandardCharsets.UTF_8)),
      dev.mayfly.ceremony.NamedArtifact.of("lib-1.0-sources.jar",
          "sources\n".getBytes(StandardCharsets.UTF_8)));

  /** A small JAR: a manifest and two entries. */
  static byte[] jar() {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.util.jar.Manifest manifest = new java.util.jar.Manifest();
    manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
    try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(bytes, manifest)) {
      for (String name : List.of("lib/A.class", "lib/b.properties")) {
        java.util.jar.JarEntry entry = new java.util.jar.JarEntry(name);
        entry.setTime(0);
        out.putNextEntry(entry);
        out.write(("content of " + name).getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public final Path dir;
  public final TeePolicy policy;
  public final ApprovalPolicy approvers;
  public final List<byte[]> approvals = new ArrayList<>();
  /** Approvals of {@link #RELEASE} by alice and bob. */
  public final List<byte[]> releaseApprovals = new ArrayList<>();
  final int[] peerPorts;
  final int[] clientPorts;

  public Fixture(Path dir, int parties) throws Exception {
    this.dir = dir;
    byte[] measurement = MessageDigest.getInstance("SHA-384")
        .digest("party server test image".getBytes(StandardCharsets.UTF_8));
    policy = TeePolicy.builder().products(List.of(Product.MILAN)).allowMeasurement(measurement)
        .build();
    Files.writeString(dir.resolve("policy.json"), policy.toJson());
    SecureRandom random = new SecureRandom();
    try (ApproverSigningKey alice = ApproverSigningKey.generate(KeyAlgorithm.ED25519, random);
        ApproverSigningKey bob = ApproverSigningKey.generate(KeyAlgorithm.ED25519, random)) {
      approvers = ApprovalPolicy.builder().approvers(ApproverSet.builder()
          .approver("alice", alice.publicKey()).approver("bob", bob.publicKey()).build())
          .quorum(2).build();
      Files.write(dir.resolve("approvers.json"), approvers.toJsonBytes());
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(ARTIFACT);
      Instant now = Instant.now();
      for (ApproverSigningKey key : List.of(alice, bob)) {
        byte[] nonce = new byte[32];
        random.nextBytes(nonce);
        approvals.add(ApprovalSigner.create(key).sign(ApprovalStatement.builder()
            .artifact("artifact.txt", digest)
            .approverId(key == alice ? "alice" : "bob")
            .changeRef("test://party-server")
            .teePolicyHash(policy.hash())
            .validity(now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)))
            .nonce(nonce)
            .build()).toJsonBytes());
        releaseApprovals.add(ApprovalSigner.create(key).sign(ApprovalStatement.builder()
            .artifacts(RELEASE.stream().map(dev.mayfly.ceremony.NamedArtifact::digest).toList())
            .approverId(key == alice ? "alice" : "bob")
            .changeRef("test://party-server/release")
            .teePolicyHash(policy.hash())
            .validity(now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)))
            .build()).toJsonBytes());
      }
    }
    PartyServer.writeSimulatedAuthorityInsecure(dir.resolve("authority.bin"));
    peerPorts = new int[parties + 1];
    clientPorts = new int[parties + 1];
    for (int i = 1; i <= parties; i++) {
      peerPorts[i] = freePort();
      clientPorts[i] = freePort();
    }
    for (int i = 1; i <= parties; i++) {
      int id = i;
      String peers = IntStream.rangeClosed(1, parties).filter(p -> p != id)
          .mapToObj(p -> "{\"id\": " + p + ", \"address\": \"127.0.0.1:" + peerPorts[p] + "\"}")
          .collect(Collectors.joining(", "));
      write("party" + i + ".json", "{\"version\": 1, \"party\": {\"id\": " + i + "},"
          + " \"listen\": \"127.0.0.1:" + peerPorts[i] + "\","
          + " \"clientListen\": \"127.0.0.1:" + clientPorts[i] + "\","
          + " \"peers\": [" + peers + "],"
          + " \"teePolicy\": \"policy.json\", \"approvalPolicy\": \"approvers.json\","
          + " \"limits\": {\"minThreshold\": 2, \"algorithms\": [\"ed25519\", \"ecdsa-p256\"]},"
          + " \"evidence\": {\"provider\": \"simulated-insecure\","
          + " \"simulatedAuthorityFileInsecure\": \"authority.bin\"},"
          + " \"deadlines\": {\"phaseTimeoutSeconds\": 6, \"abortWindowSeconds\": 2,"
          + " \"callTimeoutSeconds\": 2, \"shutdownGraceSeconds\": 1},"
          + " \"maxConcurrentSessions\": 2}");
    }
    String list = IntStream.rangeClosed(1, parties)
        .mapToObj(p -> "{\"id\": " + p + ", \"address\": \"127.0.0.1:" + clientPorts[p] + "\"}")
        .collect(Collectors.joining(", "));
    write("sign.json", "{\"version\": 1, \"parties\": [" + list + "], \"threshold\": 2,"
        + " \"teePolicy\": \"policy.json\", \"teePolicyHash\": \"" + policy.hashHex() + "\","
        + " \"approvalPolicy\": \"approvers.json\","
        + " \"timestampAuthority\": {\"testAuthorityInsecure\": true},"
        + " \"attestation\": {\"simulatedAuthorityFileInsecure\": \"authority.bin\"},"
        + " \"deadlines\": {\"connectTimeoutSeconds\": 20, \"sessionTimeoutSeconds\": 60}}");
  }

  /** Starts a party server for each party's configuration written here. */
  public List<PartyServer> startServers(int parties) throws Exception {
    List<PartyServer> servers = new ArrayList<>();
    for (int i = 1; i <= parties; i++) {
      servers.add(PartyServer.start(PartyConfig.read(dir.resolve("party" + i + ".json"))));
    }
    return List.copyOf(servers);
  }

  Path write(String name, String text) {
    try {
      Path file = dir.resolve(name);
      Files.writeString(file, text);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

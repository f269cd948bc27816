package dev.mayfly.examples;

import dev.mayfly.ceremony.CeremonyOutput;
import dev.mayfly.ceremony.Signer;
import dev.mayfly.common.PartyId;
import dev.mayfly.party.SigningClient;
import dev.mayfly.simulation.SimulatedDeployment;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * Example 3: a host that embeds the client of remote parties ({@link SigningClient}, what {@code
 * mayfly sign} runs) instead of calling the command: it connects to party servers ({@code mayfly
 * party serve}, here a simulated deployment's), checks each one's SEV-SNP evidence in the TLS
 * handshake, proposes a session, streams the artifact, and gets the output back already verified
 * under its own pins, through the same {@link Signer} type as example 1.
 *
 * <p>Run by {@code RemotePartiesClientTest} against three {@code PartyServer}s it starts with
 * simulated evidence under {@code deployment}'s authority.
 */
public final class RemotePartiesClient {
  private RemotePartiesClient() {}

  /**
   * Signs {@code artifact} as {@code name}, approved by {@code approvals} (DSSE envelopes), with the
   * party servers at {@code clientAddresses} (their {@code clientListen} addresses, by party),
   * pinned to {@code deployment}'s TEE policy and approval policy and timestamped by its test TSA.
   *
   * @throws dev.mayfly.party.SigningException if the session aborted or failed: its code, culprits
   *     and every party's outcome
   */
  public static CeremonyOutput sign(SimulatedDeployment deployment,
      Map<PartyId, InetSocketAddress> clientAddresses, String name, byte[] artifact,
      List<byte[]> approvals) throws Exception {
    SigningClient.Builder client = SigningClient.builder()
        .threshold(deployment.threshold())
        .algorithm(deployment.algorithm())
        .teePolicy(deployment.teePolicy())                  // pin: checked at every party
        .approvalPolicy(deployment.approvalPolicy())        // pin: approver keys and quorum
        .timestampAuthority(deployment.timestamper(), deployment.timestampAuthorityChain())
        .trustSimulatedRootInsecure(deployment.authority().arkDer());   // SIMULATED parties
    clientAddresses.forEach((id, address) -> client.party(id, "party-" + id.value(), address));
    try (Signer signer = client.build().asSigner()) {
      return signer.sign(name, artifact, approvals);
    }
  }
}

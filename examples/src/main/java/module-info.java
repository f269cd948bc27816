/**
 * The examples: host applications on Mayfly's public API, run against a simulated deployment.
 * Not published. {@code SignWithOwnTransport} runs on the module path with these two
 * {@code requires} alone ({@code SignWithOwnTransportModulePathTest}).
 */
module dev.mayfly.examples {
  requires dev.mayfly.simulation; // SimulatedDeployment, and through it ceremony, cert, transport
  requires dev.mayfly.party;      // SigningClient (RemotePartiesClient)

  exports dev.mayfly.examples;
}

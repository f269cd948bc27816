package dev.mayfly.cli;

import picocli.CommandLine.Command;

/**
 * {@code mayfly party}: a party of a deployment of separate attested processes.
 *
 * @since 0.1.0
 */
@Command(name = "party", mixinStandardHelpOptions = true,
    description = "Run a party process (gRPC over attested TLS), or prepare a simulated one.",
    subcommands = {PartyServeCommand.class, PartySimulatedAuthorityCommand.class})
public final class PartyCommand extends GroupCommand {
}

package dev.mayfly.cli;

import picocli.CommandLine.Command;

/**
 * {@code mayfly policy}: TEE policy tools.
 *
 * @since 0.1.0
 */
@Command(name = "policy", mixinStandardHelpOptions = true,
    description = "Work with TEE policy documents.",
    subcommands = {PolicyHashCommand.class})
public final class PolicyCommand extends GroupCommand {}

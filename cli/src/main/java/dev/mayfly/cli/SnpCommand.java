package dev.mayfly.cli;

import picocli.CommandLine.Command;

/**
 * {@code mayfly snp}: AMD SEV-SNP report tools.
 *
 * @since 0.1.0
 */
@Command(name = "snp", mixinStandardHelpOptions = true,
    description = "Inspect and verify AMD SEV-SNP attestation reports.",
    subcommands = {SnpVerifyCommand.class, SnpShowCommand.class})
public final class SnpCommand extends GroupCommand {}

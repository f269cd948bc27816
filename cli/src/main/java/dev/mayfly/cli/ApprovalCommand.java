package dev.mayfly.cli;

import picocli.CommandLine.Command;

/**
 * {@code mayfly approval}: approver keys, approvals and the approval policy (DESIGN.md §6).
 *
 * @since 0.1.0
 */
@Command(name = "approval", mixinStandardHelpOptions = true,
    description = "Create approver keys, approve artifacts, list what a ceremony would accept.",
    subcommands = {ApprovalKeygenCommand.class, ApprovalPolicyCommand.class,
        ApprovalSignCommand.class, ApprovalListCommand.class})
public final class ApprovalCommand extends GroupCommand {}

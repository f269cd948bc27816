/**
 * Parties as separate attested processes (DESIGN.md sections 1 and 3): {@link
 * dev.mayfly.party.PartyServer} runs one party over a gRPC party node and takes session proposals
 * from an untrusted client on a client port; {@link dev.mayfly.party.SigningClient} is that
 * client, for hosts that embed signing; {@link dev.mayfly.party.PartyConfig} and {@link
 * dev.mayfly.party.SignConfig} read the documented configuration files (docs/deployment.md).
 */
@NullMarked
package dev.mayfly.party;

import org.jspecify.annotations.NullMarked;

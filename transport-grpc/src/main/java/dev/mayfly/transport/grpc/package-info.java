/**
 * The gRPC transport between party processes (DESIGN.md section 3): {@link
 * dev.mayfly.transport.grpc.GrpcPartyNode}, one per process, serves its peers and keeps one
 * channel per peer over attested mutual TLS; sessions opened on it are {@link
 * dev.mayfly.transport.Transport}s multiplexed over those channels. {@link
 * dev.mayfly.transport.grpc.GrpcTransportProvider} offers the same through {@link
 * dev.mayfly.transport.TransportRegistry}.
 *
 * <p><b>Security:</b> every connection is refused during its TLS handshake unless the peer's
 * SEV-SNP evidence verifies, satisfies the local TEE policy and binds the peer's TLS key and the
 * local policy hash; every call is refused unless it carries the local policy hash. The transport
 * remains trusted with availability only: envelopes are signed end to end and point-to-point
 * secrets are encrypted by the ceremony. See docs/transport.md.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.transport.grpc;

import org.jspecify.annotations.NullMarked;

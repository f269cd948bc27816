/**
 * Implementation of the gRPC transport: the wire (service, method, metadata, marshaller), the
 * attested TLS pieces (REPORT_DATA binding, the evidence extension and its codec, the self-signed
 * certificate, the rotating key manager and the attesting trust manager), the interceptors, the
 * session router and the per-peer links. Not API: may change in any release.
 */
@NullMarked
package dev.mayfly.transport.grpc.internal;

import org.jspecify.annotations.NullMarked;

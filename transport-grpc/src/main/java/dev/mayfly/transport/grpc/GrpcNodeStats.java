package dev.mayfly.transport.grpc;

/**
 * Counters of a party node since it started.
 *
 * @param framesDelivered frames queued for an open session
 * @param framesBuffered frames held for a session not opened yet
 * @param framesDropped frames discarded: expired while pending, from a non-member when the
 *     session opened, or for a session already closed
 * @param framesRefused frames refused to the sender: malformed header, non-member, or a buffer
 *     bound reached
 * @param bufferedBytes bytes held now in session mailboxes and pending buffers
 * @param handshakesVerified peer certificates accepted, both directions
 * @param handshakesRefused peer certificates refused, both directions
 * @param callsRefused calls closed by the server interceptor
 * @since 0.1.0
 */
public record GrpcNodeStats(long framesDelivered, long framesBuffered, long framesDropped,
    long framesRefused, long bufferedBytes, long handshakesVerified, long handshakesRefused,
    long callsRefused) {}

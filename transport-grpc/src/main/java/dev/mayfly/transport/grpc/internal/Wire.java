package dev.mayfly.transport.grpc.internal;

import dev.mayfly.transport.Envelope;
import io.grpc.KnownLength;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The wire of the gRPC transport: one unary method carrying one encoded envelope, and the
 * metadata every call carries. Documented in docs/transport.md ("gRPC transport and attested
 * mutual TLS").
 */
public final class Wire {
  /** The fully qualified service name. */
  public static final String SERVICE = "mayfly.transport.v1.PartyTransport";

  /** The largest request a node accepts: one envelope of the largest size, nothing around it. */
  public static final int MAX_REQUEST_BYTES = Envelope.MAX_ENCODED_BYTES;

  /** The largest response a node accepts (responses are empty). */
  public static final int MAX_RESPONSE_BYTES = 1024;

  /** The sender's TEE policy hash, 64 lower-case hex digits; on requests and response headers. */
  public static final Metadata.Key<String> POLICY_HASH =
      Metadata.Key.of("mayfly-policy-hash", Metadata.ASCII_STRING_MARSHALLER);

  /** The party id (decimal) of the side that wrote the metadata. */
  public static final Metadata.Key<String> PARTY =
      Metadata.Key.of("mayfly-party", Metadata.ASCII_STRING_MARSHALLER);

  /** The party id (decimal) the caller means to reach; requests only. */
  public static final Metadata.Key<String> TO =
      Metadata.Key.of("mayfly-to", Metadata.ASCII_STRING_MARSHALLER);

  /** The Mayfly {@code ErrorCode} name of a refusal; trailers only. */
  public static final Metadata.Key<String> ERROR_CODE =
      Metadata.Key.of("mayfly-error-code", Metadata.ASCII_STRING_MARSHALLER);

  private static final MethodDescriptor.Marshaller<byte[]> BYTES = new BytesMarshaller();

  /** {@code mayfly.transport.v1.PartyTransport/Deliver}: one encoded envelope in, nothing out. */
  public static final MethodDescriptor<byte[], byte[]> DELIVER =
      MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Deliver"))
          .setRequestMarshaller(BYTES)
          .setResponseMarshaller(BYTES)
          .setIdempotent(false)
          .build();

  /**
   * The standard health check ({@code grpc.health.v1.Health/Check}) with raw bytes in and out,
   * so the node calls it over its own links; the bytes are the standard protobuf messages.
   */
  public static final MethodDescriptor<byte[], byte[]> HEALTH_CHECK =
      MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName("grpc.health.v1.Health",
              "Check"))
          .setRequestMarshaller(BYTES)
          .setResponseMarshaller(BYTES)
          .setIdempotent(true)
          .build();

  /** Raw bytes in and out, for other services of the node's ports (the party server's). */
  public static MethodDescriptor.Marshaller<byte[]> bytesMarshaller() {
    return BYTES;
  }

  /** The empty response of {@link #DELIVER}. */
  public static final byte[] EMPTY = new byte[0];

  private Wire() {}

  /** Raw bytes in and out: no protobuf, the envelope is its own encoding. */
  private static final class BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new KnownLengthStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Lets gRPC frame the message without copying it into a buffer first. */
  private static final class KnownLengthStream extends ByteArrayInputStream implements KnownLength {
    KnownLengthStream(byte[] value) {
      super(value);
    }
  }
}

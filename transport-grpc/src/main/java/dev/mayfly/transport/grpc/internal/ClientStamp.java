package dev.mayfly.transport.grpc.internal;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * The client interceptor of one peer's channel: every call carries this party's TEE policy hash,
 * its party id and the peer it means to reach; a response whose headers name another policy hash
 * or another party is turned into {@code PERMISSION_DENIED} with the Mayfly code in its trailers
 * (the call is cancelled and its response ignored).
 */
public final class ClientStamp implements ClientInterceptor {
  private final String self;
  private final PartyId peer;
  private final String peerValue;
  private final String policyHashHex;

  /** Stamps calls of {@code self} to {@code peer} under {@code policyHash}. */
  public ClientStamp(PartyId self, PartyId peer, byte[] policyHash) {
    this.self = Integer.toString(requireNonNull(self, "self").value());
    this.peer = requireNonNull(peer, "peer");
    this.peerValue = Integer.toString(peer.value());
    this.policyHashHex = HexFormat.of().formatHex(policyHash);
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
      CallOptions options, Channel next) {
    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<RespT> listener, Metadata headers) {
        headers.put(Wire.POLICY_HASH, policyHashHex);
        headers.put(Wire.PARTY, self);
        headers.put(Wire.TO, peerValue);
        super.start(new Checked<>(listener, this), headers);
      }
    };
  }

  /** Checks the response headers of one call. */
  private final class Checked<RespT>
      extends ForwardingClientCallListener.SimpleForwardingClientCallListener<RespT> {
    private final ClientCall<?, RespT> call;
    private volatile @Nullable Status refusal;
    private volatile @Nullable Metadata refusalTrailers;

    Checked(ClientCall.Listener<RespT> delegate, ClientCall<?, RespT> call) {
      super(delegate);
      this.call = call;
    }

    @Override
    public void onHeaders(Metadata headers) {
      String hash = headers.get(Wire.POLICY_HASH);
      String party = headers.get(Wire.PARTY);
      if (!policyHashHex.equals(hash)) {
        refuse(ErrorCode.TRANSPORT_POLICY_HASH_MISMATCH, peer + " answered with TEE policy hash "
            + hash + ", the local pin is " + policyHashHex);
      } else if (!peerValue.equals(party)) {
        refuse(ErrorCode.TRANSPORT_WRONG_RECIPIENT, "the server at " + peer
            + "'s address answered as party " + party);
      } else {
        super.onHeaders(headers);
      }
    }

    private void refuse(ErrorCode code, String detail) {
      Metadata trailers = new Metadata();
      trailers.put(Wire.ERROR_CODE, code.name());
      trailers.put(Wire.PARTY, peerValue);
      refusalTrailers = trailers;
      refusal = Status.PERMISSION_DENIED.withDescription(code.name() + ": " + detail);
      call.cancel("response refused: " + code, null);
    }

    @Override
    public void onMessage(RespT message) {
      if (refusal == null) {
        super.onMessage(message);
      }
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      Status refused = refusal;
      Metadata refusedTrailers = refusalTrailers;
      if (refused != null && refusedTrailers != null) {
        super.onClose(refused, refusedTrailers);
      } else {
        super.onClose(status, trailers);
      }
    }
  }
}

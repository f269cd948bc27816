package dev.mayfly.party.internal;

import static java.util.Objects.requireNonNull;

import dev.mayfly.ceremony.ArtifactMode;
import dev.mayfly.ceremony.SessionProposal;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.bytes.MalformedBytesException;
import io.grpc.Metadata;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The party's side of {@link SigningWire}: reads one PROPOSE and the artifact chunks of a call,
 * checks the framing and the bounds, and hands the session to the {@link Sessions} that run it.
 * Everything the client sends is untrusted: the ceremony checks the proposal against the party's
 * pins itself; this only refuses what cannot be a session for this party.
 */
public final class SigningService {
  /** The most raw artifact bytes one session may stream, all artifacts together: 1 GiB. */
  public static final long MAX_RAW_TOTAL_BYTES = 1L << 30;
  /** Runs accepted sessions. */
  public interface Sessions {
    /** This party. */
    PartyId self();

    /** The largest artifact accepted in raw mode. */
    long maxArtifactBytes();

    /**
     * Reserves a slot for a session, or refuses.
     *
     * @return null if reserved, else the refusal ({@code PARTY_BUSY})
     */
    String reserve();

    /** Gives back a slot reserved for a session that never started. */
    void release();

    /** Starts the session (on its own thread) and answers through {@code out}. */
    void start(SessionProposal proposal, List<byte[]> artifacts, Responder out);
  }

  /** Where a running session sends its frames; thread-safe; ignores a client that left. */
  public static final class Responder {
    private final ServerCallStreamObserver<byte[]> out;
    private volatile boolean gone;

    Responder(ServerCallStreamObserver<byte[]> out) {
      this.out = out;
    }

    /** Sends one frame. */
    public synchronized void send(byte[] frame) {
      if (gone) {
        return;
      }
      try {
        if (out.isCancelled()) {
          gone = true;
          return;
        }
        out.onNext(frame);
      } catch (StatusRuntimeException | IllegalStateException e) {
        gone = true;
      }
    }

    /** Ends the call with OK. */
    public synchronized void finish() {
      if (gone) {
        return;
      }
      try {
        out.onCompleted();
      } catch (StatusRuntimeException | IllegalStateException e) {
        gone = true;
      }
    }

    /** Ends the call with a refusal carrying {@code code}. */
    public synchronized void refuse(Status status, ErrorCode code, String detail) {
      if (gone) {
        return;
      }
      gone = true;
      Metadata trailers = new Metadata();
      trailers.put(SigningWire.ERROR_CODE, code.name());
      try {
        out.onError(status.withDescription(code.name() + ": " + detail)
            .asRuntimeException(trailers));
      } catch (StatusRuntimeException | IllegalStateException e) {
        // the client left already
      }
    }

    /** Whether the client left. */
    public boolean isGone() {
      return gone || out.isCancelled();
    }
  }

  private final Sessions sessions;

  public SigningService(Sessions sessions) {
    this.sessions = requireNonNull(sessions, "sessions");
  }

  /** The gRPC service definition for the node's client port. */
  public ServerServiceDefinition definition() {
    return ServerServiceDefinition.builder(SigningWire.SERVICE)
        .addMethod(SigningWire.SIGN, ServerCalls.asyncBidiStreamingCall(
            out -> new Call(new Responder((ServerCallStreamObserver<byte[]>) out))))
        .build();
  }

  /** One call: PROPOSE, chunks, half-close. */
  private final class Call implements StreamObserver<byte[]> {
    private final Responder out;
    private SessionProposal proposal;
    private ByteArrayOutputStream artifact;
    private long expected;
    private List<Long> lengths = List.of();
    private boolean reserved;
    private boolean done;

    Call(Responder out) {
      this.out = out;
    }

    @Override
    public synchronized void onNext(byte[] bytes) {
      if (done) {
        return;
      }
      SigningWire.ClientFrame frame;
      try {
        frame = SigningWire.decodeClient(bytes);
      } catch (MalformedBytesException e) {
        invalid("the frame does not decode: " + e.getMessage());
        return;
      }
      if (frame.type() == SigningWire.PROPOSE) {
        propose(frame);
      } else if (proposal == null) {
        invalid("artifact bytes before the proposal");
      } else {
        byte[] chunk = frame.body();
        if (artifact.size() + (long) chunk.length > expected) {
          invalid("more artifact bytes than the " + expected + " announced");
          return;
        }
        artifact.write(chunk, 0, chunk.length);
      }
    }

    private void propose(SigningWire.ClientFrame frame) {
      if (proposal != null) {
        invalid("a second proposal in one call");
        return;
      }
      PartyId self = sessions.self();
      if (!frame.target().equals(self)) {
        invalid("the proposal is addressed to " + frame.target() + ", this is " + self);
        return;
      }
      SessionProposal decoded;
      try {
        decoded = ProposalCodec.decode(frame.body());
      } catch (MalformedBytesException e) {
        invalid("the proposal does not decode: " + e.getMessage());
        return;
      }
      if (!decoded.partyIds().contains(self)) {
        invalid(self + " is not a party of the proposal");
        return;
      }
      List<Long> announced = frame.artifactLengths();
      long length = 0;
      if (decoded.artifactMode() == ArtifactMode.RAW) {
        if (announced.size() != decoded.artifactCount()) {
          invalid("the proposal lists " + decoded.artifactCount() + " artifacts, the call "
              + "announces the bytes of " + announced.size());
          return;
        }
        for (long each : announced) {
          if (each > sessions.maxArtifactBytes()) {
            invalid("an artifact has " + each + " bytes, raw mode accepts "
                + sessions.maxArtifactBytes() + " per artifact");
            return;
          }
          length += each;
        }
        if (length > MAX_RAW_TOTAL_BYTES) {
          invalid("the artifacts have " + length + " bytes together, raw mode accepts "
              + MAX_RAW_TOTAL_BYTES + " per session");
          return;
        }
      } else if (!announced.isEmpty()) {
        invalid("statement mode sends no artifact bytes");
        return;
      }
      String busy = sessions.reserve();
      if (busy != null) {
        done = true;
        out.refuse(Status.RESOURCE_EXHAUSTED, ErrorCode.PARTY_BUSY, busy);
        return;
      }
      reserved = true;
      proposal = decoded;
      expected = length;
      lengths = announced;
      artifact = new ByteArrayOutputStream((int) Math.min(length, 1 << 20));
    }

    @Override
    public synchronized void onError(Throwable t) {
      // The client cancelled before the session started; a started session runs on regardless.
      if (!done && reserved) {
        sessions.release();
      }
      done = true;
    }

    @Override
    public synchronized void onCompleted() {
      if (done) {
        return;
      }
      if (proposal == null) {
        invalid("no proposal");
        return;
      }
      if (artifact.size() != expected) {
        invalid("announced " + expected + " artifact bytes, sent " + artifact.size());
        return;
      }
      done = true;
      byte[] all = artifact.toByteArray();
      artifact = null;
      List<byte[]> artifacts = new ArrayList<>();
      int offset = 0;
      for (long each : lengths) {
        artifacts.add(Arrays.copyOfRange(all, offset, offset + (int) each));
        offset += (int) each;
      }
      sessions.start(proposal, artifacts, out);
    }

    private void invalid(String detail) {
      if (reserved) {
        sessions.release();
        reserved = false;
      }
      done = true;
      out.refuse(Status.INVALID_ARGUMENT, ErrorCode.PARTY_REQUEST_INVALID, detail);
    }
  }
}

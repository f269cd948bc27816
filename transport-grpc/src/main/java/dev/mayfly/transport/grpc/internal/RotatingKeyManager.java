package dev.mayfly.transport.grpc.internal;

import static java.util.Objects.requireNonNull;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.jspecify.annotations.Nullable;

/**
 * Presents the node's current attested certificate in every handshake, client or server side,
 * and lets the refresher swap in a new one without touching live connections.
 *
 * <p>Each certificate gets its own alias; the previous one stays resolvable, so a handshake that
 * chose an alias just before a swap still finds its certificate. Thread-safe.
 */
public final class RotatingKeyManager extends X509ExtendedKeyManager {
  private static final String KEY_TYPE = "EC";

  private final TlsKeyPair key;
  private final AtomicLong generations = new AtomicLong();
  private volatile Generation current;
  private volatile @Nullable Generation previous;

  private record Generation(String alias, X509Certificate certificate) {}

  /** Presents {@code first} (a certificate for {@code key}) until {@link #install} is called. */
  public RotatingKeyManager(TlsKeyPair key, X509Certificate first) {
    this.key = requireNonNull(key, "key");
    this.current = new Generation(alias(), requireNonNull(first, "first"));
  }

  private String alias() {
    return "mayfly-tls-" + generations.incrementAndGet();
  }

  /** Presents {@code certificate} (for the same key) from the next handshake on. */
  public synchronized void install(X509Certificate certificate) {
    requireNonNull(certificate, "certificate");
    previous = current;
    current = new Generation(alias(), certificate);
  }

  /** The certificate presented now. */
  public X509Certificate certificate() {
    return current.certificate();
  }

  private @Nullable Generation find(@Nullable String alias) {
    Generation now = current;
    if (now.alias().equals(alias)) {
      return now;
    }
    Generation before = previous;
    return before != null && before.alias().equals(alias) ? before : null;
  }

  private @Nullable String choose(String @Nullable [] keyTypes) {
    return keyTypes != null && Arrays.asList(keyTypes).contains(KEY_TYPE) && !key.isDestroyed()
        ? current.alias()
        : null;
  }

  @Override
  public String @Nullable [] getClientAliases(String keyType, Principal @Nullable [] issuers) {
    return KEY_TYPE.equals(keyType) ? new String[] {current.alias()} : null;
  }

  @Override
  public String @Nullable [] getServerAliases(String keyType, Principal @Nullable [] issuers) {
    return getClientAliases(keyType, issuers);
  }

  @Override
  public @Nullable String chooseClientAlias(String[] keyTypes, Principal @Nullable [] issuers,
      @Nullable Socket socket) {
    return choose(keyTypes);
  }

  @Override
  public @Nullable String chooseServerAlias(String keyType, Principal @Nullable [] issuers,
      @Nullable Socket socket) {
    return choose(new String[] {keyType});
  }

  @Override
  public @Nullable String chooseEngineClientAlias(String[] keyTypes,
      Principal @Nullable [] issuers, @Nullable SSLEngine engine) {
    return choose(keyTypes);
  }

  @Override
  public @Nullable String chooseEngineServerAlias(String keyType, Principal @Nullable [] issuers,
      @Nullable SSLEngine engine) {
    return choose(new String[] {keyType});
  }

  @Override
  public X509Certificate @Nullable [] getCertificateChain(String alias) {
    Generation generation = find(alias);
    return generation == null ? null : new X509Certificate[] {generation.certificate()};
  }

  @Override
  public @Nullable PrivateKey getPrivateKey(String alias) {
    if (find(alias) == null || key.isDestroyed()) {
      return null;
    }
    try {
      return key.privateKey();
    } catch (IllegalStateException e) {
      return null;
    }
  }
}

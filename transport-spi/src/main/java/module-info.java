/**
 * The transport service-provider interface: {@link dev.mayfly.transport.Transport}, signed
 * envelopes, the provider registry, and the in-memory transport for tests and single-process
 * deployments. Transports are found with {@link java.util.ServiceLoader}.
 *
 * @since 0.1.0
 */
module dev.mayfly.transport {
  requires transitive dev.mayfly.common;
  requires static transitive org.jspecify;
  requires org.bouncycastle.provider;

  exports dev.mayfly.transport;
  exports dev.mayfly.transport.memory;

  uses dev.mayfly.transport.TransportProvider;
}

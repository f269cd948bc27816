/**
 * The conformance suite a {@link dev.mayfly.transport.Transport} implementation extends in its
 * tests. Its package is open to JUnit, which runs the suite's package-private test methods.
 *
 * @since 0.1.0
 */
module dev.mayfly.transport.testkit {
  requires transitive dev.mayfly.transport;
  requires transitive org.junit.jupiter.api;
  requires static transitive org.jspecify;

  exports dev.mayfly.transport.testkit;
  opens dev.mayfly.transport.testkit to org.junit.platform.commons;
}

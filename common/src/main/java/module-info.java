/**
 * Types every Mayfly module shares: error codes and the checked exception root, party ids and the
 * secret holders. The {@code internal} package is exported only to the Mayfly modules that build
 * on it; it is not API.
 *
 * @since 0.1.0
 */
@SuppressWarnings("module") // the qualified exports name modules that are built after this one
module dev.mayfly.common {
  requires static transitive org.jspecify;
  requires com.google.gson;

  exports dev.mayfly.common;
  exports dev.mayfly.common.bytes;

  exports dev.mayfly.common.internal to
      dev.mayfly.approval,
      dev.mayfly.snp,
      dev.mayfly.transport,
      dev.mayfly.transport.grpc,
      dev.mayfly.cert,
      dev.mayfly.ceremony,
      dev.mayfly.party;
}

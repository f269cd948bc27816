/**
 * Ephemeral certificates and their evidence: minting under the threshold key, RFC 3161
 * timestamps, Sigstore bundles, JAR signatures, and {@link dev.mayfly.cert.verify.BundleVerifier}
 * for verifying the output. The {@code internal} package is exported only to
 * {@code dev.mayfly.simulation}, whose test CA and TSA share its encoders; it is not API.
 *
 * @since 0.1.0
 */
@SuppressWarnings("module") // the qualified export names a module that is built after this one
module dev.mayfly.cert {
  requires transitive dev.mayfly.common;
  requires transitive dev.mayfly.snp;
  requires transitive dev.mayfly.approval;
  requires static transitive org.jspecify;
  requires com.google.gson;
  requires java.net.http;
  requires org.bouncycastle.provider;
  requires org.bouncycastle.pkix;
  requires org.bouncycastle.util;

  exports dev.mayfly.cert;
  exports dev.mayfly.cert.bundle;
  exports dev.mayfly.cert.evidence;
  exports dev.mayfly.cert.jar;
  exports dev.mayfly.cert.mint;
  exports dev.mayfly.cert.tsa;
  exports dev.mayfly.cert.verify;

  exports dev.mayfly.cert.internal to dev.mayfly.simulation;
}

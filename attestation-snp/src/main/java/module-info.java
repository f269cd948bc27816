/**
 * AMD SEV-SNP attestation: report parsing, signature and certificate-chain verification against
 * the embedded AMD roots, TEE policies, and the evidence parties publish. The {@code internal}
 * package is exported only to {@code dev.mayfly.cert}, which embeds evidence in its documents;
 * it is not API.
 *
 * @since 0.1.0
 */
@SuppressWarnings("module") // the qualified export names a module that is built after this one
module dev.mayfly.snp {
  requires transitive dev.mayfly.common;
  requires static transitive org.jspecify;
  requires com.google.gson;
  requires java.net.http;
  requires org.bouncycastle.provider;
  requires org.bouncycastle.pkix;
  requires org.bouncycastle.util;

  exports dev.mayfly.snp;
  exports dev.mayfly.snp.abi;
  exports dev.mayfly.snp.evidence;
  exports dev.mayfly.snp.kds;
  exports dev.mayfly.snp.trust;
  exports dev.mayfly.snp.validate;
  exports dev.mayfly.snp.verify;

  exports dev.mayfly.snp.internal to dev.mayfly.cert;
}

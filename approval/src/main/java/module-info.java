/**
 * Human approvals: DSSE envelopes over in-toto statements, approver sets, approval policies and
 * the quorum check.
 *
 * @since 0.1.0
 */
module dev.mayfly.approval {
  requires transitive dev.mayfly.common;
  requires static transitive org.jspecify;
  requires com.google.gson;
  requires org.bouncycastle.provider;

  exports dev.mayfly.approval;
  exports dev.mayfly.approval.dsse;
  exports dev.mayfly.approval.intoto;
  exports dev.mayfly.approval.keys;
}

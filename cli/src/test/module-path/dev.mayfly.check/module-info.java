/**
 * A host application on the module path, as ModulePathTest launches it: it names only the Mayfly
 * modules it uses, and everything else must follow from their descriptors.
 */
module dev.mayfly.check {
  requires dev.mayfly.simulation; // LocalCeremony, and through it dev.mayfly.ceremony
  requires dev.mayfly.cert;       // BundleVerifier
}

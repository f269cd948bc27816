'use strict';
// Verifies a Sigstore bundle offline with @sigstore/verify against a custom trusted root,
// with transparency-log and SCT thresholds at 0 and one required RFC 3161 timestamp.
// Usage: node verify.cjs BUNDLE.json TRUSTED_ROOT.json ARTIFACT
// Prints "VERIFIED" and exits 0, or "REFUSED <code>: <message>" and exits 1.
const fs = require('node:fs');
const crypto = require('node:crypto');
const { bundleFromJSON } = require('@sigstore/bundle');
const { TrustedRoot } = require('@sigstore/protobuf-specs');
const { Verifier, toSignedEntity, toTrustMaterial } = require('@sigstore/verify');

function main(argv) {
  if (argv.length !== 3) {
    console.log('usage: verify.cjs BUNDLE TRUSTED_ROOT ARTIFACT');
    return 2;
  }
  const [bundlePath, rootPath, artifactPath] = argv;
  try {
    const bundle = bundleFromJSON(JSON.parse(fs.readFileSync(bundlePath, 'utf8')));
    const trustedRoot = TrustedRoot.fromJSON(JSON.parse(fs.readFileSync(rootPath, 'utf8')));
    const artifact = fs.readFileSync(artifactPath);
    const verifier = new Verifier(toTrustMaterial(trustedRoot), {
      tlogThreshold: 0,
      ctlogThreshold: 0,
      timestampThreshold: 1,
    });
    verifier.verify(toSignedEntity(bundle, artifact));
    if (bundle.content.$case === 'dsseEnvelope') {
      // The library checks the DSSE signature; that the statement names this artifact is the
      // caller's check, as in cosign's attestation verification.
      const statement = JSON.parse(Buffer.from(bundle.content.dsseEnvelope.payload).toString('utf8'));
      const sha256 = crypto.createHash('sha256').update(artifact).digest('hex');
      const named = (statement.subject || []).some((s) => s.digest && s.digest.sha256 === sha256);
      if (!named) {
        throw Object.assign(new Error('statement does not name the artifact digest'),
          { code: 'SUBJECT_MISMATCH' });
      }
    }
    console.log('VERIFIED');
    return 0;
  } catch (e) {
    console.log('REFUSED ' + (e.code || e.name) + ': ' + e.message);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));

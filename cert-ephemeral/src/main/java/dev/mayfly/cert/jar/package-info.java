/**
 * JAR signing in the standard JAR signature format (JAR File Specification, "Signed JAR File"),
 * split so that a threshold key can sign: {@link dev.mayfly.cert.jar.JarSigningPlan} computes,
 * deterministically from the JAR bytes and {@link dev.mayfly.cert.jar.JarSigningParameters}, the
 * new manifest, the signature file and the exact bytes the key must sign;
 * {@link dev.mayfly.cert.jar.JarSignatureAssembler} joins a signature made through the threshold
 * {@code ContentSigner}, the certificate chain and an RFC 3161 timestamp into the CMS signature
 * block and writes the signed JAR, which {@code jarsigner -verify} accepts after the ephemeral
 * certificate has expired.
 *
 * <p>See {@code docs/jar-signing.md}.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.cert.jar;

import org.jspecify.annotations.NullMarked;

/**
 * The Mayfly Maven plugin (docs/release.md): {@link dev.mayfly.maven.SignMojo} signs every
 * artifact of a reactor in one ceremony at the end of the build and attaches a Sigstore bundle,
 * signature and evidence document beside each; {@link dev.mayfly.maven.VerifyMojo} checks such
 * bundles in a directory or beside a project's dependencies.
 */
@NullMarked
package dev.mayfly.maven;

import org.jspecify.annotations.NullMarked;

/**
 * The Mayfly evidence document (schema in {@code docs/evidence-format.md}) and the REPORT_DATA bindings of DESIGN.md section 4.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.cert.evidence;

import org.jspecify.annotations.NullMarked;

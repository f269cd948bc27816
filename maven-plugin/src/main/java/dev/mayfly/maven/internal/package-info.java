/** The plugin's implementation: reactor collection, the two signing modes, bundle checks. Not API. */
@NullMarked
package dev.mayfly.maven.internal;

import org.jspecify.annotations.NullMarked;

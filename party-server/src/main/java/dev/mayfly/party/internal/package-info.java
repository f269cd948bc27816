/** Implementation of the party server and signing client. Not API. */
@NullMarked
package dev.mayfly.party.internal;

import org.jspecify.annotations.NullMarked;

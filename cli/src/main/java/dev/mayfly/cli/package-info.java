/**
 * The {@code mayfly} command (DESIGN.md §8): one picocli class per subcommand under {@link
 * dev.mayfly.cli.MayflyCommand}, and {@link dev.mayfly.cli.ExitCodes} mapping failures to exit
 * codes (0 valid, 1 invalid or aborted with {@code error: CODE: message}, 2 usage).
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.cli;

import org.jspecify.annotations.NullMarked;

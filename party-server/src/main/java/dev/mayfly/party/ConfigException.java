package dev.mayfly.party;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.MayflyException;
import org.jspecify.annotations.Nullable;

/**
 * A configuration file of {@code mayfly party serve} or {@code mayfly sign} is invalid; {@link
 * #key()} names the key (a dotted path such as {@code peers[1].address}, or {@code (file)} for the
 * file as a whole). Always {@code CONFIG_INVALID}.
 *
 * @since 0.1.0
 */
public final class ConfigException extends MayflyException {
  private static final long serialVersionUID = 1L;

  private final String key;

  /** A problem with {@code key} in {@code file}. */
  public ConfigException(String file, String key, String message, @Nullable Throwable cause) {
    super(ErrorCode.CONFIG_INVALID, requireNonNull(file, "file") + ": "
        + requireNonNull(key, "key") + ": " + requireNonNull(message, "message"),
        java.util.List.of(), cause);
    this.key = key;
  }

  /** The key the problem is with. */
  public String key() {
    return key;
  }
}

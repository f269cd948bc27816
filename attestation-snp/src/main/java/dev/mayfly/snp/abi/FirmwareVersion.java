package dev.mayfly.snp.abi;

import java.util.Comparator;

/**
 * An SEV-SNP firmware version: major.minor and build.
 *
 * @param major major version, 0..255
 * @param minor minor version, 0..255
 * @param build build number, 0..255
 * @since 0.1.0
 */
public record FirmwareVersion(int major, int minor, int build)
    implements Comparable<FirmwareVersion> {
  private static final Comparator<FirmwareVersion> ORDER =
      Comparator.comparingInt(FirmwareVersion::major)
          .thenComparingInt(FirmwareVersion::minor)
          .thenComparingInt(FirmwareVersion::build);

  /** Checks the ranges. */
  public FirmwareVersion {
    if ((major | minor | build) < 0 || major > 0xFF || minor > 0xFF || build > 0xFF) {
      throw new IllegalArgumentException("firmware version parts must be 0..255");
    }
  }

  @Override
  public int compareTo(FirmwareVersion other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return major + "." + minor + " build " + build;
  }
}

package example.util;

/** The sample release's second library. */
public final class Util {
  private Util() {}

  public static String shout(String text) {
    return text.toUpperCase(java.util.Locale.ROOT);
  }
}

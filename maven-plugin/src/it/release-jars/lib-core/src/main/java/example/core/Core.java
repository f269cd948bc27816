package example.core;

/** The sample release's first library. */
public final class Core {
  private Core() {}

  public static String greeting() {
    return "hello from core";
  }
}

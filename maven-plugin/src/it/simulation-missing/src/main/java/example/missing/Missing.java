package example.missing;

/** A class so that the module has a jar to sign. */
public final class Missing {
  private Missing() {}
}

package example.tampered;

/** A class so that the module has a jar to sign. */
public final class Tampered {
  private Tampered() {}
}

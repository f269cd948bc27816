package example.abort;

/** A class so that the module has a jar to sign. */
public final class Abort {
  private Abort() {}
}

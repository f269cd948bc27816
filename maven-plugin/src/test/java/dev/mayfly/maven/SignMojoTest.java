package dev.mayfly.maven;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

/** The sign goal's own parameters, checked before it looks at the reactor. */
class SignMojoTest {
  @Test
  void execute_unknownJarSigning_failsWithConfigInvalid() {
    SignMojo mojo = new SignMojo();
    mojo.mode = SignMojo.LOCAL_SIMULATED_INSECURE;
    mojo.jarSigning = "sign";
    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(e.getMessage().startsWith("CONFIG_INVALID: jarSigning must be none or embed"),
        e.getMessage());
  }

  @Test
  void execute_unknownMode_failsWithConfigInvalid() {
    SignMojo mojo = new SignMojo();
    mojo.mode = "local";
    mojo.jarSigning = SignMojo.JAR_SIGNING_EMBED;
    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(e.getMessage().startsWith("CONFIG_INVALID: "), e.getMessage());
  }
}

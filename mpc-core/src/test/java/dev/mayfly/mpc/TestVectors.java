package dev.mayfly.mpc;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.mayfly.mpc.ciphersuite.Ciphersuite;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Loads the JSON test vectors from the test resources. */
public final class TestVectors {
  private TestVectors() {}

  /** The JSON object in resource {@code vectors/<path>}. */
  public static JsonObject load(String path) {
    String resource = "/vectors/" + path;
    try (InputStream in = TestVectors.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("missing test resource " + resource);
      }
      return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
          .getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Hex-decodes a JSON string member. */
  public static byte[] hex(JsonObject o, String member) {
    return HexFormat.of().parseHex(o.get(member).getAsString());
  }

  /** Hex-encodes bytes. */
  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /** The suite a vector file's config names. */
  public static Ciphersuite suiteOf(JsonObject vectors) {
    String name = vectors.getAsJsonObject("config").get("name").getAsString();
    return Ciphersuite.all().stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown suite " + name));
  }
}

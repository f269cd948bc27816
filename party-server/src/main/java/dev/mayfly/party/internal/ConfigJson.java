package dev.mayfly.party.internal;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.mayfly.common.internal.StrictJsonReader;
import dev.mayfly.party.ConfigException;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The reader of configuration files: one JSON object (RFC 8259) read by the shared strict reader
 * ({@link StrictJsonReader}: UTF-8 only, at most {@link #MAX_BYTES}, duplicate keys, trailing
 * data, comments and non-finite numbers refused), with nulls and nesting deeper than 16 refused
 * here; each object refuses keys it does not know once read ({@link Obj#done()}). Every error is
 * a {@link ConfigException} naming the key.
 */
public final class ConfigJson {
  /** The largest configuration file read. */
  public static final int MAX_BYTES = 1 << 20;
  private static final int MAX_DEPTH = 16;

  private ConfigJson() {}

  /** Reads {@code file} and returns its top-level object. */
  public static Obj read(Path file) throws ConfigException {
    requireNonNull(file, "file");
    String name = file.toString();
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new ConfigException(name, "(file)", "larger than " + MAX_BYTES + " bytes", null);
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ConfigException(name, "(file)", "cannot be read: " + e, e);
    }
    return parse(bytes, name, file.toAbsolutePath().getParent());
  }

  /** Parses {@code bytes} (named {@code file} in errors); relative paths resolve in {@code base}. */
  public static Obj parse(byte[] bytes, String file, @Nullable Path base) throws ConfigException {
    JsonObject root = StrictJsonReader.parseObject(bytes, MAX_BYTES, "configuration file",
        new StrictJsonReader.Refusal<ConfigException>() {
          @Override
          public ConfigException refuse(String message, @Nullable Throwable cause) {
            return new ConfigException(file, "(file)", message, cause);
          }

          @Override
          public ConfigException refuseAt(String path, String message) {
            return new ConfigException(file, path.isEmpty() ? "(file)" : path, message, null);
          }
        });
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) value(root, file, "", 0);
    return new Obj(file, base, "", map);
  }

  /** The tree of a document the strict reader accepted, as maps, lists, strings and numbers. */
  private static Object value(JsonElement element, String file, String path, int depth)
      throws ConfigException {
    if (depth > MAX_DEPTH) {
      throw new ConfigException(file, path, "nested deeper than " + MAX_DEPTH, null);
    }
    if (element.isJsonObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Map.Entry<String, JsonElement> member : element.getAsJsonObject().entrySet()) {
        String key = member.getKey();
        map.put(key, value(member.getValue(), file, path.isEmpty() ? key : path + "." + key,
            depth + 1));
      }
      return map;
    }
    if (element.isJsonArray()) {
      List<Object> list = new ArrayList<>();
      for (JsonElement item : element.getAsJsonArray()) {
        list.add(value(item, file, path + "[" + list.size() + "]", depth + 1));
      }
      return list;
    }
    if (element.isJsonNull()) {
      throw new ConfigException(file, path, "null is not allowed; leave the key out", null);
    }
    JsonPrimitive primitive = element.getAsJsonPrimitive();
    if (primitive.isBoolean()) {
      return primitive.getAsBoolean();
    }
    if (primitive.isNumber()) {
      try {
        return new BigDecimal(primitive.getAsString());
      } catch (NumberFormatException e) {
        throw new ConfigException(file, path, "is not a number", e);
      }
    }
    return primitive.getAsString();
  }

  /** One JSON object of a configuration file, read key by key. Not thread-safe. */
  public static final class Obj {
    private final String file;
    private final @Nullable Path base;
    private final String path;
    private final Map<String, Object> values;
    private final Set<String> read = new LinkedHashSet<>();

    Obj(String file, @Nullable Path base, String path, Map<String, Object> values) {
      this.file = file;
      this.base = base;
      this.path = path;
      this.values = values;
    }

    /** The dotted path of {@code key} in this object. */
    public String path(String key) {
      return path.isEmpty() ? key : path + "." + key;
    }

    /** A {@link ConfigException} about {@code key}. */
    public ConfigException error(String key, String message) {
      return new ConfigException(file, path(key), message, null);
    }

    /** A {@link ConfigException} about {@code key} with a cause. */
    public ConfigException error(String key, String message, Throwable cause) {
      return new ConfigException(file, path(key), message, cause);
    }

    private @Nullable Object raw(String key) {
      read.add(key);
      return values.get(key);
    }

    public boolean has(String key) {
      return values.containsKey(key);
    }

    public String string(String key) throws ConfigException {
      return optString(key).orElseThrow(() -> error(key, "is required"));
    }

    public Optional<String> optString(String key) throws ConfigException {
      Object value = raw(key);
      if (value == null) {
        return Optional.empty();
      }
      if (!(value instanceof String s)) {
        throw error(key, "must be a string");
      }
      if (s.isEmpty()) {
        throw error(key, "must not be empty");
      }
      return Optional.of(s);
    }

    public int integer(String key, int min, int max) throws ConfigException {
      return optInteger(key, min, max).orElseThrow(() -> error(key, "is required"));
    }

    public Optional<Integer> optInteger(String key, int min, int max) throws ConfigException {
      Object value = raw(key);
      if (value == null) {
        return Optional.empty();
      }
      if (!(value instanceof BigDecimal number)) {
        throw error(key, "must be a number");
      }
      int parsed;
      try {
        parsed = number.intValueExact();
      } catch (ArithmeticException e) {
        throw error(key, "must be a whole number in " + min + ".." + max + ", got " + number);
      }
      if (parsed < min || parsed > max) {
        throw error(key, "must be in " + min + ".." + max + ", got " + parsed);
      }
      return Optional.of(parsed);
    }

    public Optional<Boolean> optBoolean(String key) throws ConfigException {
      Object value = raw(key);
      if (value == null) {
        return Optional.empty();
      }
      if (!(value instanceof Boolean b)) {
        throw error(key, "must be true or false");
      }
      return Optional.of(b);
    }

    public Obj object(String key) throws ConfigException {
      return optObject(key).orElseThrow(() -> error(key, "is required"));
    }

    @SuppressWarnings("unchecked")
    public Optional<Obj> optObject(String key) throws ConfigException {
      Object value = raw(key);
      if (value == null) {
        return Optional.empty();
      }
      if (!(value instanceof Map<?, ?> map)) {
        throw error(key, "must be an object");
      }
      return Optional.of(new Obj(file, base, path(key), (Map<String, Object>) map));
    }

    /** The objects of array {@code key}; required, at least {@code min}. */
    @SuppressWarnings("unchecked")
    public List<Obj> objects(String key, int min, int max) throws ConfigException {
      Object value = raw(key);
      if (value == null) {
        throw error(key, "is required");
      }
      if (!(value instanceof List<?> list)) {
        throw error(key, "must be an array");
      }
      if (list.size() < min || list.size() > max) {
        throw error(key, "must have " + min + ".." + max + " entries, got " + list.size());
      }
      List<Obj> out = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        if (!(list.get(i) instanceof Map<?, ?> map)) {
          throw error(key + "[" + i + "]", "must be an object");
        }
        out.add(new Obj(file, base, path(key) + "[" + i + "]", (Map<String, Object>) map));
      }
      return out;
    }

    /** The strings of array {@code key}, if present; each non-empty. */
    public Optional<List<String>> optStrings(String key, int min, int max)
        throws ConfigException {
      Object value = raw(key);
      if (value == null) {
        return Optional.empty();
      }
      if (!(value instanceof List<?> list)) {
        throw error(key, "must be an array");
      }
      if (list.size() < min || list.size() > max) {
        throw error(key, "must have " + min + ".." + max + " entries, got " + list.size());
      }
      List<String> out = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        if (!(list.get(i) instanceof String s) || s.isEmpty()) {
          throw error(key + "[" + i + "]", "must be a non-empty string");
        }
        out.add(s);
      }
      return Optional.of(out);
    }

    /** A file named by {@code key}, resolved against the configuration file's folder. */
    public Path path(String key, boolean required) throws ConfigException {
      Optional<String> value = optString(key);
      if (value.isEmpty()) {
        if (required) {
          throw error(key, "is required");
        }
        return Path.of("");
      }
      Path given = Path.of(value.get());
      return given.isAbsolute() || base == null ? given : base.resolve(given);
    }

    /** The contents of the file named by {@code key}. */
    public byte[] fileBytes(String key) throws ConfigException {
      Path file = path(key, true);
      try {
        if (Files.size(file) > 4L * MAX_BYTES) {
          throw error(key, "names " + file + ", larger than " + 4 * MAX_BYTES + " bytes");
        }
        return Files.readAllBytes(file);
      } catch (IOException e) {
        throw error(key, "names " + file + ", which cannot be read: " + e, e);
      }
    }

    /** {@code host:port} (or {@code [v6]:port}) at {@code key}; port 0 only if allowed. */
    public InetSocketAddress address(String key, boolean allowPortZero) throws ConfigException {
      String value = string(key);
      int colon = value.lastIndexOf(':');
      if (colon <= 0 || colon == value.length() - 1) {
        throw error(key, "must be host:port, got '" + value + "'");
      }
      String host = value.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int port;
      try {
        port = Integer.parseInt(value.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw error(key, "port must be a number, got '" + value + "'");
      }
      if (port < (allowPortZero ? 0 : 1) || port > 65535) {
        throw error(key, "port must be " + (allowPortZero ? 0 : 1) + "..65535, got " + port);
      }
      return InetSocketAddress.createUnresolved(host, port);
    }

    /** Exactly {@code bytes} bytes of hex at {@code key}, if present. */
    public Optional<byte[]> optHex(String key, int bytes) throws ConfigException {
      Optional<String> value = optString(key);
      if (value.isEmpty()) {
        return Optional.empty();
      }
      try {
        byte[] parsed = HexFormat.of().parseHex(value.get());
        if (parsed.length == bytes) {
          return Optional.of(parsed);
        }
      } catch (IllegalArgumentException e) {
        // reported below
      }
      throw error(key, "must be " + bytes + " bytes of hex");
    }

    /** Refuses every key of this object that was not read. */
    public void done() throws ConfigException {
      for (String key : values.keySet()) {
        if (!read.contains(key)) {
          throw error(key, "unknown key");
        }
      }
    }
  }
}

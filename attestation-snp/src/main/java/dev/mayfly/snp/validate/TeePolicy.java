package dev.mayfly.snp.validate;

import static java.util.Objects.requireNonNull;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.internal.Hex;
import dev.mayfly.common.internal.Sha256;
import dev.mayfly.common.internal.StrictJsonReader;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.abi.FirmwareVersion;
import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.abi.SigningKey;
import dev.mayfly.snp.internal.Bytes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a peer's TEE must prove (DESIGN.md §4): allowed products, allowed launch measurements,
 * expected HOST_DATA (optional), guest-policy limits (DEBUG and MIGRATE_MA refused unless
 * allowed), minimum TCB per component, minimum firmware and report version, allowed VMPLs and
 * allowed signing keys.
 *
 * <p>{@link #hash()} is the TEE_POLICY_HASH: SHA-256 of {@link #canonicalEncoding()}, a versioned
 * byte layout documented in docs/attestation.md. Every party pins the same hash. Values that
 * differ per party or session (REPORT_DATA) are not part of the policy: they are passed to each
 * validation as {@link ReportExpectations}.
 *
 * <p>Defaults of {@link #builder()}: every product, no measurement (one must be added, or waived
 * with {@link Builder#acceptAnyMeasurementInsecure()}), no HOST_DATA pin, DEBUG and MIGRATE_MA
 * refused, VMPL 0 only, VCEK and VLEK allowed, no minimum TCB, firmware 0.0 build 0, report
 * version 2.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class TeePolicy {
  /** The canonical encoding and JSON format version. */
  public static final int FORMAT_VERSION = 1;
  private static final byte[] MAGIC = "mayfly/tee-policy/v1".getBytes(StandardCharsets.US_ASCII);
  private static final int MEASUREMENT_BYTES = 48;
  private static final int HOST_DATA_BYTES = 32;
  /** The largest policy document {@link #parseJson} reads, in characters: 1 Mi. */
  public static final int MAX_DOCUMENT_CHARS = 1 << 20;

  private static final Set<String> JSON_KEYS = Set.of("version", "products", "measurements",
      "acceptAnyMeasurementInsecure", "hostData", "allowDebug", "allowMigrateMa", "vmpls",
      "signingKeys", "minimumTcb", "minimumFirmware", "minimumReportVersion");

  private final Set<Product> products;
  private final List<byte[]> measurements;
  private final boolean anyMeasurement;
  private final Optional<byte[]> hostData;
  private final boolean allowDebug;
  private final boolean allowMigrateMa;
  private final Set<Integer> vmpls;
  private final Set<SigningKey> signingKeys;
  private final MinimumTcb minimumTcb;
  private final FirmwareVersion minimumFirmware;
  private final int minimumReportVersion;
  private final byte[] encoding;
  private final byte[] hash;

  private TeePolicy(Builder b) {
    this.products = Set.copyOf(b.products);
    this.measurements = sortedUnique(b.measurements);
    this.anyMeasurement = b.anyMeasurement;
    this.hostData = Optional.ofNullable(b.hostData).map(byte[]::clone);
    this.allowDebug = b.allowDebug;
    this.allowMigrateMa = b.allowMigrateMa;
    this.vmpls = Set.copyOf(b.vmpls);
    this.signingKeys = Set.copyOf(b.signingKeys);
    this.minimumTcb = b.minimumTcb;
    this.minimumFirmware = b.minimumFirmware;
    this.minimumReportVersion = b.minimumReportVersion;
    this.encoding = encode();
    this.hash = Sha256.hash(encoding);
  }

  private static List<byte[]> sortedUnique(List<byte[]> values) {
    List<byte[]> sorted = new ArrayList<>();
    for (byte[] v : values) {
      if (sorted.stream().noneMatch(s -> Arrays.equals(s, v))) {
        sorted.add(v.clone());
      }
    }
    sorted.sort(Arrays::compareUnsigned);
    return List.copyOf(sorted);
  }

  /** A builder with the defaults in the class description. */
  public static Builder builder() {
    return new Builder();
  }

  /** Allowed products. */
  public Set<Product> products() {
    return products;
  }

  /** Allowed MEASUREMENT values (48 bytes each), sorted; empty when any is accepted. */
  public List<byte[]> measurements() {
    return measurements.stream().map(byte[]::clone).toList();
  }

  /** Whether any measurement is accepted (waived by name, insecure). */
  public boolean acceptsAnyMeasurement() {
    return anyMeasurement;
  }

  /** Pinned HOST_DATA (32 bytes), if any. */
  public Optional<byte[]> hostData() {
    return hostData.map(byte[]::clone);
  }

  /** Whether guests with DEBUG allowed are accepted. */
  public boolean allowsDebug() {
    return allowDebug;
  }

  /** Whether guests with MIGRATE_MA allowed are accepted. */
  public boolean allowsMigrateMa() {
    return allowMigrateMa;
  }

  /** Allowed VMPLs. */
  public Set<Integer> vmpls() {
    return vmpls;
  }

  /** Allowed signing key kinds. */
  public Set<SigningKey> signingKeys() {
    return signingKeys;
  }

  /** Minimum REPORTED_TCB per component. */
  public MinimumTcb minimumTcb() {
    return minimumTcb;
  }

  /** Minimum running firmware (CURRENT_MAJOR.MINOR, CURRENT_BUILD). */
  public FirmwareVersion minimumFirmware() {
    return minimumFirmware;
  }

  /** Minimum report VERSION. */
  public int minimumReportVersion() {
    return minimumReportVersion;
  }

  /**
   * The canonical encoding, format version 1 (big-endian; see docs/attestation.md): the ASCII
   * magic {@code mayfly/tee-policy/v1}; products bitmask (bit 0 Milan, 1 Genoa, 2 Turin); flags
   * (bit 0 any measurement, 1 allow DEBUG, 2 allow MIGRATE_MA, 3 HOST_DATA pinned); a u16
   * measurement count and the 48-byte measurements in ascending unsigned order; HOST_DATA (32
   * bytes, if pinned); VMPL bitmask (bits 0-3); signing-key bitmask (bit 0 VCEK, 1 VLEK); minimum
   * TCB as five bytes fmc, boot loader, TEE, SNP, microcode; minimum firmware as three bytes
   * major, minor, build; minimum report version as one byte.
   */
  public byte[] canonicalEncoding() {
    return encoding.clone();
  }

  /** TEE_POLICY_HASH: SHA-256 of {@link #canonicalEncoding()} (32 bytes, a copy). */
  public byte[] hash() {
    return hash.clone();
  }

  /** {@link #hash()} as lower-case hex. */
  public String hashHex() {
    return Hex.encode(hash);
  }

  private byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(MAGIC);
    int productMask = 0;
    for (Product p : products) {
      productMask |= 1 << p.ordinal();
    }
    out.write(productMask);
    out.write((anyMeasurement ? 1 : 0) | (allowDebug ? 2 : 0) | (allowMigrateMa ? 4 : 0)
        | (hostData.isPresent() ? 8 : 0));
    out.write(measurements.size() >>> 8);
    out.write(measurements.size() & 0xFF);
    measurements.forEach(out::writeBytes);
    hostData.ifPresent(out::writeBytes);
    int vmplMask = 0;
    for (int v : vmpls) {
      vmplMask |= 1 << v;
    }
    out.write(vmplMask);
    out.write((signingKeys.contains(SigningKey.VCEK) ? 1 : 0)
        | (signingKeys.contains(SigningKey.VLEK) ? 2 : 0));
    out.write(minimumTcb.fmc());
    out.write(minimumTcb.bootloader());
    out.write(minimumTcb.tee());
    out.write(minimumTcb.snp());
    out.write(minimumTcb.microcode());
    out.write(minimumFirmware.major());
    out.write(minimumFirmware.minor());
    out.write(minimumFirmware.build());
    out.write(minimumReportVersion);
    return out.toByteArray();
  }

  /** The policy document (JSON, format version 1; see docs/attestation.md), pretty-printed. */
  public String toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("version", FORMAT_VERSION);
    JsonArray productArray = new JsonArray();
    EnumSet.copyOf(products).forEach(p -> productArray.add(p.kdsName()));
    o.add("products", productArray);
    if (anyMeasurement) {
      o.addProperty("acceptAnyMeasurementInsecure", true);
    } else {
      JsonArray m = new JsonArray();
      measurements.forEach(v -> m.add(Hex.encode(v)));
      o.add("measurements", m);
    }
    hostData.ifPresent(h -> o.addProperty("hostData", Hex.encode(h)));
    o.addProperty("allowDebug", allowDebug);
    o.addProperty("allowMigrateMa", allowMigrateMa);
    JsonArray vmplArray = new JsonArray();
    new TreeSet<>(vmpls).forEach(vmplArray::add);
    o.add("vmpls", vmplArray);
    JsonArray keys = new JsonArray();
    EnumSet.copyOf(signingKeys).forEach(k -> keys.add(k.name()));
    o.add("signingKeys", keys);
    JsonObject tcb = new JsonObject();
    tcb.addProperty("fmc", minimumTcb.fmc());
    tcb.addProperty("bootloader", minimumTcb.bootloader());
    tcb.addProperty("tee", minimumTcb.tee());
    tcb.addProperty("snp", minimumTcb.snp());
    tcb.addProperty("microcode", minimumTcb.microcode());
    o.add("minimumTcb", tcb);
    JsonObject fw = new JsonObject();
    fw.addProperty("major", minimumFirmware.major());
    fw.addProperty("minor", minimumFirmware.minor());
    fw.addProperty("build", minimumFirmware.build());
    o.add("minimumFirmware", fw);
    o.addProperty("minimumReportVersion", minimumReportVersion);
    return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(o);
  }

  /**
   * Parses a policy document (JSON, format version 1) of at most {@link #MAX_DOCUMENT_CHARS}
   * characters with the shared strict reader. Unknown keys, wrong types, out-of-range values, a
   * document that neither lists measurements nor waives them, and any JSON the strict reader
   * refuses (comments, duplicate keys, trailing data, lenient syntax, excess depth) are refused;
   * omitted optional keys take the builder defaults.
   *
   * @throws AttestationException {@code SNP_POLICY_DOCUMENT_INVALID}
   */
  public static TeePolicy parseJson(String json) throws AttestationException {
    requireNonNull(json, "json");
    try {
      JsonObject o = StrictJsonReader.parseObject(
          json, MAX_DOCUMENT_CHARS, "policy document", IllegalArgumentException::new);
      for (String key : o.keySet()) {
        if (!JSON_KEYS.contains(key)) {
          throw invalid("unknown key '" + key + "'");
        }
      }
      if (!o.has("version") || integer(o.get("version"), "version") != FORMAT_VERSION) {
        throw invalid("'version' must be " + FORMAT_VERSION);
      }
      Builder b = builder();
      if (o.has("products")) {
        EnumSet<Product> products = EnumSet.noneOf(Product.class);
        for (JsonElement e : array(o, "products")) {
          String name = string(e, "products");
          products.add(Product.fromName(name).filter(p -> p.kdsName().equals(name))
              .orElseThrow(() -> invalid("unknown product '" + name + "'")));
        }
        b.products(products);
      }
      boolean any = o.has("acceptAnyMeasurementInsecure")
          && bool(o.get("acceptAnyMeasurementInsecure"), "acceptAnyMeasurementInsecure");
      if (any && o.has("measurements")) {
        throw invalid("'measurements' and 'acceptAnyMeasurementInsecure' exclude each other");
      }
      if (any) {
        b.acceptAnyMeasurementInsecure();
      } else if (o.has("measurements")) {
        for (JsonElement e : array(o, "measurements")) {
          b.allowMeasurement(hex(e, "measurements", MEASUREMENT_BYTES));
        }
      }
      if (o.has("hostData")) {
        b.hostData(hex(o.get("hostData"), "hostData", HOST_DATA_BYTES));
      }
      if (o.has("allowDebug")) {
        b.allowDebug(bool(o.get("allowDebug"), "allowDebug"));
      }
      if (o.has("allowMigrateMa")) {
        b.allowMigrateMa(bool(o.get("allowMigrateMa"), "allowMigrateMa"));
      }
      if (o.has("vmpls")) {
        List<Integer> vmpls = new ArrayList<>();
        for (JsonElement e : array(o, "vmpls")) {
          vmpls.add(integer(e, "vmpls"));
        }
        b.vmpls(vmpls);
      }
      if (o.has("signingKeys")) {
        EnumSet<SigningKey> keys = EnumSet.noneOf(SigningKey.class);
        for (JsonElement e : array(o, "signingKeys")) {
          String name = string(e, "signingKeys");
          if (!name.equals("VCEK") && !name.equals("VLEK")) {
            throw invalid("unknown signing key '" + name + "'");
          }
          keys.add(SigningKey.valueOf(name));
        }
        b.signingKeys(keys);
      }
      if (o.has("minimumTcb")) {
        JsonObject t = object(o, "minimumTcb", Set.of("fmc", "bootloader", "tee", "snp", "microcode"));
        b.minimumTcb(new MinimumTcb(optInt(t, "fmc"), optInt(t, "bootloader"), optInt(t, "tee"),
            optInt(t, "snp"), optInt(t, "microcode")));
      }
      if (o.has("minimumFirmware")) {
        JsonObject f = object(o, "minimumFirmware", Set.of("major", "minor", "build"));
        b.minimumFirmware(
            new FirmwareVersion(optInt(f, "major"), optInt(f, "minor"), optInt(f, "build")));
      }
      if (o.has("minimumReportVersion")) {
        b.minimumReportVersion(integer(o.get("minimumReportVersion"), "minimumReportVersion"));
      }
      return b.build();
    } catch (JsonParseException | IllegalArgumentException | IllegalStateException e) {
      throw new AttestationException(ErrorCode.SNP_POLICY_DOCUMENT_INVALID,
          "policy document is invalid: " + e.getMessage(), e);
    }
  }

  private static IllegalArgumentException invalid(String message) {
    return new IllegalArgumentException(message);
  }

  private static JsonArray array(JsonObject o, String key) {
    JsonElement e = o.get(key);
    if (!e.isJsonArray()) {
      throw invalid("'" + key + "' must be an array");
    }
    return e.getAsJsonArray();
  }

  private static JsonObject object(JsonObject o, String key, Set<String> keys) {
    JsonElement e = o.get(key);
    if (!e.isJsonObject()) {
      throw invalid("'" + key + "' must be an object");
    }
    for (String k : e.getAsJsonObject().keySet()) {
      if (!keys.contains(k)) {
        throw invalid("unknown key '" + key + "." + k + "'");
      }
    }
    return e.getAsJsonObject();
  }

  private static int optInt(JsonObject o, String key) {
    return o.has(key) ? integer(o.get(key), key) : 0;
  }

  private static int integer(JsonElement e, String key) {
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      throw invalid("'" + key + "' must be an integer");
    }
    try {
      return e.getAsJsonPrimitive().getAsBigDecimal().intValueExact();
    } catch (ArithmeticException ex) {
      throw invalid("'" + key + "' must be an integer");
    }
  }

  private static boolean bool(JsonElement e, String key) {
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
      throw invalid("'" + key + "' must be true or false");
    }
    return e.getAsBoolean();
  }

  private static String string(JsonElement e, String key) {
    if (!e.isJsonPrimitive() || !((JsonPrimitive) e).isString()) {
      throw invalid("'" + key + "' entries must be strings");
    }
    return e.getAsString();
  }

  private static byte[] hex(JsonElement e, String key, int size) {
    String s = string(e, key);
    byte[] value = Hex.decode(s.trim());
    if (value.length != size) {
      throw invalid("'" + key + "' values are " + size + " bytes of hex, got " + value.length);
    }
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TeePolicy other && MessageDigest.isEqual(encoding, other.encoding);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(hash);
  }

  @Override
  public String toString() {
    return "TeePolicy[" + hashHex() + "]";
  }

  /** Builder for {@link TeePolicy}; not thread-safe. */
  public static final class Builder {
    private Set<Product> products = EnumSet.allOf(Product.class);
    private final List<byte[]> measurements = new ArrayList<>();
    private boolean anyMeasurement;
    private byte[] hostData;
    private boolean allowDebug;
    private boolean allowMigrateMa;
    private Set<Integer> vmpls = Set.of(0);
    private Set<SigningKey> signingKeys = EnumSet.of(SigningKey.VCEK, SigningKey.VLEK);
    private MinimumTcb minimumTcb = MinimumTcb.NONE;
    private FirmwareVersion minimumFirmware = new FirmwareVersion(0, 0, 0);
    private int minimumReportVersion = 2;

    private Builder() {}

    /** Allowed products (non-empty); default all. */
    public Builder products(Collection<Product> products) {
      requireNonNull(products, "products");
      if (products.isEmpty()) {
        throw new IllegalArgumentException("at least one product must be allowed");
      }
      this.products = EnumSet.copyOf(products);
      return this;
    }

    /** Adds an allowed launch MEASUREMENT (48 bytes). */
    public Builder allowMeasurement(byte[] measurement) {
      measurements.add(Bytes.requireLength(measurement, MEASUREMENT_BYTES, "measurement").clone());
      return this;
    }

    /** Adds allowed launch measurements (48 bytes each). */
    public Builder allowMeasurements(Collection<byte[]> measurements) {
      requireNonNull(measurements, "measurements").forEach(this::allowMeasurement);
      return this;
    }

    /**
     * Accepts any launch measurement.
     *
     * <p><b>Security:</b> the measurement is what proves which code runs; without it any guest
     * image on genuine hardware passes. Use only to inspect reports.
     */
    public Builder acceptAnyMeasurementInsecure() {
      this.anyMeasurement = true;
      return this;
    }

    /** Pins HOST_DATA (32 bytes). */
    public Builder hostData(byte[] hostData) {
      this.hostData = Bytes.requireLength(hostData, HOST_DATA_BYTES, "HOST_DATA").clone();
      return this;
    }

    /**
     * Whether guests that allow DEBUG are accepted; default false. A debuggable guest's memory is
     * readable by the host, so its keys are not secret.
     */
    public Builder allowDebug(boolean allow) {
      this.allowDebug = allow;
      return this;
    }

    /** Whether guests that allow a migration agent are accepted; default false. */
    public Builder allowMigrateMa(boolean allow) {
      this.allowMigrateMa = allow;
      return this;
    }

    /** Allowed VMPLs (each 0..3, non-empty); default {0}. */
    public Builder vmpls(Collection<Integer> vmpls) {
      requireNonNull(vmpls, "vmpls");
      if (vmpls.isEmpty()) {
        throw new IllegalArgumentException("at least one VMPL must be allowed");
      }
      for (int v : vmpls) {
        if (v < 0 || v > 3) {
          throw new IllegalArgumentException("VMPL must be 0..3, got " + v);
        }
      }
      this.vmpls = Set.copyOf(vmpls);
      return this;
    }

    /** Allowed signing keys (VCEK and/or VLEK, non-empty); default both. */
    public Builder signingKeys(Collection<SigningKey> keys) {
      requireNonNull(keys, "keys");
      if (keys.isEmpty() || keys.contains(SigningKey.NONE)) {
        throw new IllegalArgumentException("signing keys must be a non-empty set of VCEK, VLEK");
      }
      this.signingKeys = EnumSet.copyOf(keys);
      return this;
    }

    /** Minimum REPORTED_TCB per component; default none. */
    public Builder minimumTcb(MinimumTcb minimum) {
      this.minimumTcb = requireNonNull(minimum, "minimum");
      return this;
    }

    /** Minimum running firmware; default 0.0 build 0. */
    public Builder minimumFirmware(FirmwareVersion minimum) {
      this.minimumFirmware = requireNonNull(minimum, "minimum");
      return this;
    }

    /** Minimum report VERSION (2..5); default 2. */
    public Builder minimumReportVersion(int version) {
      if (version < 2 || version > 5) {
        throw new IllegalArgumentException("minimum report version must be 2..5, got " + version);
      }
      this.minimumReportVersion = version;
      return this;
    }

    /**
     * The policy.
     *
     * @throws IllegalStateException when no measurement is allowed and none is waived, when
     *     both are given, or when more than 65535 measurements are listed
     */
    public TeePolicy build() {
      if (anyMeasurement == !measurements.isEmpty()) {
        throw new IllegalStateException(anyMeasurement
            ? "measurements are listed and also waived"
            : "allow at least one measurement or call acceptAnyMeasurementInsecure()");
      }
      if (measurements.size() > 0xFFFF) {
        throw new IllegalStateException("at most 65535 measurements");
      }
      return new TeePolicy(this);
    }
  }
}

package dev.mayfly.cert.bundle;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.mayfly.cert.CertVerificationException;
import dev.mayfly.cert.internal.Crypto;
import dev.mayfly.cert.internal.Json;
import dev.mayfly.common.ErrorCode;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * A Sigstore {@code trusted_root.json} ({@value #MEDIA_TYPE}) listing certificate authorities and
 * timestamp authorities for offline verification, with no transparency or CT logs (DESIGN.md
 * section 5). Each authority is a certificate chain, leaf-most first (for a TSA: its signing
 * certificate, then its root), valid from the first certificate's notBefore.
 *
 * @since 0.1.0
 */
public final class TrustedRoot {
  /** The trusted-root media type. */
  public static final String MEDIA_TYPE = "application/vnd.dev.sigstore.trustedroot+json;version=0.1";

  private final List<List<X509Certificate>> certificateAuthorities;
  private final List<List<X509Certificate>> timestampAuthorities;

  private TrustedRoot(List<List<X509Certificate>> cas, List<List<X509Certificate>> tsas) {
    this.certificateAuthorities = copy(cas);
    this.timestampAuthorities = copy(tsas);
  }

  /**
   * A trusted root with these authorities; each chain is leaf-most first.
   *
   * @throws IllegalArgumentException when a chain is empty
   */
  public static TrustedRoot of(
      List<List<X509Certificate>> certificateAuthorities,
      List<List<X509Certificate>> timestampAuthorities) {
    requireNonNull(certificateAuthorities, "certificateAuthorities");
    requireNonNull(timestampAuthorities, "timestampAuthorities");
    return new TrustedRoot(certificateAuthorities, timestampAuthorities);
  }

  private static List<List<X509Certificate>> copy(List<List<X509Certificate>> chains) {
    List<List<X509Certificate>> out = new ArrayList<>();
    for (List<X509Certificate> chain : chains) {
      if (chain.isEmpty()) {
        throw new IllegalArgumentException("an authority needs at least one certificate");
      }
      out.add(List.copyOf(chain));
    }
    return List.copyOf(out);
  }

  /** The certificate-authority chains. */
  public List<List<X509Certificate>> certificateAuthorities() {
    return certificateAuthorities;
  }

  /** The timestamp-authority chains. */
  public List<List<X509Certificate>> timestampAuthorities() {
    return timestampAuthorities;
  }

  /** Every certificate of every certificate-authority chain. */
  public List<X509Certificate> certificateAuthorityCertificates() {
    return certificateAuthorities.stream().flatMap(List::stream).toList();
  }

  /** Every certificate of every timestamp-authority chain. */
  public List<X509Certificate> timestampAuthorityCertificates() {
    return timestampAuthorities.stream().flatMap(List::stream).toList();
  }

  /** The trusted root as JSON. */
  JsonObject toJsonTree() {
    JsonObject root = new JsonObject();
    root.addProperty("mediaType", MEDIA_TYPE);
    root.add("tlogs", new JsonArray());
    root.add("certificateAuthorities", authorities(certificateAuthorities));
    root.add("ctlogs", new JsonArray());
    root.add("timestampAuthorities", authorities(timestampAuthorities));
    return root;
  }

  /** The trusted root as indented UTF-8 JSON. */
  public byte[] toJsonBytes() {
    return Json.pretty(toJsonTree());
  }

  private static JsonArray authorities(List<List<X509Certificate>> chains) {
    JsonArray array = new JsonArray();
    for (List<X509Certificate> chain : chains) {
      X509Certificate first = chain.get(0);
      JsonObject authority = new JsonObject();
      JsonObject subject = new JsonObject();
      X500Name name = X500Name.getInstance(first.getSubjectX500Principal().getEncoded());
      subject.addProperty("organization", attribute(name, BCStyle.O));
      subject.addProperty("commonName", attribute(name, BCStyle.CN));
      authority.add("subject", subject);
      authority.addProperty("uri", "urn:mayfly:authority:"
          + first.getSerialNumber().toString(16));
      JsonObject certChain = new JsonObject();
      JsonArray certificates = new JsonArray();
      for (X509Certificate certificate : chain) {
        JsonObject raw = new JsonObject();
        try {
          raw.add("rawBytes", Json.base64(certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
          throw new IllegalStateException("cannot encode certificate", e);
        }
        certificates.add(raw);
      }
      certChain.add("certificates", certificates);
      authority.add("certChain", certChain);
      JsonObject validFor = new JsonObject();
      validFor.addProperty("start", first.getNotBefore().toInstant().toString());
      authority.add("validFor", validFor);
      array.add(authority);
    }
    return array;
  }

  private static String attribute(X500Name name, org.bouncycastle.asn1.ASN1ObjectIdentifier oid) {
    RDN[] rdns = name.getRDNs(oid);
    return rdns.length == 0 ? "" : IETFUtils.valueToString(rdns[0].getFirst().getValue());
  }

  /**
   * Parses a trusted root's certificate and timestamp authorities (logs are ignored; the
   * {@code validFor} windows must parse).
   *
   * @throws CertVerificationException {@link ErrorCode#CERT_BUNDLE_MALFORMED} when it does not parse
   */
  public static TrustedRoot parseJson(byte[] json) throws CertVerificationException {
    requireNonNull(json, "json");
    try {
      JsonObject root = Json.parseObject(json, "trusted root");
      if (!MEDIA_TYPE.equals(Json.string(root, "mediaType"))) {
        throw new IllegalArgumentException("mediaType must be " + MEDIA_TYPE);
      }
      return new TrustedRoot(parseAuthorities(root, "certificateAuthorities"),
          parseAuthorities(root, "timestampAuthorities"));
    } catch (IllegalArgumentException | CertificateException | DateTimeParseException e) {
      throw new CertVerificationException(
          ErrorCode.CERT_BUNDLE_MALFORMED, "trusted root: " + e.getMessage(), e);
    }
  }

  private static List<List<X509Certificate>> parseAuthorities(JsonObject root, String name)
      throws CertificateException {
    List<List<X509Certificate>> chains = new ArrayList<>();
    if (!root.has(name)) {
      return chains;
    }
    for (JsonElement element : Json.array(root, name)) {
      if (!element.isJsonObject()) {
        throw new IllegalArgumentException(name + " entries must be objects");
      }
      JsonObject authority = element.getAsJsonObject();
      if (authority.has("validFor")) {
        JsonObject validFor = Json.object(authority, "validFor");
        if (validFor.has("start")) {
          Instant.parse(Json.string(validFor, "start"));
        }
      }
      List<X509Certificate> chain = new ArrayList<>();
      for (JsonElement cert : Json.array(Json.object(authority, "certChain"), "certificates")) {
        if (!cert.isJsonObject()) {
          throw new IllegalArgumentException("certificates entries must be objects");
        }
        chain.add(Crypto.parseCertificate(Json.base64(cert.getAsJsonObject(), "rawBytes")));
      }
      if (chain.isEmpty()) {
        throw new IllegalArgumentException(name + " entry has no certificate");
      }
      // The JDK accepts names whose strings do not decode (a UTF8String that is not UTF-8);
      // writing the root back names its authorities, so such a name is malformed here.
      for (X509Certificate certificate : chain) {
        X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()).toString();
      }
      chains.add(chain);
    }
    return chains;
  }

  @Override
  public String toString() {
    return "TrustedRoot[" + certificateAuthorities.size() + " CA, " + timestampAuthorities.size()
        + " TSA]";
  }
}

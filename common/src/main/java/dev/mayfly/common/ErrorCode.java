package dev.mayfly.common;

/**
 * Every stable failure code of Mayfly.
 *
 * <p>Names are stable and are never reused or renamed; new codes are only added. Each constant's
 * Javadoc says what failed and whether retrying can help ({@link #isRetryable()}). Codes are
 * grouped by the module that raises them; the prefix names the area.
 *
 * @since 0.1.0
 */
public enum ErrorCode {
  // ---------------------------------------------------------------- transport-spi

  /**
   * An envelope's (or an echo's) bytes do not follow the encoding: wrong length, version, field
   * range or trailing bytes. Bytes nobody signed name nobody (the inbox drops and counts them); a
   * signed echo whose payload does not decode names its signer. Not retryable.
   */
  TRANSPORT_MALFORMED_ENVELOPE(false),

  /** A signed envelope belongs to another session. Names the sender. Not retryable. */
  TRANSPORT_WRONG_SESSION(false),

  /**
   * A signed envelope is for a round the receiver had finished without it, a round not in the
   * receiver's schedule, or a round its sender takes no part in. Names the sender, with the
   * envelope as evidence. Not retryable.
   */
  TRANSPORT_WRONG_ROUND(false),

  /**
   * An envelope names a sender outside the session's roster, the receiver itself, or a party whose
   * identity key is not admitted. Names nobody (the claimed sender is unauthenticated); the inbox
   * drops and counts such envelopes. Not retryable.
   */
  TRANSPORT_UNKNOWN_SENDER(false),

  /**
   * A signed envelope is addressed to another party. Names nobody: a relay can deliver a valid
   * envelope to the wrong party; the inbox drops and counts it. Not retryable.
   */
  TRANSPORT_WRONG_RECIPIENT(false),

  /**
   * An envelope's Ed25519 signature does not verify under the sender's identity key (forged or
   * corrupted in transit). Names nobody; the inbox drops and counts such envelopes. Not retryable.
   */
  TRANSPORT_BAD_SIGNATURE(false),

  /**
   * A sender signed two different envelopes with one sequence number. Names the sender, with both
   * envelopes as evidence. Not retryable.
   */
  TRANSPORT_REPLAYED_SEQUENCE(false),

  /** The sender advertises a TEE policy hash other than the local pin. Names the sender. Not retryable. */
  TRANSPORT_POLICY_HASH_MISMATCH(false),

  /**
   * A sender signed two different envelopes for one round and one recipient (or two broadcasts),
   * shown by both envelopes: one receiver got both, or the ceremony's abort agreement brought
   * together the copies different parties got. Names the sender. Not retryable.
   */
  TRANSPORT_EQUIVOCATION(false),

  /** No message arrived before the deadline; names the silent parties. Retrying may help. */
  TRANSPORT_TIMEOUT(true),

  /** The transport was closed or cancelled; nothing more can be sent or received on it. Not retryable. */
  TRANSPORT_CLOSED(false),

  /**
   * No transport was passed in and no usable provider was found by discovery; the message says
   * what to add. Not retryable.
   */
  TRANSPORT_NO_PROVIDER(false),

  /**
   * A peer announced, in an authenticated abort envelope, that it aborted the session. The
   * exception ({@code PeerAbortedException}) carries that envelope; the protocol on top decodes
   * what the peer reported. Names no culprit itself. Not retryable.
   */
  TRANSPORT_PEER_ABORTED(false),

  /**
   * Echo broadcast found that another party saw a different broadcast envelope than the receiver.
   * Names nobody: the sender may have equivocated or the echoing party may lie; the ceremony's
   * abort agreement turns it into {@link #TRANSPORT_EQUIVOCATION} when both signed envelopes
   * surface. Not retryable.
   */
  TRANSPORT_ECHO_MISMATCH(false),

  /**
   * A validly signed envelope has the wrong shape for its round: point to point in a broadcast
   * round, or the reverse. Names the sender, with the envelope as evidence. Not retryable.
   */
  TRANSPORT_WRONG_SHAPE(false),

  // ---------------------------------------------------------------- transport-grpc

  /**
   * A TLS peer is not attested: it presented not exactly one self-signed P-256 certificate, a
   * certificate outside its validity, no evidence extension, evidence that does not decode, does
   * not verify (a forged or expired VCEK, an untrusted root) or does not satisfy the local TEE
   * policy, or a REPORT_DATA that does not bind the presented TLS key and the local policy hash.
   * The connection is refused during the TLS handshake; the cause holds the attestation failure
   * and its {@code SNP_*} code. Names the peer when it is known (connections this party opens).
   * Not retryable: only a change of the peer's evidence or of the local policy helps.
   */
  TRANSPORT_PEER_NOT_ATTESTED(false),

  /**
   * A peer could not be reached or did not take a message before the call deadline: connection
   * refused or reset, a TLS handshake the peer ended (it may have refused this party's evidence;
   * its own log says why), a network outage, the deadline, or the peer's buffers full. Names the
   * peer. Retrying may help.
   */
  TRANSPORT_PEER_UNREACHABLE(true),

  /**
   * A party node could not listen on its configured address (in use, not permitted, not a local
   * address). Local; names nobody. Not retryable as is: free the address or configure another.
   */
  TRANSPORT_LISTEN_FAILED(false),


  // ---------------------------------------------------------------- mpc-core

  /**
   * A protocol message's bytes do not follow its encoding: unknown format version or message
   * type, wrong length, trailing bytes, or a commitment count that differs from the threshold.
   * Names the sender when the header could be read. Not retryable.
   */
  MPC_MALFORMED_MESSAGE(false),

  /** A message names another ciphersuite than the session runs. Names the sender. Not retryable. */
  MPC_WRONG_CIPHERSUITE(false),

  /**
   * A group element is not the canonical encoding of a point of the prime-order group, or is the
   * identity or a small-order point (RFC 9591 §4, DeserializeElement). Names the sender. Not
   * retryable.
   */
  MPC_INVALID_ELEMENT(false),

  /**
   * A scalar is not a canonical encoding below the group order (RFC 9591 §4, DeserializeScalar).
   * Names the sender. Not retryable.
   */
  MPC_INVALID_SCALAR(false),

  /**
   * A message came from a party outside the roster or signer set, repeats a sender already heard
   * in that round, is addressed to another party, or arrived in a state that cannot take it.
   * Names the sender. Not retryable.
   */
  MPC_UNEXPECTED_MESSAGE(false),

  /**
   * A DKG round-1 Schnorr proof of knowledge does not verify (or, in a threshold ECDSA key
   * generation, the OR proofs of a peer's base-OT receiver message in round 2 do not). Names the
   * sender. Not retryable.
   */
  MPC_INVALID_PROOF_OF_KNOWLEDGE(false),

  /**
   * A DKG round-2 secret share does not match its sender's Feldman commitments. Names the sender.
   * Not retryable.
   */
  MPC_INVALID_SECRET_SHARE(false),

  /**
   * A FROST signature share fails verification (RFC 9591 §5.4); the culprits are the signers whose
   * shares failed. Not retryable with the same shares.
   */
  MPC_INVALID_SIGNATURE_SHARE(false),

  /**
   * A signing package is inconsistent: the signer's own commitment is missing or different, a
   * signer is listed twice or is not in the key, or fewer than the threshold sign. Not retryable.
   */
  MPC_INVALID_SIGNING_PACKAGE(false),

  /**
   * A group signature (FROST Schnorr, or threshold ECDSA) is malformed or does not verify under the
   * given public key. Not retryable.
   */
  MPC_INVALID_SIGNATURE(false),

  /**
   * Single-use signing nonces or session secrets were used a second time (or after they were
   * destroyed), or a peer replayed the OT-extension session nonce of an earlier threshold ECDSA
   * session; names the party whose nonces they were. Not retryable: start a new signing session
   * with fresh nonces.
   */
  MPC_NONCE_REUSED(false),

  /**
   * Threshold ECDSA: the KOS OT-extension consistency check on a peer's first signing message
   * fails, so the peer (the OT receiver) used inconsistent choice bits. Names the peer. Not
   * retryable.
   */
  MPC_OT_CONSISTENCY_FAILED(false),

  /**
   * Threshold ECDSA: a peer's multiplication message fails the DKLs19 consistency check, or the
   * peer's Gamma values do not match its instance point and public key share (DKLs23 Protocol 3.6,
   * step 8). Names the peer. Not retryable.
   */
  MPC_MULTIPLICATION_CHECK_FAILED(false),

  /**
   * Threshold ECDSA: the instance point a peer opened in round 2 does not match its round-1
   * commitment. Names the peer. Not retryable.
   */
  MPC_COMMITMENT_MISMATCH(false),

  /**
   * Threshold ECDSA: the signers' shares do not combine, because their public key shares do not
   * add up to the group key or their final shares give a signature that does not verify. DKLs23
   * cannot tell which signer lied in these steps, so no culprit is named. Not retryable with the
   * same signers.
   */
  MPC_ECDSA_SHARES_INCONSISTENT(false),

  /**
   * Threshold ECDSA: this key share already saw an OT-extension or multiplication check fail
   * with the named peer, so the pair's OT setup is poisoned for good and every later session with
   * that peer is refused before any secret-dependent work. Names the peer. Not retryable with this
   * key share: discard the key share and run a new key generation without that peer.
   */
  MPC_ECDSA_PAIR_POISONED(false),

  /**
   * Threshold ECDSA: a signer showed different round-1 commitments, instance points or public key
   * shares to different signers, detected by the digests echoed in rounds 2 and 3. Names the
   * signers this party has direct evidence against (a signer whose own claim differs from what it
   * sent this party, or who misreports what this party sent it); names nobody when this party only
   * sees two other signers disagree. Not retryable with the same signers.
   */
  MPC_ECDSA_EQUIVOCATION(false),

  // ---------------------------------------------------------------- attestation-snp

  // abi (bytes to a typed report)
  /** An attestation report is shorter than the 1184 bytes of the SEV-SNP ABI report structure. Not retryable. */
  SNP_REPORT_TRUNCATED(false),

  /** An attestation report is longer than the 1184 bytes of the SEV-SNP ABI report structure. Not retryable. */
  SNP_REPORT_OVERSIZED(false),

  /** An attestation report has a VERSION other than 2, 3 or 5. Not retryable. */
  SNP_REPORT_VERSION_UNSUPPORTED(false),

  /** A must-be-zero range of an attestation report holds a non-zero byte. Not retryable. */
  SNP_REPORT_RESERVED_NONZERO(false),

  /** An attestation report field has a value the ABI forbids (guest policy bit 17 clear, reserved policy bits set, VMPL above 3, unknown signing key). Not retryable. */
  SNP_REPORT_FIELD_INVALID(false),

  /** An attestation report names a signature algorithm other than 1 (ECDSA P-384 with SHA-384). Not retryable. */
  SNP_SIGNATURE_ALGORITHM_UNSUPPORTED(false),

  /** The processor product (Milan, Genoa, Turin) could not be determined from the report, the caller or the certificate. Not retryable. */
  SNP_PRODUCT_UNKNOWN(false),

  // verify (is it authentic?)
  /** A VCEK, VLEK, ASK, ASVK or ARK certificate is not well-formed DER X.509. Not retryable. */
  SNP_CERT_MALFORMED(false),

  /** A certificate of the AMD chain has the wrong shape (version, signature algorithm and PSS parameters, key type or curve). Not retryable. */
  SNP_CERT_SHAPE_INVALID(false),

  /** An AMD VCEK/VLEK extension (structVersion, productName, SPLs, hwID, cspID) is missing, malformed or inconsistent. Not retryable. */
  SNP_CERT_EXTENSION_INVALID(false),

  /** A certificate of the AMD chain carries a critical extension the verifier does not understand. Not retryable. */
  SNP_CERT_UNKNOWN_CRITICAL_EXTENSION(false),

  /** A certificate's issuer is not the subject of the certificate above it (for example a Turin VCEK under a Genoa ASK). Not retryable. */
  SNP_CERT_ISSUER_MISMATCH(false),

  /** A certificate's RSASSA-PSS signature does not verify under its issuer's key. Not retryable. */
  SNP_CERT_SIGNATURE_INVALID(false),

  /** The verification time lies outside a certificate's validity period. Not retryable at the same time. */
  SNP_CERT_OUTSIDE_VALIDITY(false),

  /** No VCEK or VLEK was supplied and no certificate fetcher is configured (the verifier is offline by default). Not retryable. */
  SNP_CERT_MISSING(false),

  /** The chain ends at a root that is neither a pinned AMD ARK nor an accepted simulated root. Not retryable. */
  SNP_ROOT_UNTRUSTED(false),

  /** The report's product, the caller's product and the certificates' product disagree. Not retryable. */
  SNP_PRODUCT_MISMATCH(false),

  /** The report's signer info (VCEK, VLEK, none) disagrees with the endorsement certificate supplied. Not retryable. */
  SNP_SIGNING_KEY_MISMATCH(false),

  /** The VCEK's hwID differs from the report's CHIP_ID: the report comes from another chip. Not retryable. */
  SNP_CHIP_ID_MISMATCH(false),

  /** The endorsement certificate's SPLs differ from the report's REPORTED_TCB. Not retryable. */
  SNP_TCB_MISMATCH(false),

  /** The report's ECDSA P-384 signature does not verify under the VCEK/VLEK, or the report is unsigned. Not retryable. */
  SNP_SIGNATURE_INVALID(false),

  /** The evidence chains to a simulated root and the verifier was not opted in to simulated evidence. Not retryable. */
  SNP_SIMULATED_EVIDENCE_REFUSED(false),

  /** A CRL is malformed, not issued by the chain's ARK, or its signature does not verify. Not retryable. */
  SNP_CRL_INVALID(false),

  /** A CRL's nextUpdate lies before the verification time (or its thisUpdate after it). Retrying with a fresh CRL may help. */
  SNP_CRL_STALE(false),

  /** The CRL lists the chain's ASK or ASVK as revoked. Not retryable. */
  SNP_CERT_REVOKED(false),

  /** A revocation check is required but no CRL was supplied or could be fetched. Retrying may help. */
  SNP_CRL_UNAVAILABLE(true),

  // kds (certificate fetching)
  /** The AMD key distribution service could not be reached or answered with a server error. Retrying may help. */
  SNP_KDS_UNAVAILABLE(true),

  /** The AMD key distribution service kept answering HTTP 429 after the configured retries. Retrying later may help. */
  SNP_KDS_RATE_LIMITED(true),

  /** The AMD key distribution service has no certificate for the request (HTTP 4xx other than 429). Not retryable. */
  SNP_KDS_NOT_FOUND(false),

  // evidence (obtaining reports)
  /** A GHCB certificate table (configfs-tsm auxblob) is malformed: bad terminator, offsets or lengths out of range, duplicate GUIDs. Not retryable. */
  SNP_CERT_TABLE_MALFORMED(false),

  /** No SEV-SNP evidence source is available here (no configfs-tsm report directory, or another provider behind it). Not retryable. */
  SNP_EVIDENCE_UNAVAILABLE(false),

  /** Reading or writing the configfs-tsm report files failed. Retrying may help. */
  SNP_EVIDENCE_IO(true),

  /** Another writer changed the configfs-tsm report entry while the report was read (generation moved). Retrying may help. */
  SNP_EVIDENCE_GENERATION_CONFLICT(true),

  /** The report returned by the platform does not carry the REPORT_DATA that was asked for. Not retryable. */
  SNP_EVIDENCE_MISMATCH(false),

  // validate (is it acceptable?)
  /** A TEE policy document (JSON) is malformed, has unknown fields or out-of-range values. Not retryable. */
  SNP_POLICY_DOCUMENT_INVALID(false),

  /** A verified report breaks several rules of the TEE policy at once; each is listed in the exception. Not retryable. */
  SNP_POLICY_VIOLATED(false),

  /** The report's product is not in the policy's allowed products. Not retryable. */
  SNP_PRODUCT_NOT_ALLOWED(false),

  /** The report's launch MEASUREMENT is not in the policy's allow-list. Not retryable. */
  SNP_MEASUREMENT_MISMATCH(false),

  /** The report's HOST_DATA differs from the expected value. Not retryable. */
  SNP_HOST_DATA_MISMATCH(false),

  /** The report's REPORT_DATA differs from the value expected for this session and party. Not retryable. */
  SNP_REPORT_DATA_MISMATCH(false),

  /** The report was requested at a VMPL the policy does not allow. Not retryable. */
  SNP_VMPL_NOT_ALLOWED(false),

  /** The guest policy allows DEBUG and the TEE policy does not. Not retryable. */
  SNP_DEBUG_NOT_ALLOWED(false),

  /** The guest policy allows a migration agent and the TEE policy does not. Not retryable. */
  SNP_MIGRATE_MA_NOT_ALLOWED(false),

  /** A component of the REPORTED_TCB is below the policy's minimum. Not retryable. */
  SNP_TCB_TOO_LOW(false),

  /** The SEV-SNP firmware version is below the policy's minimum. Not retryable. */
  SNP_FIRMWARE_TOO_OLD(false),

  /** The report VERSION is below the policy's minimum. Not retryable. */
  SNP_REPORT_VERSION_TOO_OLD(false),

  /** The report is signed by a key kind (VCEK or VLEK) the policy does not allow. Not retryable. */
  SNP_SIGNING_KEY_NOT_ALLOWED(false),


  // ---------------------------------------------------------------- cert-ephemeral

  /** The threshold signing function failed to produce a signature; see culprits(). A new session may succeed. */
  CERT_SIGNING_FAILED(false),

  /** A signature (certificate, CSR or artifact) does not verify under the group or issuer key. Not retryable. */
  CERT_SIGNATURE_INVALID(false),

  /** A certificate signing request is malformed, badly signed or asks for another profile. Not retryable. */
  CERT_CSR_INVALID(false),

  /** The issuer returned a certificate that does not match the request (key, extensions, validity, chain). */
  CERT_ISSUED_CERTIFICATE_INVALID(false),

  /** The time-stamping authority could not be reached or answered with an HTTP error. Retrying may help. */
  CERT_TSA_UNAVAILABLE(true),

  /** The time-stamping authority refused the request (PKIStatus rejection). Not retryable as is. */
  CERT_TSA_REJECTED(false),

  /** An RFC 3161 timestamp is malformed, untrusted, badly signed, or over other data. Not retryable. */
  CERT_TIMESTAMP_INVALID(false),

  /** The timestamp's time lies outside the certificate's validity window. Not retryable. */
  CERT_TIMESTAMP_OUTSIDE_VALIDITY(false),

  /** The bundle has no timestamp and the verifier requires one. Not retryable. */
  CERT_TIMESTAMP_MISSING(false),

  /** The certificate is not valid at the verification time and no timestamp vouches for it. Not retryable. */
  CERT_EXPIRED(false),

  /** A Sigstore bundle or trusted root cannot be parsed or breaks the bundle rules. Not retryable. */
  CERT_BUNDLE_MALFORMED(false),

  /** The certificate breaks the ephemeral certificate profile (key usage, validity cap, extensions). */
  CERT_PROFILE_VIOLATION(false),

  /** A CA-issued certificate does not chain to a trusted certificate authority. Not retryable. */
  CERT_CHAIN_UNTRUSTED(false),

  /** The artifact's digest differs from the one the bundle or statement signs. Not retryable. */
  CERT_ARTIFACT_MISMATCH(false),

  /** The signature over the artifact (or its DSSE statement) does not verify under the certificate's key. */
  CERT_ARTIFACT_SIGNATURE_INVALID(false),

  /** An evidence document cannot be parsed or has an unknown version. Not retryable. */
  CERT_EVIDENCE_MALFORMED(false),

  /** The evidence document's session part does not hash to the digest it states. Not retryable. */
  CERT_EVIDENCE_TAMPERED(false),

  /** The certificate's evidence digest extension differs from the evidence document's digest. */
  CERT_EVIDENCE_DIGEST_MISMATCH(false),

  /** The certificate's approvals digest extension differs from the digest of the evidence's approvals. */
  CERT_APPROVALS_DIGEST_MISMATCH(false),

  /** A Mayfly extension (session id, threshold) differs from the evidence document. Not retryable. */
  CERT_EXTENSION_MISMATCH(false),

  /** The TEE policy hash (certificate, evidence or policy document) differs from the pin. Not retryable. */
  CERT_POLICY_HASH_MISMATCH(false),

  /** A party's attestation report does not bind the session keys it claims; see culprits(). */
  CERT_REPORT_DATA_MISMATCH(false),

  /** Two parties' reports carry the same unmasked CHIP_ID: one machine played several parties. */
  CERT_DUPLICATE_CHIP_ID(false),

  /** A party's destruction receipt is missing, invalid or bound to another transcript; see culprits(). */
  CERT_DESTRUCTION_RECEIPT_INVALID(false),

  /** The evidence is simulated and the verifier was not told to accept simulated evidence. */
  CERT_SIMULATED_EVIDENCE_REFUSED(false),

  /**
   * The evidence records another approval policy (approver keys and quorum) than the one the
   * verifier pins: the session was approved under approvers the verifier does not trust. Not
   * retryable.
   */
  CERT_APPROVAL_POLICY_MISMATCH(false),

  /**
   * A JAR to sign cannot be read as one unambiguous archive: not a ZIP file, corrupt or encrypted
   * data, an unreadable manifest, or local headers and central directory that disagree (hidden or
   * prepended entries). Not retryable.
   */
  CERT_JAR_MALFORMED(false),

  /**
   * A JAR to sign already carries a signature (a signature file, signature block or
   * {@code SIG-} file under META-INF, or digests in its manifest). Not retryable: strip the old
   * signature and have the result approved.
   */
  CERT_JAR_ALREADY_SIGNED(false),

  /** A JAR to sign holds two entries with the same name. Not retryable. */
  CERT_JAR_DUPLICATE_ENTRY(false),

  /**
   * A JAR entry cannot be signed so that the JDK verifies it: a name that a manifest cannot hold
   * (empty, or with NUL, CR or LF), a manifest under another spelling, a directory entry with
   * content, or an entry the JDK's own verifier does not accept. Not retryable.
   */
  CERT_JAR_ENTRY_UNSIGNABLE(false),

  /**
   * A JAR presented as signed in the JAR format has no signature, or an entry its signature does
   * not cover (an entry added after signing). Not retryable.
   */
  CERT_JAR_UNSIGNED_ENTRY(false),

  /**
   * An entry of a signed JAR does not match the digest its signed manifest records, or an entry
   * the signed manifest names is missing: the JAR was changed after signing. Not retryable.
   */
  CERT_JAR_ENTRY_TAMPERED(false),

  /**
   * A signed JAR carries more than one signature, or is signed under another certificate than the
   * release certificate the verifier expects. Not retryable.
   */
  CERT_JAR_SIGNER_MISMATCH(false),

  // ---------------------------------------------------------------- ceremony

  /**
   * A peer's attested hello names another session proposal than the local one (the host gave the
   * parties different proposals). Reported about that peer, never proven against it. Retrying
   * helps with one proposal for every party.
   */
  CEREMONY_PROPOSAL_MISMATCH(false),

  /**
   * The TEE policy hash of the session proposal differs from the local policy pin: the party
   * refuses before its hello. Reported; names nobody. Not retryable.
   */
  CEREMONY_POLICY_PIN_MISMATCH(false),

  /**
   * The proposal's approval policy (approver keys and quorum) is not the one the party is
   * configured with: the party refuses before its hello, whatever the approvals say. Reported;
   * names nobody. Not retryable.
   */
  CEREMONY_APPROVAL_POLICY_MISMATCH(false),

  /**
   * The proposal's algorithm is not one the party's ceremony limits allow; refused before the
   * hello. Reported; names nobody. Not retryable.
   */
  CEREMONY_ALGORITHM_NOT_ALLOWED(false),

  /**
   * The proposal's threshold is below the party's configured minimum; refused before the hello.
   * Reported; names nobody. Not retryable.
   */
  CEREMONY_THRESHOLD_TOO_LOW(false),

  /**
   * The proposal has more parties than the party's configured maximum; refused before the hello.
   * Reported; names nobody. Not retryable.
   */
  CEREMONY_TOO_MANY_PARTIES(false),

  /**
   * The proposal's start time is farther from the local clock than the allowed skew. Local; names
   * nobody. Retrying helps only with a fresh proposal or a corrected clock.
   */
  CEREMONY_CLOCK_SKEW(false),

  /** The artifact bytes given to this party do not hash to the proposal's digest. Local. */
  CEREMONY_ARTIFACT_MISMATCH(false),

  /**
   * A ceremony message from a peer does not decode, or breaks the message rules of its round.
   * Proven (names the sender) when every party can read the message; reported when only the
   * recipient can (a sealed one). Not retryable.
   */
  CEREMONY_MALFORMED_MESSAGE(false),

  /**
   * Two parties' verified reports come from one chip (the same unmasked CHIP_ID, or the same VCEK
   * hwID when CHIP_ID is masked): one machine plays several parties. Reported about every party
   * on it, naming none as culprit: where a party runs is the host's doing, and a relay that can
   * start genuine party VMs can place hellos for any slot. Not retryable.
   */
  CEREMONY_DUPLICATE_CHIP(false),

  /**
   * A party's report does not come from the hardware (chip or HOST_DATA) pinned for its slot: its
   * hello is refused, and the refusal reported about the slot if no other hello for it comes.
   * Names nobody. Not retryable.
   */
  CEREMONY_CHIP_MISMATCH(false),

  /**
   * Two validly attested hellos with different keys claim one party slot (the host or relay runs
   * a second party VM for it): the first one admitted is kept, and the slot is reported, naming
   * nobody. Not retryable.
   */
  CEREMONY_SLOT_CONTESTED(false),

  /**
   * A party's report is VLEK-signed with CHIP_ID masked, so nothing in it tells its chip apart,
   * and the deployment did not pin every party slot. Reported about the party, naming nobody as
   * culprit (see {@link #CEREMONY_DUPLICATE_CHIP}). Not retryable.
   */
  CEREMONY_CHIP_UNVERIFIABLE(false),

  /**
   * A sealed (end-to-end encrypted) message does not decrypt under the recipient's HPKE key. Only
   * the recipient can tell: reported about the sender, never proven. Not retryable.
   */
  CEREMONY_HPKE_FAILURE(false),

  /**
   * A signer announced that it signs other bytes (certificate, artifact or statement) than the
   * ones this party built itself. Names the sender. Not retryable.
   */
  CEREMONY_MESSAGE_MISMATCH(false),

  /**
   * A party's done message lists signatures that do not verify under the group key, too many or
   * too few, or none where it must have them. Names the party, shown by its signed message. Not
   * retryable.
   */
  CEREMONY_SIGNATURE_MISMATCH(false),

  /**
   * A party's destruction receipt (a fresh report bound to the transcript) does not verify or
   * does not bind the agreed transcript. Names the party. Not retryable.
   */
  CEREMONY_RECEIPT_INVALID(false),

  /**
   * The local party was interrupted or cancelled before the session ended. Local; names nobody.
   * A new session may succeed.
   */
  CEREMONY_INTERRUPTED(true),

  /**
   * The local party's own session engine failed unexpectedly (a defect: input that should have
   * been refused with its own code was not). The party still destroys every secret and takes part
   * in the abort agreement; reported, naming nobody. Not retryable until the defect is fixed;
   * please report it.
   */
  CEREMONY_INTERNAL_ERROR(false),

  /**
   * Writing the ceremony's output files failed; nothing was left behind. Retrying may help
   * (disk space, permissions).
   */
  CEREMONY_OUTPUT_FAILED(true),

  // ---------------------------------------------------------------- approval

  /**
   * An approval input does not follow its format: DSSE envelope JSON, in-toto statement, approval
   * predicate, approver set or policy file, or an approver key (PEM, SPKI, PKCS#8). Not retryable.
   */
  APPROVAL_MALFORMED(false),

  /** A DSSE signature does not verify under the approver key it names (or any trusted key). */
  APPROVAL_BAD_SIGNATURE(false),

  /**
   * An approval names a key id that is not in the configured approver set, or names an approver id
   * other than the one configured for the key that signed it. Not retryable.
   */
  APPROVAL_UNKNOWN_APPROVER(false),

  /** An approval is for another artifact: its subject name or sha256 digest differs. */
  APPROVAL_WRONG_DIGEST(false),

  /** An approval names a TEE policy hash other than the one the ceremony pins. Not retryable. */
  APPROVAL_WRONG_POLICY(false),

  /** The check time is after the approval's notAfter; a fresh approval is needed. */
  APPROVAL_EXPIRED(false),

  /** The check time is before the approval's notBefore. Retrying later can help. */
  APPROVAL_NOT_YET_VALID(true),

  /** A second approval from an approver key or approver id that already counted. Not retryable. */
  APPROVAL_DUPLICATE_APPROVER(false),

  /**
   * Fewer distinct configured approvers than the quorum approved, and the discounted approvals (if
   * any) are too few to explain the shortfall: approvals are missing. Not retryable as is.
   */
  APPROVAL_QUORUM_NOT_MET(false),

  // ---------------------------------------------------------------- party-server

  /**
   * A configuration file (of {@code mayfly party serve} or {@code mayfly sign}) is invalid: not
   * JSON, a duplicate or unknown key, a missing key, a value of the wrong type or out of range, or
   * a file it names that cannot be read. The message names the key. Not retryable as is.
   */
  CONFIG_INVALID(false),

  /**
   * A party refused a proposed session because it is shutting down or already runs as many
   * sessions as it is configured for. Names the party. Retrying later can help.
   */
  PARTY_BUSY(true),

  /**
   * A party refused what the signing client sent: a request that does not decode, a proposal
   * that does not build or does not include the party, an artifact larger than it accepts or
   * frames out of order, a session id already used. Names the party when the client reports it.
   * Not retryable as is.
   */
  PARTY_REQUEST_INVALID(false),

  /**
   * The signing client refused what a party answered: a response that does not decode, a result
   * that does not match the proposal, or signatures that do not verify under its group key.
   * Names the party. Not retryable.
   */
  PARTY_RESPONSE_INVALID(false),

  /**
   * Two parties of one session returned different results (group key or signatures), which an
   * honest session never does. Names the parties whose result differs from the one used. Not
   * retryable.
   */
  PARTY_RESULTS_DIFFER(false),

  ;

  private final boolean retryable;

  ErrorCode(boolean retryable) {
    this.retryable = retryable;
  }

  /**
   * Whether the same operation may succeed when tried again (an outage, a timeout), as opposed to
   * input that will always be refused.
   */
  public boolean isRetryable() {
    return retryable;
  }
}

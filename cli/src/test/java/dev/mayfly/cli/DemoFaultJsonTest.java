package dev.mayfly.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code ./mayfly demo --fault SPEC --json} shows every party's own outcome record, and they
 * agree: a cross-section of the fault matrix (broadcast, point-to-point, echo and abort rounds;
 * one recipient; both algorithms; a misshaped envelope and a setup fault). The whole matrix runs
 * on the same engine in the ceremony tests' {@code FaultMatrixTest}; this test shows that the
 * command reports each party's own record. The cases run one after another (their phases are two
 * seconds long).
 */
class DemoFaultJsonTest {
  @TempDir Path dir;

  static Stream<Arguments> faults() {
    return Stream.of(
        // spec, algorithm, expected code, expected culprits: a network fault on a broadcast
        // round to one recipient, a provable one on an echo round, one on the abort round, a
        // point-to-point ECDSA round, a misshaped envelope and a setup fault.
        Arguments.of("drop:3@dkg:1;to=1", "ed25519", "TRANSPORT_TIMEOUT", List.of()),
        Arguments.of("equivocate:2@sign-echo:2;to=1", "ed25519", "TRANSPORT_EQUIVOCATION",
            List.of(2)),
        Arguments.of("drop:2@sign:3;to=1", "ecdsa-p256", "TRANSPORT_TIMEOUT", List.of()),
        Arguments.of("artifact:3,drop:1@abort;to=2", "ed25519", "CEREMONY_ARTIFACT_MISMATCH",
            List.of()),
        Arguments.of("misshape:2@dkg:1", "ed25519", "TRANSPORT_WRONG_SHAPE", List.of(2)),
        Arguments.of("approval:hostmade", "ed25519", "CEREMONY_APPROVAL_POLICY_MISMATCH",
            List.of()));
  }

  @ParameterizedTest(name = "{1} {0}")
  @MethodSource("faults")
  void demo_fault_everyPartyShowsTheSameRecord(String spec, String algorithm, String code,
      List<Integer> culprits) {
    CliRun run = CliRun.run("demo", "--json", "--fault", spec, "--algorithm", algorithm,
        "--phase-timeout", algorithm.equals("ed25519") ? "2" : "6", "--out",
        dir.resolve("out").toString());
    assertEquals(1, run.exitCode(), run.err() + run.out());
    JsonObject summary = JsonParser.parseString(run.out()).getAsJsonObject();
    assertEquals("aborted", summary.get("status").getAsString());
    String record = null;
    for (Map.Entry<String, JsonElement> entry : summary.getAsJsonObject("parties").entrySet()) {
      JsonObject party = entry.getValue().getAsJsonObject();
      assertEquals("aborted", party.get("outcome").getAsString(), entry.getKey() + ": " + party);
      assertEquals(code, party.get("code").getAsString(), entry.getKey() + ": " + party);
      assertEquals(culprits, ints(party.getAsJsonArray("culprits")), entry.getKey());
      String digest = party.get("record").getAsString();
      if (spec.startsWith("crash:" + entry.getKey() + "@")) {
        continue; // a crashed party hears the others, but its own announcement reaches nobody
      }
      if (record == null) {
        record = digest;
      } else {
        assertEquals(record, digest, entry.getKey() + " holds another record: " + run.out());
      }
    }
    assertTrue(record != null);
  }

  private static List<Integer> ints(JsonArray array) {
    List<Integer> values = new ArrayList<>();
    array.forEach(e -> values.add(e.getAsInt()));
    return values;
  }
}

package dev.mayfly.cli;

import dev.mayfly.ceremony.CeremonyPhase;
import dev.mayfly.ceremony.ProgressEvent;
import dev.mayfly.ceremony.ProgressListener;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Prints a ceremony's progress as it happens, one block per phase: the block of a phase appears
 * once every party has finished it (or as soon as one aborts), with a line per party. Colours when
 * writing to a terminal.
 */
final class ProgressDisplay implements ProgressListener {
  private static final String GREEN = "\u001b[32m";
  private static final String RED = "\u001b[31m";
  private static final String BOLD = "\u001b[1m";
  private static final String RESET = "\u001b[0m";

  private final PrintWriter out;
  private final boolean colour;
  private final int parties;
  private final Map<CeremonyPhase, List<ProgressEvent>> pending =
      new EnumMap<>(CeremonyPhase.class);
  private int nextPhase;
  private boolean aborted;

  ProgressDisplay(PrintWriter out, boolean colour, int parties) {
    this.out = out;
    this.colour = colour;
    this.parties = parties;
  }

  @Override
  public synchronized void onEvent(ProgressEvent event) {
    if (event.kind() == ProgressEvent.Kind.STARTED) {
      return;
    }
    if (aborted) {
      line(event);
      out.flush();
      return;
    }
    pending.computeIfAbsent(event.phase(), p -> new ArrayList<>()).add(event);
    aborted = event.kind() == ProgressEvent.Kind.ABORTED;
    CeremonyPhase[] phases = CeremonyPhase.values();
    // Print every phase all parties finished; after the first abort, everything pending.
    while (nextPhase < phases.length) {
      List<ProgressEvent> events = pending.getOrDefault(phases[nextPhase], List.of());
      if (events.size() < parties && !aborted) {
        break;
      }
      if (!events.isEmpty()) {
        out.println(paint(BOLD, "== " + phases[nextPhase]) + "  " + describe(phases[nextPhase]));
        events.forEach(this::line);
        events.clear();
      }
      nextPhase++;
    }
    out.flush();
  }

  private void line(ProgressEvent event) {
    String time = String.format(Locale.ROOT, "%6.2fs", event.elapsed().toNanos() / 1e9);
    String party = String.format(Locale.ROOT, "%-9s", event.party());
    if (event.kind() == ProgressEvent.Kind.COMPLETED) {
      out.println("   " + time + "  " + party + paint(GREEN, "ok     ") + event.detail());
    } else {
      String culprits = event.culprits().isEmpty() ? "" : " naming "
          + event.culprits().stream().map(Object::toString).collect(Collectors.joining(", "));
      out.println("   " + time + "  " + party + paint(RED, "ABORT  ")
          + event.errorCode().map(Enum::name).orElse("?") + culprits + " in " + event.phase());
    }
  }

  private static String describe(CeremonyPhase phase) {
    return switch (phase) {
      case SETUP -> "session keys, own attestation, approvals quorum";
      case HELLO -> "every party verifies every other party's attestation";
      case DKG -> "distributed key generation, shares encrypted end to end";
      case SIGN -> "threshold signing of certificate, artifact and statement";
      case DESTROY -> "shares destroyed, destruction receipts exchanged";
      case BUNDLE -> "certificate, timestamp, Sigstore bundle, evidence";
    };
  }

  private String paint(String code, String text) {
    return colour ? code + text + RESET : text;
  }
}

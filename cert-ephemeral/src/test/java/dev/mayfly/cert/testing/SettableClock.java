package dev.mayfly.cert.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that tests move by hand. */
public final class SettableClock extends Clock {
  private volatile Instant now;

  /** A clock reading {@code now}. */
  public SettableClock(Instant now) {
    this.now = now;
  }

  /** Moves the clock. */
  public void set(Instant instant) {
    this.now = instant;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}

package dev.countersign.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The clock every decision reads; tests pass a fixed or movable one instead. */
@ApplicationScoped
public class ClockProducer {
  @Produces
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }
}

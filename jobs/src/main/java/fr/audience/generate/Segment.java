package fr.audience.generate;

/**
 * A latent reader segment: the profile individual readers are drawn around. Vectors are indexed as
 * in {@link Vocab} (sections, devices, referrers, age bands), {@link Plan} and {@link Newsletter}.
 */
record Segment(
    String name,
    double weight,
    double[] sections,
    double[] devices,
    double[] hours,
    double weekendRatio,
    double activeProb,
    double sessionsPerDay,
    double pagesPerSession,
    double dwellSeconds,
    double videoRate,
    double[] newsletterFollow,
    double newsletterOpen,
    double pushOptIn,
    double pushPerDay,
    double[] referrers,
    double subscriberShare,
    double[] planMix,
    double buyerShare,
    double[] ageBands) {

  Segment {
    // Profiles are written as relative weights; shares make blending and Dirichlet draws
    // meaningful.
    sections = Rng.normalised(sections);
    devices = Rng.normalised(devices);
    referrers = Rng.normalised(referrers);
  }

  /** Moves the profile toward the population average: the segment-overlap knob. */
  Segment blend(Segment population, double overlap) {
    double k = 1 - overlap;
    return new Segment(
        name,
        weight,
        mix(sections, population.sections, k),
        mix(devices, population.devices, k),
        mix(hours, population.hours, k),
        mix(weekendRatio, population.weekendRatio, k),
        mix(activeProb, population.activeProb, k),
        mix(sessionsPerDay, population.sessionsPerDay, k),
        mix(pagesPerSession, population.pagesPerSession, k),
        mix(dwellSeconds, population.dwellSeconds, k),
        mix(videoRate, population.videoRate, k),
        mix(newsletterFollow, population.newsletterFollow, k),
        mix(newsletterOpen, population.newsletterOpen, k),
        mix(pushOptIn, population.pushOptIn, k),
        mix(pushPerDay, population.pushPerDay, k),
        mix(referrers, population.referrers, k),
        subscriberShare,
        planMix,
        buyerShare,
        ageBands);
  }

  private static double mix(double own, double average, double k) {
    return k * own + (1 - k) * average;
  }

  private static double[] mix(double[] own, double[] average, double k) {
    double[] out = new double[own.length];
    for (int i = 0; i < own.length; i++) {
      out[i] = mix(own[i], average[i], k);
    }
    return out;
  }
}

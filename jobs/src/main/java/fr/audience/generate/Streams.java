package fr.audience.generate;

/** Keys of the independent random streams (see {@link Rng}); changing one changes the output. */
final class Streams {
  static final long CATALOG = 1;
  static final long USER = 2;
  static final long DAY = 3;
  static final long FILE = 4;
  static final long BOT = 5;
  static final long CAMPAIGN_DAY = 6;

  private Streams() {}
}

package fr.audience.generate;

import java.util.SplittableRandom;

/**
 * Seeded draws. Every stream is keyed by the run seed plus what it is for (user, day, file...), so
 * the output never depends on thread scheduling or on the order other streams were used.
 */
final class Rng {
  private final SplittableRandom random;

  Rng(long seed, long... keys) {
    long h = mix(seed);
    for (long key : keys) {
      h = mix(h ^ mix(key + 0x9E3779B97F4A7C15L));
    }
    random = new SplittableRandom(h);
  }

  /** SplitMix64 finaliser: a bijection on longs, which event ids rely on for uniqueness. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  double uniform() {
    return random.nextDouble();
  }

  double uniform(double from, double to) {
    return from + (to - from) * random.nextDouble();
  }

  int nextInt(int bound) {
    return random.nextInt(bound);
  }

  long nextLong() {
    return random.nextLong();
  }

  boolean chance(double p) {
    return random.nextDouble() < p;
  }

  double normal() {
    return random.nextGaussian();
  }

  double exponential(double mean) {
    return -mean * Math.log(1 - random.nextDouble());
  }

  /** Multiplicative noise with mean 1, so a profile value stays the expected value. */
  double lognormalFactor(double sd) {
    return Math.exp(sd * normal() - sd * sd / 2);
  }

  /** Marsaglia-Tsang; shapes below 1 use the U^(1/shape) boost. */
  double gamma(double shape, double rate) {
    if (shape < 1) {
      return gamma(shape + 1, rate) * Math.pow(random.nextDouble(), 1 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x = normal();
      double v = 1 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = random.nextDouble();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
        return d * v / rate;
      }
    }
  }

  double beta(double a, double b) {
    double x = gamma(a, 1);
    return x / (x + gamma(b, 1));
  }

  int poisson(double mean) {
    if (mean <= 0) {
      return 0;
    }
    if (mean > 40) {
      return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * normal()));
    }
    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    int k = 0;
    while (product > limit) {
      product *= random.nextDouble();
      k++;
    }
    return k;
  }

  /** Index drawn from cumulative weights ending at 1 (see {@link #cumulative}). */
  int pick(double[] cumulative) {
    double u = random.nextDouble();
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] > u) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  <T> T pick(T[] values) {
    return values[random.nextInt(values.length)];
  }

  /** Individual preferences scattered around a profile: Dirichlet(concentration * mean). */
  double[] dirichlet(double[] mean, double concentration) {
    double[] draw = new double[mean.length];
    double sum = 0;
    for (int i = 0; i < mean.length; i++) {
      draw[i] = mean[i] <= 0 ? 0 : gamma(concentration * mean[i], 1);
      sum += draw[i];
    }
    for (int i = 0; i < draw.length; i++) {
      draw[i] /= sum;
    }
    return draw;
  }

  static double[] cumulative(double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double[] cum = new double[weights.length];
    double run = 0;
    for (int i = 0; i < weights.length; i++) {
      run += weights[i] / total;
      cum[i] = run;
    }
    cum[cum.length - 1] = 1;
    return cum;
  }

  static double[] normalised(double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double[] out = new double[weights.length];
    for (int i = 0; i < weights.length; i++) {
      out[i] = weights[i] / total;
    }
    return out;
  }
}

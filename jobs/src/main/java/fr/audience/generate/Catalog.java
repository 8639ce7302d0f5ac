package fr.audience.generate;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The shared world: articles, videos and campaigns, drawn once per run from the seed. */
final class Catalog {
  static final int MIN_ARTICLES = 300;
  static final int MAX_ARTICLES = 20_000;
  static final int VIDEOS = 400;
  static final double PREMIUM_SHARE = 0.3;

  /** Zipf exponent of article popularity within a section. */
  static final double ZIPF = 1.05;

  final String[] articleIds;
  final int[] articleSection;
  final boolean[] premium;
  final String[] titles;
  final String[] paths;
  final long[] publishedMillis;

  /** Per section: article indexes by popularity rank and their cumulative Zipf weights. */
  final int[][] bySection;

  final double[][] popularityCum;
  final String[] videoIds;
  final double[] videoSeconds;
  final List<Campaign> campaigns;

  /** Per window day: running campaign indexes, ads only and all. */
  final int[][] adsByDay;

  final int[][] runningByDay;

  Catalog(GeneratorSettings s) {
    Rng rng = new Rng(s.seed(), Streams.CATALOG);
    int n = Math.max(MIN_ARTICLES, Math.min(MAX_ARTICLES, s.users() / 2));
    articleIds = new String[n];
    articleSection = new int[n];
    premium = new boolean[n];
    titles = new String[n];
    paths = new String[n];
    publishedMillis = new long[n];
    long start = s.startDate().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    List<List<Integer>> sections = new ArrayList<>();
    for (int sec = 0; sec < Vocab.HOME; sec++) {
      sections.add(new ArrayList<>());
    }
    for (int i = 0; i < n; i++) {
      int sec = i % Vocab.HOME;
      articleIds[i] = String.format("a%06d", i + 1);
      articleSection[i] = sec;
      premium[i] = rng.chance(PREMIUM_SHARE);
      titles[i] = Texts.title(rng, sec);
      paths[i] = "/" + Vocab.SECTIONS[sec] + "/" + articleIds[i] + "-" + Texts.slug(titles[i]);
      // Published before the window so every read happens after publication.
      publishedMillis[i] = start - (long) rng.uniform(3_600_000, 90 * 86_400_000.0);
      sections.get(sec).add(i);
    }
    bySection = new int[Vocab.HOME][];
    popularityCum = new double[Vocab.HOME][];
    for (int sec = 0; sec < Vocab.HOME; sec++) {
      List<Integer> ids = sections.get(sec);
      bySection[sec] = ids.stream().mapToInt(Integer::intValue).toArray();
      double[] w = new double[ids.size()];
      for (int r = 0; r < w.length; r++) {
        w[r] = 1 / Math.pow(r + 1, ZIPF);
      }
      popularityCum[sec] = Rng.cumulative(w);
    }
    videoIds = new String[VIDEOS];
    videoSeconds = new double[VIDEOS];
    for (int v = 0; v < VIDEOS; v++) {
      videoIds[v] = String.format("v%05d", v + 1);
      videoSeconds[v] = Math.round(rng.uniform(30, 900));
    }
    campaigns = drawCampaigns(rng, s.days());
    adsByDay = new int[s.days()][];
    runningByDay = new int[s.days()][];
    for (int d = 0; d < s.days(); d++) {
      adsByDay[d] = running(d, true);
      runningByDay[d] = running(d, false);
    }
  }

  int article(Rng rng, int section) {
    return bySection[section][rng.pick(popularityCum[section])];
  }

  /**
   * 20-40 campaigns; the first ones are always on so every day has search, social and ad campaigns.
   */
  private static List<Campaign> drawCampaigns(Rng rng, int days) {
    int count = 20 + rng.nextInt(21);
    List<Campaign> out = new ArrayList<>();
    for (int c = 0; c < count; c++) {
      int channel = c % Vocab.CHANNELS.length;
      boolean alwaysOn = c < Vocab.CHANNELS.length;
      int first = alwaysOn ? 0 : rng.nextInt(days);
      int last =
          alwaysOn ? days - 1 : Math.min(days - 1, first + 4 + rng.nextInt(Math.max(1, days)));
      out.add(
          new Campaign(
              String.format("c%03d", c + 1),
              channel,
              first,
              last,
              Campaign.BASE_SPEND[channel] * rng.lognormalFactor(0.5),
              Campaign.CPM[channel] * rng.lognormalFactor(0.2),
              Campaign.CREATIVE_KB[channel] * rng.lognormalFactor(0.3)));
    }
    return out;
  }

  private int[] running(int day, boolean adsOnly) {
    List<Integer> ids = new ArrayList<>();
    for (int c = 0; c < campaigns.size(); c++) {
      Campaign camp = campaigns.get(c);
      if (camp.runsOn(day) && (!adsOnly || camp.isAd())) {
        ids.add(c);
      }
    }
    return ids.stream().mapToInt(Integer::intValue).toArray();
  }
}

package fr.audience.generate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes file number {@code partition} of every day for a fixed range of users, so files can be
 * written in parallel and still be identical run after run. Events are routed by timestamp: those
 * past midnight, and the planted late ones, are held for the next day's file.
 */
final class PartitionWriter implements EventSink {
  static final int BOTS_PER_FILE = 2;

  /** Crawler and broken access lines, per unit of bad fraction, relative to page-view lines. */
  static final double CRAWLERS_PER_BAD = 2.0;

  static final double MALFORMED_ACCESS_PER_BAD = 0.5;
  static final double BOT_MIN_INTERVAL_MS = 4000;
  static final double BOT_MAX_INTERVAL_MS = 15000;

  private final World world;
  private final int partition;
  private final int userFrom;
  private final int userTo;
  private final long seedSalt;
  private final Device[] bots;
  private final DaySimulator simulator;
  private final Event event = new Event();
  private final StringBuilder sb = new StringBuilder(1024);
  private final StringBuilder accessSb = new StringBuilder(512);
  private List<String> carried = new ArrayList<>();
  private List<Boolean> carriedLate = new ArrayList<>();
  private List<String> carriedAccess = new ArrayList<>();
  private List<String> nextCarried;
  private List<Boolean> nextCarriedLate;
  private List<String> nextCarriedAccess;
  // Per-day state.
  private int day;
  private Rng fileRng;
  private GzipText events;
  private GzipText access;
  private FileStats stats;

  PartitionWriter(World world, int partition) {
    this.world = world;
    this.partition = partition;
    int users = world.settings.users();
    int files = world.settings.filesPerDay();
    userFrom = (int) ((long) users * partition / files);
    userTo = (int) ((long) users * (partition + 1) / files);
    seedSalt = Rng.mix(world.settings.seed() ^ 0x5EED5A17L);
    simulator = new DaySimulator(world);
    bots = world.settings.badFraction() > 0 ? drawBots() : new Device[0];
  }

  static String eventsFile(int partition) {
    return String.format("events-%02d.json.gz", partition);
  }

  static String accessFile(int partition) {
    return String.format("access-%02d.log.gz", partition);
  }

  Device[] bots() {
    return bots;
  }

  FileStats writeDay(int day) {
    this.day = day;
    fileRng = new Rng(world.settings.seed(), Streams.FILE, partition, day);
    stats = new FileStats();
    nextCarried = new ArrayList<>();
    nextCarriedLate = new ArrayList<>();
    nextCarriedAccess = new ArrayList<>();
    String folder = "event_date=" + world.settings.startDate().plusDays(day);
    Path out = world.settings.out();
    try (GzipText ev =
            new GzipText(
                out.resolve(Layout.EVENTS).resolve(folder).resolve(eventsFile(partition)));
        GzipText ac =
            new GzipText(
                out.resolve(Layout.ACCESS).resolve(folder).resolve(accessFile(partition)))) {
      events = ev;
      access = ac;
      writeCarried();
      for (int u = userFrom; u < userTo; u++) {
        UserProfile user = new UserProfile(world, u);
        Rng rng = new Rng(world.settings.seed(), Streams.DAY, u, day);
        simulator.simulate(new UserDay(world, user, u, day, rng, event, this));
      }
      writeBots();
      writeCrawlersAndBrokenAccess();
      ev.close();
      ac.close();
      stats.eventLines = ev.lines();
      stats.eventBytes = ev.bytes();
      stats.accessLines = ac.lines();
      stats.accessBytes = ac.bytes();
    }
    carried = nextCarried;
    carriedLate = nextCarriedLate;
    carriedAccess = nextCarriedAccess;
    return stats;
  }

  private void writeCarried() {
    for (int i = 0; i < carried.size(); i++) {
      events.line(carried.get(i));
      if (carriedLate.get(i)) {
        stats.bad[BadKind.LATE.ordinal()]++;
      }
    }
    carriedAccess.forEach(access::line);
  }

  @Override
  public void emit(Event e) {
    stats.byType[e.type.ordinal()]++;
    long fileDay = Math.floorDiv(e.tsMillis - world.windowStartMs, World.DAY_MS);
    String accessLine =
        e.isWebPageView()
            ? AccessLog.pageView(accessSb, e, 20_000 + fileRng.nextInt(80_000))
            : null;
    if (fileDay > day) {
      // Past midnight: delivered with the next day's file; past the window: never delivered.
      if (fileDay < world.settings.days()) {
        carry(json(e, EventJson.Variant.NORMAL), false);
        if (accessLine != null) {
          nextCarriedAccess.add(accessLine);
        }
      }
      return;
    }
    if (accessLine != null) {
      access.line(accessLine);
    }
    double lineBadShare =
        world.settings.badFraction() * BadKind.LINE_KINDS.length / BadKind.EVENT_KINDS;
    if (!fileRng.chance(lineBadShare)) {
      events.line(json(e, EventJson.Variant.NORMAL));
      return;
    }
    BadKind kind = BadKind.LINE_KINDS[fileRng.nextInt(BadKind.LINE_KINDS.length)];
    if (kind == BadKind.LATE && day + 1 >= world.settings.days()) {
      events.line(json(e, EventJson.Variant.NORMAL));
      return;
    }
    writeBad(e, kind);
  }

  private void writeBad(Event e, BadKind kind) {
    switch (kind) {
      case MALFORMED_JSON -> {
        String line = json(e, EventJson.Variant.NORMAL);
        events.line(line.substring(0, 10 + fileRng.nextInt(line.length() - 11)));
      }
      case WRONG_TYPE -> events.line(json(e, EventJson.Variant.WRONG_TYPE));
      case MISSING_ID ->
          events.line(
              json(
                  e,
                  fileRng.chance(0.5)
                      ? EventJson.Variant.NO_EVENT_ID
                      : EventJson.Variant.NO_DEVICE_ID));
      case DUPLICATE -> {
        String line = json(e, EventJson.Variant.NORMAL);
        events.line(line);
        events.line(line);
      }
      case FUTURE_CLOCK -> {
        long real = e.tsMillis;
        double aheadDays =
            fileRng.chance(0.5) ? fileRng.uniform(3, 30) : fileRng.uniform(365, 3 * 365);
        e.tsMillis += (long) (aheadDays * World.DAY_MS);
        events.line(json(e, EventJson.Variant.NORMAL));
        e.tsMillis = real;
      }
      case LATE -> {
        carry(json(e, EventJson.Variant.NORMAL), true);
        return;
      }
      default -> throw new IllegalStateException("not a line kind: " + kind);
    }
    stats.bad[kind.ordinal()]++;
  }

  private void carry(String line, boolean late) {
    nextCarried.add(line);
    nextCarriedLate.add(late);
  }

  private String json(Event e, EventJson.Variant variant) {
    sb.setLength(0);
    EventJson.write(sb, e, seedSalt, variant);
    return sb.toString();
  }

  /** Bots browse in bursts at inhuman rates; their share matches each other bad kind's. */
  private void writeBots() {
    if (bots.length == 0) {
      return;
    }
    long total = Math.round(events.lines() * world.settings.badFraction() / BadKind.EVENT_KINDS);
    for (int b = 0; b < bots.length; b++) {
      long count = total / bots.length + (b < total % bots.length ? 1 : 0);
      int actor = world.settings.users() + partition * BOTS_PER_FILE + b;
      Rng rng = new Rng(world.settings.seed(), Streams.BOT, partition, b, day);
      UserDay ud = new UserDay(world, null, actor, day, rng, event, this);
      long offset = (long) rng.uniform(0, World.DAY_MS);
      for (long i = 0; i < count; i++) {
        Event e =
            ud.start(
                EventType.PAGE_VIEW, world.dayStartMs(day) + Math.floorMod(offset, World.DAY_MS));
        e.context(bots[b], null, null);
        int section = rng.nextInt(Vocab.HOME);
        e.section = Vocab.SECTIONS[section];
        e.articleId = world.catalog.articleIds[world.catalog.article(rng, section)];
        events.line(json(e, EventJson.Variant.NORMAL));
        stats.byType[EventType.PAGE_VIEW.ordinal()]++;
        offset += (long) rng.uniform(BOT_MIN_INTERVAL_MS, BOT_MAX_INTERVAL_MS);
      }
      stats.bad[BadKind.BOT_EVENT.ordinal()] += count;
    }
  }

  private void writeCrawlersAndBrokenAccess() {
    double bf = world.settings.badFraction();
    long crawlers = Math.round(access.lines() * bf * CRAWLERS_PER_BAD);
    long broken = Math.round(access.lines() * bf * MALFORMED_ACCESS_PER_BAD);
    long dayStart = world.dayStartMs(day);
    for (long i = 0; i < crawlers; i++) {
      access.line(
          AccessLog.crawler(
              accessSb,
              fileRng,
              world.catalog,
              dayStart + (long) fileRng.uniform(0, World.DAY_MS)));
    }
    for (long i = 0; i < broken; i++) {
      access.line(
          AccessLog.malformed(
              accessSb,
              fileRng,
              world.catalog,
              dayStart + (long) fileRng.uniform(0, World.DAY_MS)));
    }
    stats.bad[BadKind.CRAWLER_ACCESS.ordinal()] += crawlers;
    stats.bad[BadKind.MALFORMED_ACCESS.ordinal()] += broken;
  }

  /** Headless browsers and scripts; one in four hides behind an ordinary browser user agent. */
  private Device[] drawBots() {
    Device[] out = new Device[BOTS_PER_FILE];
    for (int b = 0; b < out.length; b++) {
      Rng rng = new Rng(world.settings.seed(), Streams.BOT, partition, b);
      int kind = (partition * BOTS_PER_FILE + b) % (Bots.USER_AGENTS.length + 1);
      String ua =
          kind < Bots.USER_AGENTS.length ? Bots.USER_AGENTS[kind] : Device.USER_AGENTS[1][0];
      String ip =
          Bots.DATACENTER_PREFIXES[rng.nextInt(Bots.DATACENTER_PREFIXES.length)]
              + rng.nextInt(256)
              + ".0";
      out[b] = new Device(Device.hexId('d', rng.nextLong()), 1, ua, ip, true, true, 0);
    }
    return out;
  }
}

package fr.audience.sessions;

import com.typesafe.config.Config;
import fr.audience.core.DailyJob;
import fr.audience.core.DailyJobCommand;
import picocli.CommandLine.Command;

@Command(
    name = "sessionize",
    mixinStandardHelpOptions = true,
    header = "Clean bronze events into silver events, sessions and users.",
    description =
        "Clean bronze events into silver: deduplicate, drop bots and bad clocks, stitch identities, "
            + "cut sessions, and publish silver.events, sessions, user_daily, subscriptions and transactions. "
            + "A run for D re-processes D - late-window-days .. D so late events land on their true date.")
public final class SessionizeCommand extends DailyJobCommand {
  @Override
  protected DailyJob job(Config config) {
    return new SessionizeJob(SessionizeSettings.from(config));
  }
}

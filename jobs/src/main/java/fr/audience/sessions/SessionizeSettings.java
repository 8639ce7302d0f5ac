package fr.audience.sessions;

import com.typesafe.config.Config;
import fr.audience.core.Errors;
import fr.audience.core.LakehouseSettings;
import fr.audience.core.Settings;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Settings of the sessionize job, read and checked before Spark starts. */
public record SessionizeSettings(
    LakehouseSettings lakehouse,
    int inactivityMinutes,
    int lateWindowDays,
    int maxClockSkewMinutes,
    int botBurstPages,
    int botBurstSeconds,
    String botUserAgentPattern,
    double maxQuarantineShare) {

  public static SessionizeSettings from(Config config) {
    return Settings.read(
        config,
        c -> {
          String pattern = c.getString("audience.sessionize.bot-user-agent-pattern");
          try {
            Pattern.compile(pattern);
          } catch (PatternSyntaxException e) {
            throw Errors.badConfigValue(
                "audience.sessionize.bot-user-agent-pattern",
                "is not a valid regular expression: " + e.getDescription());
          }
          return new SessionizeSettings(
              LakehouseSettings.from(c),
              Settings.positive(c, "audience.sessionize.inactivity-minutes"),
              Settings.nonNegative(c, "audience.sessionize.late-window-days"),
              Settings.nonNegative(c, "audience.sessionize.max-clock-skew-minutes"),
              Settings.positive(c, "audience.sessionize.bot-burst-pages"),
              Settings.positive(c, "audience.sessionize.bot-burst-seconds"),
              pattern,
              Settings.share(c, "audience.sessionize.max-quarantine-share"));
        });
  }
}

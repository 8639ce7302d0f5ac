package fr.audience.clv;

/** The one place that words the user-facing errors of the CLV models ("Cannot ...: why. remedy"). */
public final class ClvErrors {
  private ClvErrors() {}

  public static IllegalStateException cannotFit(String model, String why, String remedy) {
    return new IllegalStateException("Cannot fit " + model + ": " + why + ". " + remedy);
  }

  public static IllegalArgumentException badInput(String what, String why, String remedy) {
    return new IllegalArgumentException("Cannot " + what + ": " + why + ". " + remedy);
  }

  public static IllegalArgumentException badLine(Object file, long line, String why, String remedy) {
    return new IllegalArgumentException(
        "Cannot read " + file + ": line " + line + " " + why + ". " + remedy);
  }
}

package fr.audience.core;

/** A failure the user can act on: its message is one line, "Cannot <do what>: <why>. <remedy>". */
public final class AudienceException extends RuntimeException {
  AudienceException(String message, Throwable cause) {
    super(message, cause);
  }
}

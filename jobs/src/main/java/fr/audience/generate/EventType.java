package fr.audience.generate;

/** The event_type values of docs/raw-formats.md. */
enum EventType {
  PAGE_VIEW,
  ARTICLE_READ,
  VIDEO_PLAY,
  AD_IMPRESSION,
  AD_CLICK,
  NEWSLETTER_SEND,
  NEWSLETTER_OPEN,
  PUSH_SENT,
  PUSH_OPEN,
  SUBSCRIPTION_START,
  SUBSCRIPTION_RENEW,
  SUBSCRIPTION_CANCEL,
  PURCHASE,
  COMMENT;

  final String id = name().toLowerCase();
}

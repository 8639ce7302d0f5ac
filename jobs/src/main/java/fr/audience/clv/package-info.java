/**
 * Customer lifetime value models (issue 3).
 *
 * <ul>
 *   <li>{@link fr.audience.clv.ShiftedBetaGeometric}: contractual retention, DERL and subscription
 *       CLV;
 *   <li>{@link fr.audience.clv.BgNbd}: repeat one-off purchases, P(alive) and expected purchases;
 *   <li>{@link fr.audience.clv.GammaGamma}: spend per purchase.
 * </ul>
 *
 * <p>The models are plain Java and fit on aggregated sufficient statistics (one row per distinct
 * customer summary with a count), so fitting cost does not grow with the customer base. Each model
 * scores customers with static methods returning Spark {@link org.apache.spark.sql.Column}s built
 * from built-in functions only. {@link fr.audience.clv.ClvFitTool} is the core of the data
 * scientists' {@code clv fit} and {@code clv fit-sbg} commands.
 */
package fr.audience.clv;

package fr.audience.report;

import fr.audience.kpi.KpiTables;
import fr.audience.quality.GatedTable;
import java.util.List;

/**
 * One panel of the dashboard: a gold.kpi_* table (fr.audience.kpi.KpiTables) reduced to one trend
 * line per series over as_of_date. {@code series} and {@code value} are SQL over the table, grouped
 * by date and series; {@code rows} keeps detail rows only, so sums never count a total twice.
 */
public record KpiPanel(
    String table,
    String title,
    String question,
    String unit,
    String series,
    String value,
    String rows) {

  public String id() {
    return table.substring(table.indexOf('.') + 1).replace('_', '-');
  }

  private static final String DETAIL_SEGMENTS =
      "segment_id IS NOT NULL AND coalesce(segment_label, '') <> 'tous'";
  private static final String DETAIL_CAMPAIGNS =
      "coalesce(channel, '') <> 'all' AND coalesce(campaign_id, '') <> 'all'";

  /**
   * The nine KPI tables, in the order the marketing direction reads them: value, cost, durability,
   * care.
   */
  public static final List<KpiPanel> ALL =
      List.of(
          new KpiPanel(
              name(KpiTables.CLV_BY_SEGMENT),
              "Valeur client (CLV) moyenne par segment",
              "Combien rapporte un client sur l'horizon de calcul, selon son segment ?",
              "€",
              "segment_label",
              "avg(clv_mean_eur)",
              "horizon_months = (SELECT max(horizon_months) FROM "
                  + name(KpiTables.CLV_BY_SEGMENT)
                  + ")"),
          new KpiPanel(
              name(KpiTables.CAC_VS_CLV),
              "Valeur client rapportée au coût d'acquisition (CLV / CAC), par canal",
              "Chaque euro dépensé pour recruter un client en rapporte-t-il davantage ?",
              "×",
              "channel",
              "sum(mean_clv_eur * new_customers) / nullif(sum(spend_eur), 0)",
              DETAIL_CAMPAIGNS),
          new KpiPanel(
              name(KpiTables.REVENUE_DURABILITY),
              "Part durable du revenu (abonnements récurrents)",
              "Quelle part du revenu vient des abonnements plutôt que des achats ponctuels ?",
              "%",
              "'revenu récurrent'",
              "100 * sum(recurring_revenue_eur) / nullif(sum(recurring_revenue_eur + one_shot_revenue_eur), 0)",
              DETAIL_SEGMENTS),
          new KpiPanel(
              name(KpiTables.COMMERCIAL_PRESSURE),
              "Pression commerciale : part des lecteurs au-dessus du seuil",
              "Sollicitons-nous trop certains lecteurs (lettres d'information, notifications, publicités) ?",
              "%",
              "channel",
              "100 * sum(share_above_threshold * people) / nullif(sum(people), 0)",
              DETAIL_SEGMENTS),
          new KpiPanel(
              name(KpiTables.CAMPAIGN_CARBON),
              "Empreinte carbone des campagnes, par canal",
              "Combien de gaz à effet de serre émettent nos campagnes ?",
              "kg CO₂e",
              "channel",
              "sum(total_kgco2e)",
              DETAIL_CAMPAIGNS),
          new KpiPanel(
              name(KpiTables.STRATEGIC_AUDIENCE),
              "Poids des cibles stratégiques dans l'audience active",
              "Quelle part des lecteurs actifs appartient à nos cibles stratégiques ?",
              "%",
              "target",
              "100 * avg(active_users_share)",
              "coalesce(target, '') <> 'total'"),
          new KpiPanel(
              name(KpiTables.ENGAGEMENT),
              "Lecteurs actifs par jour, par appareil",
              "Combien de lecteurs viennent chaque jour, et sur quels écrans ?",
              "lecteurs",
              "device",
              "sum(daily_active_users)",
              "section = 'all'"),
          new KpiPanel(
              name(KpiTables.CHURN_RISK),
              "Revenu à risque de désabonnement, par niveau de risque",
              "Combien de revenu d'abonnement risquons-nous de perdre, et à quel niveau de risque ?",
              "€",
              "risk_band",
              "sum(revenue_at_risk_eur)",
              DETAIL_SEGMENTS
                  + " AND coalesce(plan, '') <> 'all' AND coalesce(risk_band, '') <> 'all'"),
          new KpiPanel(
              name(KpiTables.EXPOSURE_AUDIT),
              "Exposition des publics protégés, rapportée à la référence",
              "Les publics protégés reçoivent-ils plus de sollicitations que la population de référence ?",
              "×",
              "public",
              "avg(pressure_ratio)",
              "true"));

  private static String name(GatedTable kpi) {
    return kpi.spec().fullName();
  }
}

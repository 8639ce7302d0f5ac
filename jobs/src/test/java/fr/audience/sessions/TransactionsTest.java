package fr.audience.sessions;

import static fr.audience.sessions.BronzeEvents.bronze;
import static fr.audience.sessions.BronzeEvents.event;
import static fr.audience.sessions.BronzeEvents.ts;
import static org.assertj.core.api.Assertions.assertThat;

import fr.audience.TestSpark;
import fr.audience.ingest.BronzeTables;
import fr.audience.ingest.EventFields;
import java.sql.Date;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/**
 * One-off purchases from purchase events and from the shop export, in the columns of
 * silver.transactions.
 */
class TransactionsTest {

  private static List<Object> values(Row r) {
    return Arrays.asList(
        r.getAs(EventFields.ORDER_ID),
        r.getAs(EventFields.USER_ID),
        r.getAs(EventFields.TS),
        r.getAs(Transactions.ORDER_DATE),
        r.getAs(EventFields.AMOUNT_EUR),
        r.getAs(EventFields.PRODUCT),
        r.getAs(EventFields.UTM_CAMPAIGN),
        r.getAs(Transactions.SOURCE));
  }

  @Test
  void purchaseEventsWithAnOrderBecomeTransactionsOnTheirDate() {
    Dataset<Row> t =
        Transactions.fromEvents(
            bronze(
                event("buy")
                    .type("purchase")
                    .user("u1")
                    .at("2026-03-02T23:30:00Z")
                    .set(EventFields.ORDER_ID, "o1")
                    .set(EventFields.AMOUNT_EUR, 12.9)
                    .set(EventFields.PRODUCT, "hors_serie")
                    .set(EventFields.UTM_CAMPAIGN, "camp-7"),
                event("no-order")
                    .type("purchase")
                    .user("u1")
                    .at("2026-03-02T10:00:00Z")
                    .set(EventFields.AMOUNT_EUR, 5.0),
                event("page")
                    .user("u1")
                    .at("2026-03-02T10:00:00Z")
                    .set(EventFields.ORDER_ID, "o2")));
    List<Row> rows = t.collectAsList();

    assertThat(rows).hasSize(1);
    assertThat(values(rows.get(0)))
        .containsExactly(
            "o1",
            "u1",
            ts("2026-03-02T23:30:00Z"),
            Date.valueOf("2026-03-02"),
            12.9,
            "hors_serie",
            "camp-7",
            "events");
    assertThat(List.of(t.columns()))
        .containsExactlyInAnyOrderElementsOf(SilverTables.TRANSACTIONS.columnNames());
  }

  @Test
  void theShopExportHasNoTimeNorCampaign() {
    Dataset<Row> export =
        TestSpark.spark()
            .createDataFrame(
                List.of(RowFactory.create("o9", "u9", Date.valueOf("2025-11-15"), 29.0, "livre")),
                BronzeTables.ORDERS_HISTORY.schema());
    Dataset<Row> t = Transactions.fromExport(export);
    List<Row> rows = t.collectAsList();

    assertThat(rows).hasSize(1);
    assertThat(values(rows.get(0)))
        .containsExactly(
            "o9", "u9", null, Date.valueOf("2025-11-15"), 29.0, "livre", null, "shop_export");
    assertThat(t.columns()).containsExactly(Transactions.fromEvents(bronze()).columns());
  }
}

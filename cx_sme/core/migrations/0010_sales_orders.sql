-- Sales lines summed per order: one row per run of consecutive lines of one import that
-- share the date, the customer and the order id (lines without an order id: the
-- customer's lines of that day). This is what the KPIs and the dashboards read: a third
-- of the rows of an invoicing export or fewer. Every change of the sales lines changes
-- these rows in the same transaction (import, replaced months, undo, erasure, removal
-- of the sample); `lines` lets a reader check that the two agree before it trusts them.
CREATE TABLE sales_orders (
    id             INTEGER PRIMARY KEY,
    import_id      INTEGER NOT NULL REFERENCES imports (id),
    date           TEXT NOT NULL,
    customer_id    TEXT NOT NULL,
    order_id       TEXT,
    customer_name  TEXT,
    amount_cents   INTEGER NOT NULL,
    lines          INTEGER NOT NULL
);
CREATE INDEX sales_orders_import ON sales_orders (import_id);

-- The lines already stored, summed the same way: a run starts where the import, the
-- date, the customer or the order id differs from the line before; the name is the
-- first one given on the run's lines.
INSERT INTO sales_orders (import_id, date, customer_id, order_id, customer_name,
                          amount_cents, lines)
SELECT import_id, date, customer_id, order_id, name, total, lines
FROM (
    SELECT id, import_id, date, customer_id, order_id,
           first_value(customer_name) OVER (
               PARTITION BY run ORDER BY coalesce(customer_name, '') = '', id) AS name,
           sum(amount_cents) OVER (PARTITION BY run) AS total,
           count(*) OVER (PARTITION BY run) AS lines,
           row_number() OVER (PARTITION BY run ORDER BY id) AS nth
    FROM (
        SELECT *, sum(head) OVER (ORDER BY id) AS run
        FROM (
            SELECT *,
                   CASE WHEN import_id IS lag(import_id) OVER by_id
                         AND date IS lag(date) OVER by_id
                         AND customer_id IS lag(customer_id) OVER by_id
                         AND order_id IS lag(order_id) OVER by_id
                        THEN 0 ELSE 1 END AS head
            FROM sales
            WINDOW by_id AS (ORDER BY id)
        )
    )
)
WHERE nth = 1
ORDER BY id;

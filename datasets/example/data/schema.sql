-- The example dataset: a tiny shop (customers, orders, items), written by hand for pilot.
CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL, city text);
CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer NOT NULL REFERENCES customers (id), amount numeric(10, 2));
CREATE TABLE items (order_id integer NOT NULL REFERENCES orders (id), sku text NOT NULL, qty integer NOT NULL);
CREATE INDEX ON orders (customer_id);

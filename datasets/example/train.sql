SELECT COUNT(*) FROM customers c, orders o WHERE c.id = o.customer_id AND o.amount > 6;
SELECT COUNT(*) FROM customers c, orders o WHERE c.id = o.customer_id AND c.city = 'London';
SELECT COUNT(*) FROM orders o, items i WHERE o.id = i.order_id AND i.qty >= 2;
SELECT COUNT(*) FROM orders o, items i WHERE o.id = i.order_id AND i.sku = 'apple';
SELECT COUNT(*) FROM customers c, orders o, items i WHERE c.id = o.customer_id AND o.id = i.order_id AND c.city = 'Boston';
SELECT COUNT(*) FROM customers c, orders o, items i WHERE c.id = o.customer_id AND o.id = i.order_id AND o.amount < 50;
SELECT COUNT(*) FROM customers c, orders o, items i WHERE c.id = o.customer_id AND o.id = i.order_id AND i.qty BETWEEN 2 AND 5;
SELECT COUNT(*) FROM customers c, orders o WHERE c.id = o.customer_id AND c.name LIKE 'G%';

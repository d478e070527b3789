SELECT COUNT(*) FROM customers c, orders o WHERE c.id = o.customer_id;
SELECT COUNT(*) FROM orders o, items i WHERE o.id = i.order_id AND i.sku IN ('fig', 'plum');
SELECT COUNT(*) FROM customers c, orders o, items i WHERE c.id = o.customer_id AND o.id = i.order_id AND i.sku = 'apple';
SELECT COUNT(*) FROM customers c, orders o, items i WHERE c.id = o.customer_id AND o.id = i.order_id AND o.amount > 10 AND c.city <> 'London';

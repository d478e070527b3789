SELECT COUNT(*) FROM customers c, orders o WHERE c.id = o.customer_id AND o.amount > 100;
SELECT COUNT(*) FROM orders o, items i WHERE o.id = i.order_id;

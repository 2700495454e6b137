-- payments applied before the credit column existed left (amount - applied) as credit: a refund of them takes it back first
update payment_application set credited = amount - applied where kind = 'PAYMENT' and credited = 0 and amount > applied;

<?php
// Gift card redemption and wishlist endpoints (PDO, MySQL). The balance is read, checked in PHP and
// written back computed from what was read; the wishlist row is inserted when none was found.

declare(strict_types=1);

final class GiftCardController
{
    public function __construct(private PDO $pdo)
    {
    }

    public function redeem(string $code, int $orderId, int $amountCents): array
    {
        $find = $this->pdo->prepare('SELECT id, balance_cents FROM gift_cards WHERE code = ? AND active = 1');
        $find->execute([$code]);
        $card = $find->fetch(PDO::FETCH_ASSOC);
        if ($card === false || $card['balance_cents'] < $amountCents) {
            http_response_code(402);
            return ['error' => 'insufficient balance'];
        }

        $update = $this->pdo->prepare('UPDATE gift_cards SET balance_cents = ? WHERE id = ?');
        $update->execute([$card['balance_cents'] - $amountCents, $card['id']]);

        $log = $this->pdo->prepare('INSERT INTO gift_card_redemptions (gift_card_id, order_id, amount_cents) VALUES (?, ?, ?)');
        $log->execute([$card['id'], $orderId, $amountCents]);

        return ['balance_cents' => $card['balance_cents'] - $amountCents];
    }

    public function addToWishlist(int $customerId, int $productId): void
    {
        $exists = $this->pdo->prepare('SELECT 1 FROM wishlist_items WHERE customer_id = ? AND product_id = ?');
        $exists->execute([$customerId, $productId]);
        if ($exists->fetchColumn() === false) {
            $insert = $this->pdo->prepare('INSERT INTO wishlist_items (customer_id, product_id, added_at) VALUES (?, ?, NOW())');
            $insert->execute([$customerId, $productId]);
        }
    }
}

<?php
// Legacy add-to-cart endpoint (PDO, MySQL). Two quick clicks put the same product in the cart twice.
$pdo = new PDO('mysql:host=localhost;dbname=shop', 'shop', getenv('DB_PASSWORD'));

$customerId = (int) $_SESSION['customer_id'];
$productId = (int) $_POST['product_id'];

$stmt = $pdo->prepare('SELECT id, quantity FROM cart_items WHERE customer_id = ? AND product_id = ?');
$stmt->execute([$customerId, $productId]);
$item = $stmt->fetch(PDO::FETCH_ASSOC);

if (!$item) {
    $insert = $pdo->prepare('INSERT INTO cart_items (customer_id, product_id, quantity) VALUES (?, ?, 1)');
    $insert->execute([$customerId, $productId]);
} else {
    $update = $pdo->prepare('UPDATE cart_items SET quantity = quantity + 1 WHERE id = ?');
    $update->execute([$item['id']]);
}

header('Location: /cart');

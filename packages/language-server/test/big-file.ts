/** A large, realistic PHP file: an inventory service with one check-then-act race per method. */
export interface BigFile {
  text: string;
  lines: number;
  /** How many check-then-act findings it holds. */
  races: number;
}

function method(i: number): string {
  return `
    /**
     * Reserves stock for order line ${i}: reads what is left, refuses when too little is left,
     * then writes the new quantity computed here.
     */
    public function reserveLine${i}(int $productId, int $quantity): bool
    {
        $stmt = $this->pdo->prepare('SELECT quantity, reserved FROM stock_${i % 7} WHERE product_id = ?');
        $stmt->execute([$productId]);
        $row = $stmt->fetch(PDO::FETCH_ASSOC);
        if ($row === false) {
            throw new RuntimeException("unknown product $productId");
        }
        if ($row['quantity'] - $row['reserved'] < $quantity) {
            $this->logger->info('not enough stock', ['product' => $productId, 'line' => ${i}]);
            return false;
        }
        $update = $this->pdo->prepare('UPDATE stock_${i % 7} SET reserved = ? WHERE product_id = ?');
        $update->execute([$row['reserved'] + $quantity, $productId]);
        return true;
    }
`;
}

export function bigPhpFile(minLines: number): BigFile {
  const parts = ['<?php\n// Generated inventory service: one reservation method per order line.\n\nfinal class InventoryService\n{\n    public function __construct(private PDO $pdo, private Psr\\Log\\LoggerInterface $logger)\n    {\n    }\n'];
  let lines = parts[0].split('\n').length;
  let races = 0;
  while (lines < minLines) {
    const m = method(races);
    parts.push(m);
    lines += m.split('\n').length - 1;
    races++;
  }
  parts.push('}\n');
  const text = parts.join('');
  return { text, lines: text.split('\n').length, races };
}

// Demo data for `nmf`: 600 customers' purchases over a year across 80 SKUs (`transactions`:
// customer_id, sku, qty, one row per customer and SKU with the year's quantity) and the
// product hierarchy (`products`: sku, brand, style, category).
//
// Five taste groups are planted, one per style (Classic, Outdoor, Minimal, Luxe, Kids), 16
// SKUs each, spread over five categories; each style has two brands of its own. A customer
// has a main taste and, one time in three, a second one (weight 0.3 against 0.7). They buy
// 4 + Poisson(8) distinct SKUs: with probability 0.88 from their tastes (a style by weight,
// then a SKU with popularity 1 / rank^0.8 inside it), else any SKU at random; qty is
// 1 + Poisson(0.6) per line, summed. SKU numbers are shuffled so styles do not sit in blocks.
import { DemoRandom } from './rng.ts';
import type { DemoTable } from './csv.ts';

export const transactionColumns = ['customer_id', 'sku', 'qty'] as const;
export const productColumns = ['sku', 'brand', 'style', 'category'] as const;
export const purchaseCustomerCount = 600;
export const skuCount = 80;

export const styles = ['Classic', 'Outdoor', 'Minimal', 'Luxe', 'Kids'] as const;
const categories = ['Tops', 'Bottoms', 'Shoes', 'Accessories', 'Home'];
const brandsByStyle: Record<(typeof styles)[number], [string, string]> = {
  Classic: ['Harbor & Pine', 'Wexley'],
  Outdoor: ['Ridgeline', 'Trailhead'],
  Minimal: ['Norde', 'Atelier Blanc'],
  Luxe: ['Maison Oree', 'Castellane'],
  Kids: ['Little Fern', 'Puddlejump'],
};
const skusPerStyle = skuCount / styles.length;

interface Product {
  sku: string;
  brand: string;
  style: (typeof styles)[number];
  category: string;
}

function skuCode(n: number): string {
  return `SKU-${String(n).padStart(3, '0')}`;
}

function catalogue(rng: DemoRandom): Product[] {
  const numbers = rng.shuffle(Array.from({ length: skuCount }, (_, i) => i + 1));
  const products: Product[] = [];
  styles.forEach((style, s) => {
    for (let j = 0; j < skusPerStyle; j++) {
      products.push({
        sku: skuCode(numbers[s * skusPerStyle + j]!),
        brand: brandsByStyle[style][j % 3 === 2 ? 1 : 0],
        style,
        category: categories[j % categories.length]!,
      });
    }
  });
  return products;
}

export interface TransactionsAndProducts {
  transactions: DemoTable;
  products: DemoTable;
}

export function generatePurchases(seed = 20_240_606): TransactionsAndProducts {
  const rng = new DemoRandom(seed);
  const products = catalogue(rng);
  const popularity = Array.from({ length: skusPerStyle }, (_, rank) => 1 / (rank + 1) ** 0.8);
  const transactionRows: DemoTable['rows'] = [];
  for (let c = 1; c <= purchaseCustomerCount; c++) {
    const mainTaste = rng.integer(0, styles.length - 1);
    const tasteWeights: number[] = styles.map((_, s) => (s === mainTaste ? 1 : 0));
    if (rng.chance(1 / 3)) {
      const second = (mainTaste + rng.integer(1, styles.length - 1)) % styles.length;
      tasteWeights[mainTaste] = 0.7;
      tasteWeights[second] = 0.3;
    }
    const quantities = new Map<string, number>();
    const lines = 4 + rng.poisson(8);
    for (let line = 0; line < lines; line++) {
      const product = rng.chance(0.88)
        ? products[rng.weightedIndex(tasteWeights) * skusPerStyle + rng.weightedIndex(popularity)]!
        : products[rng.integer(0, skuCount - 1)]!;
      quantities.set(product.sku, (quantities.get(product.sku) ?? 0) + 1 + rng.poisson(0.6));
    }
    const customerId = `C${String(c).padStart(4, '0')}`;
    for (const [sku, qty] of [...quantities].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      transactionRows.push([customerId, sku, qty]);
    }
  }
  const productRows = [...products]
    .sort((a, b) => (a.sku < b.sku ? -1 : 1))
    .map((p) => [p.sku, p.brand, p.style, p.category]);
  return {
    transactions: { columns: [...transactionColumns], rows: transactionRows },
    products: { columns: [...productColumns], rows: productRows },
  };
}

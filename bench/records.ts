/** Deterministic ~1 KB nested records for the benchmarks: a nested object, a list of strings, and a list of objects that each hold a list (5 rows per record over 4 tables). */
const BIO = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum. Sed ut perspiciatis unde omnis iste natus error sit voluptatem accusantium.';

export function record(i: number) {
  return {
    id: i,
    userName: `user_${i}`,
    email: `user${i}@example.com`,
    createdAt: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(),
    active: i % 3 !== 0,
    score: (i % 1000) / 7,
    profile: { city: `City ${i % 97}`, country: ['NO', 'IT', 'DE', 'US'][i % 4], bio: BIO.slice(0, 380 + (i % 40)) },
    tags: [`tag${i % 5}`, `tag${i % 11}`],
    orders: [{ orderId: `o-${i}`, amount: (i % 500) + 0.99, items: [`sku-${i % 123}`] }],
  };
}

/** Rows one record produces: users, users__tags ×2, users__orders, users__orders__items. */
export const ROWS_PER_RECORD = 5;
